/**
 * The network run by TensorFlow.js, the way nsfwjs itself runs it
 * (tf.loadLayersModel on the package's layers-format files), cut at the
 * feature layer. This is the reference the other runtime is checked
 * against, on the CPU backend or the WebAssembly (SIMD) backend; the wasm
 * binaries are loaded from the package's own folder, never fetched.
 */

import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { pathToFileURL } from 'node:url';
import { NEURAL_FEATURE_LAYER, NEURAL_INPUT_SIZE, readNeuralModelFiles } from '../src/main/artwork/neural-model.js';

type Tf = typeof import('@tensorflow/tfjs');
export type TfjsBackend = 'cpu' | 'wasm';

const require = createRequire(import.meta.url);

export interface TfjsFeatures {
  /** Feature vectors (1,280 values each, not normalised) of `count` 224×224 RGB pictures, row after row. */
  features(rgb: Uint8Array, count: number): Float32Array;
  dispose(): void;
}

/** Loads the network on a tfjs backend; one instance per thread. */
export async function loadTfjsFeatures(backend: TfjsBackend): Promise<TfjsFeatures> {
  const tf = require('@tensorflow/tfjs') as Tf;
  if (backend === 'wasm') {
    // Not a dependency of the project (onnxruntime measured faster): install it to compare, see bench/neural.ts.
    const wasm = require('@tensorflow/tfjs-backend-wasm') as { setWasmPaths(prefix: string): void; setThreadsCount(n: number): void };
    const dir = dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm'));
    wasm.setWasmPaths(`${pathToFileURL(dir).href}/`);
    // One thread per worker: the pool provides the parallelism.
    wasm.setThreadsCount(1);
  }
  await tf.setBackend(backend);
  await tf.ready();

  // tfjs dequantises the weights itself here, as in nsfwjs.
  const files = readNeuralModelFiles();
  const bytes = files.weightBytes;
  const full = await tf.loadLayersModel(
    tf.io.fromMemory({
      modelTopology: files.modelTopology,
      weightSpecs: files.weightSpecs as import('@tensorflow/tfjs').io.WeightsManifestEntry[],
      weightData: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer,
    }),
  );
  const model = tf.model({ inputs: full.inputs, outputs: full.getLayer(NEURAL_FEATURE_LAYER).output });
  const side = NEURAL_INPUT_SIZE;
  return {
    features(rgb, count) {
      return tf.tidy(() => {
        // nsfwjs' own preprocessing: pixel values / 255.
        const input = tf.tensor4d(rgb, [count, side, side, 3], 'int32').toFloat().div(255);
        const out = model.predict(input) as import('@tensorflow/tfjs').Tensor;
        return out.dataSync() as Float32Array;
      });
    },
    dispose() {
      // The cut model shares the full model's layers: disposing the full one frees them all.
      full.dispose();
    },
  };
}
