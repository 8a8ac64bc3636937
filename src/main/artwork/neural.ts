/**
 * The `neural` descriptor: the 1,280 global-average-pooled activations of
 * MobileNetV2 (see neural-model.ts) for the cover brought to 224×224,
 * L2-normalised. Runs on onnxruntime, one model per worker thread
 * (neural-worker.ts); pictures are decoded like every other kind's
 * (decode.ts: EXIF orientation, CMYK, grey, 16-bit and alpha handled, huge
 * pictures refused before decoding).
 */

import { PictureError, decodePicture, toCanonicalSize } from './decode.js';
import { NEURAL_DIM, NEURAL_INPUT_SIZE } from './neural-model.js';
import { loadOrtFeatures, type NeuralFeatures } from './neural-ort.js';
import { THUMBNAIL_SIDE } from './thumbnail.js';

export type NeuralResult = { ok: true; vector: Float32Array } | { ok: false; reason: string };

/** Scales a row to unit Euclidean length in place (an all-zero row stays zero). */
export function l2Normalise(vector: Float32Array): Float32Array {
  let sum = 0;
  for (let i = 0; i < vector.length; i++) sum += vector[i] * vector[i];
  if (sum > 0) {
    const inv = 1 / Math.sqrt(sum);
    for (let i = 0; i < vector.length; i++) vector[i] *= inv;
  }
  return vector;
}

/** The network's input for one picture: decoded as for every kind, then 224×224 interleaved RGB. */
export async function neuralInput(bytes: Uint8Array): Promise<Uint8Array> {
  // Decoded at most thumbnail-sized, as the scan's pool decodes (shrink-on-load for big JPEGs).
  const picture = await decodePicture(bytes, { maxSide: THUMBNAIL_SIDE });
  return (await toCanonicalSize(picture, NEURAL_INPUT_SIZE)).rgb;
}

export class NeuralDescriber {
  private constructor(private readonly network: NeuralFeatures) {}

  static async load(): Promise<NeuralDescriber> {
    return new NeuralDescriber(await loadOrtFeatures());
  }

  /** Unit-length vectors of 224×224 RGB pictures (count of them, row after row). */
  async describePixels(rgb: Uint8Array, count: number): Promise<Float32Array[]> {
    const features = await this.network.features(rgb, count);
    return Array.from({ length: count }, (_, i) => l2Normalise(features.slice(i * NEURAL_DIM, (i + 1) * NEURAL_DIM)));
  }

  /**
   * Describes a batch of pictures in one run of the network. A picture that
   * cannot be used gets its reason; the others are described all the same.
   */
  async describe(pictures: readonly Uint8Array[]): Promise<NeuralResult[]> {
    const results: NeuralResult[] = new Array(pictures.length);
    const inputs: Uint8Array[] = [];
    const slots: number[] = [];
    for (let i = 0; i < pictures.length; i++) {
      try {
        inputs.push(await neuralInput(pictures[i]));
        slots.push(i);
      } catch (error) {
        if (!(error instanceof PictureError)) throw error;
        results[i] = { ok: false, reason: error.reason };
      }
    }
    if (inputs.length > 0) {
      const side = NEURAL_INPUT_SIZE * NEURAL_INPUT_SIZE * 3;
      const batch = new Uint8Array(inputs.length * side);
      inputs.forEach((input, k) => batch.set(input, k * side));
      const vectors = await this.describePixels(batch, inputs.length);
      slots.forEach((slot, k) => (results[slot] = { ok: true, vector: vectors[k] }));
    }
    return results;
  }

  async dispose(): Promise<void> {
    await this.network.dispose();
  }
}
