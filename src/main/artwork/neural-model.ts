/**
 * The network behind the `neural` kind, read from the npm package that
 * ships it: the MobileNetV2 (Sandler et al. 2018, width 1.0, 224×224 input)
 * bundled in nsfwjs 4.4.0 (MIT). It is Keras' ImageNet MobileNetV2 fine-tuned
 * by GantMan/nsfw_model into a 5-way content classifier (drawings, hentai,
 * neutral, porn, sexy); Sleeve keeps only its feature extractor, up to the
 * 7×7 average pool before that classifier head (see docs/neural.md).
 *
 * The package stores the TensorFlow.js layers-format topology and weights
 * inside two UMD scripts (the weights as base64 of uint8-quantised values).
 * They are read as files from node_modules, never fetched.
 */

import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, sep } from 'node:path';

/** Model folder inside the nsfwjs package. */
export const NEURAL_MODEL_DIR = join('dist', 'models', 'mobilenet_v2');
export const NEURAL_MODEL_FILES = ['model.min.js', 'group1-shard1of1.min.js'] as const;
/** The network's input side, in pixels. */
export const NEURAL_INPUT_SIZE = 224;
/** The layer whose output is the descriptor: global average of the last 7×7×1280 activations. */
export const NEURAL_FEATURE_LAYER = 'average_pooling2d_1';
export const NEURAL_DIM = 1280;

export interface KerasLayer {
  readonly name: string;
  readonly class_name: string;
  readonly config: Record<string, unknown>;
  readonly inbound_nodes: unknown[];
}

export interface WeightSpec {
  readonly name: string;
  readonly shape: number[];
  readonly dtype: string;
  readonly quantization?: { readonly min: number; readonly scale: number; readonly dtype: string };
}

/** The network as the package ships it, weights dequantised to float32. */
export interface NeuralModel {
  /** Keras model JSON (modelTopology of the layers format). */
  readonly topology: { model_config: { config: { layers: KerasLayer[] } } } & Record<string, unknown>;
  readonly weightSpecs: readonly WeightSpec[];
  /** Weight name → float32 values, in the order of weightSpecs. */
  readonly weights: ReadonlyMap<string, Float32Array>;
}

/**
 * Packaged, the app's modules sit in resources/app.asar; files the runtime
 * must read as real files are unpacked beside it (electron-builder's
 * asarUnpack) under the same relative path in app.asar.unpacked.
 */
export function unpackedPath(path: string): string {
  const marker = `${sep}app.asar${sep}`;
  const at = path.indexOf(marker);
  return at < 0 ? path : `${path.slice(0, at)}${sep}app.asar.unpacked${sep}${path.slice(at + marker.length)}`;
}

/** The nsfwjs package's root folder, found by Node's resolution from this module. */
export function nsfwjsRoot(from: string = import.meta.url): string {
  const entry = createRequire(from).resolve('nsfwjs');
  const marker = `${sep}node_modules${sep}nsfwjs${sep}`;
  const at = entry.lastIndexOf(marker);
  if (at < 0) throw new Error(`nsfwjs resolved outside a node_modules folder: ${entry}`);
  return entry.slice(0, at + marker.length - 1);
}

/** Where the model's two files are, unpacked from the asar archive when packaged. */
export function neuralModelPaths(root: string = nsfwjsRoot()): { topology: string; weights: string } {
  const dir = unpackedPath(join(root, NEURAL_MODEL_DIR));
  return { topology: join(dir, NEURAL_MODEL_FILES[0]), weights: join(dir, NEURAL_MODEL_FILES[1]) };
}

/** Loads one of the package's UMD scripts (CommonJS in its folder) by its file path and returns its export. */
function umdExport(path: string): unknown {
  if (!existsSync(path)) throw new Error(`the neural network's file is missing: ${path}`);
  return createRequire(import.meta.url)(path);
}

function elements(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/** The package's files as they are: the layers-format JSON and the quantised weight bytes. */
export interface NeuralModelFiles {
  readonly modelTopology: NeuralModel['topology'];
  readonly weightSpecs: WeightSpec[];
  readonly weightBytes: Buffer;
}

export function readNeuralModelFiles(paths = neuralModelPaths()): NeuralModelFiles {
  const model = umdExport(paths.topology) as {
    modelTopology: NeuralModel['topology'];
    weightsManifest: { paths: string[]; weights: WeightSpec[] }[];
  };
  const encoded = umdExport(paths.weights);
  if (typeof encoded !== 'string') throw new Error(`unexpected weight file format in ${paths.weights}`);
  return {
    modelTopology: model.modelTopology,
    weightSpecs: model.weightsManifest.flatMap((group) => group.weights),
    weightBytes: Buffer.from(encoded, 'base64'),
  };
}

/**
 * Reads and dequantises the network: value = q · scale + min, in float32,
 * the formula of tfjs-core's io.decodeWeights for uint8 quantisation, so
 * every runtime gets the weights TensorFlow.js itself would use.
 */
export function loadNeuralModel(files = readNeuralModelFiles()): NeuralModel {
  const bytes = files.weightBytes;
  const weights = new Map<string, Float32Array>();
  let offset = 0;
  for (const spec of files.weightSpecs) {
    const n = elements(spec.shape);
    const values = new Float32Array(n);
    const q = spec.quantization;
    if (q === undefined) {
      if (spec.dtype !== 'float32') throw new Error(`unsupported weight type ${spec.dtype} for ${spec.name}`);
      new Uint8Array(values.buffer).set(bytes.subarray(offset, offset + n * 4));
      offset += n * 4;
    } else {
      if (q.dtype !== 'uint8') throw new Error(`unsupported quantisation ${q.dtype} for ${spec.name}`);
      for (let i = 0; i < n; i++) values[i] = bytes[offset + i] * q.scale + q.min;
      offset += n;
    }
    weights.set(spec.name, values);
  }
  if (offset !== bytes.length) throw new Error(`weight file holds ${bytes.length} bytes, the manifest describes ${offset}`);
  return { topology: files.modelTopology, weightSpecs: files.weightSpecs, weights };
}
