/**
 * The network run by onnxruntime (its CPU execution provider, inside the
 * onnxruntime-node package), from the ONNX model converted in memory from
 * the package's weights (neural-onnx.ts): nothing is written or fetched.
 */

import { createRequire } from 'node:module';
import { NEURAL_DIM, NEURAL_INPUT_SIZE, loadNeuralModel } from './neural-model.js';
import { ONNX_INPUT, ONNX_OUTPUT, convertToOnnx } from './neural-onnx.js';

type Ort = typeof import('onnxruntime-node');

const require = createRequire(import.meta.url);

export interface NeuralFeatures {
  /** Feature vectors (NEURAL_DIM values each, not normalised) of `count` 224×224 RGB pictures, row after row. */
  features(rgb: Uint8Array, count: number): Promise<Float32Array>;
  dispose(): Promise<void>;
}

const PLANE = NEURAL_INPUT_SIZE * NEURAL_INPUT_SIZE;

/** Interleaved 8-bit RGB → planar [N, 3, H, W] in [0, 1] (nsfwjs' scaling: value / 255). */
export function toPlanarInput(rgb: Uint8Array, count: number): Float32Array {
  const out = new Float32Array(count * 3 * PLANE);
  for (let n = 0; n < count; n++) {
    const src = n * PLANE * 3;
    const dst = n * PLANE * 3;
    for (let p = 0; p < PLANE; p++) {
      out[dst + p] = rgb[src + p * 3] / 255;
      out[dst + PLANE + p] = rgb[src + p * 3 + 1] / 255;
      out[dst + 2 * PLANE + p] = rgb[src + p * 3 + 2] / 255;
    }
  }
  return out;
}

/** Loads the network in onnxruntime, one thread (the pool provides the parallelism). */
export async function loadOrtFeatures(): Promise<NeuralFeatures> {
  const ort = require('onnxruntime-node') as Ort;
  const bytes = convertToOnnx(loadNeuralModel());
  const session = await ort.InferenceSession.create(bytes, {
    intraOpNumThreads: 1,
    interOpNumThreads: 1,
    executionMode: 'sequential',
    graphOptimizationLevel: 'all',
  });
  return {
    async features(rgb, count) {
      const input = new ort.Tensor('float32', toPlanarInput(rgb, count), [count, 3, NEURAL_INPUT_SIZE, NEURAL_INPUT_SIZE]);
      const result = await session.run({ [ONNX_INPUT]: input });
      const out = result[ONNX_OUTPUT];
      const data = out.data as Float32Array;
      if (data.length !== count * NEURAL_DIM) throw new Error(`the network gave ${data.length} values for ${count} pictures`);
      const copy = Float32Array.from(data);
      out.dispose();
      return copy;
    },
    async dispose() {
      await session.release();
    },
  };
}
