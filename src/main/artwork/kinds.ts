/**
 * The registry of descriptor kinds. A kind fixes its algorithm and the
 * square size every picture is resampled to first (descriptors of different
 * input sizes are not comparable). Bump `version` whenever the algorithm or
 * the canonical size changes: stored vectors of an older version are then
 * recomputed.
 */

import { COLOR_DIM, colorDescriptor } from './color.js';
import { GIST_DIM } from './gist.js';
import { NEURAL_DIM, NEURAL_INPUT_SIZE } from './neural-model.js';
import { TINY_DIM, tinyDescriptor } from './tiny.js';
import { colorGist } from './wasm/gist-wasm.js';

/** Kinds the scan's pool computes from the decoded pixels. */
export type KindName = 'tiny' | 'gist' | 'color';
/** Kinds described after the scan, in the background, by their own pool (library/describe-neural.ts). */
export type BackgroundKindName = 'neural';
export type AnyKindName = KindName | BackgroundKindName;

export interface DescriptorKind {
  readonly name: KindName;
  readonly version: number;
  readonly dim: number;
  /** Side of the square picture compute() expects. */
  readonly canonicalSize: number;
  compute(rgb: Uint8Array, width: number, height: number): Float32Array | Float64Array;
  readonly background?: false;
}

/** A kind the scan's pool skips: its vectors are filled in after the scan, in the background. */
export interface BackgroundKind {
  readonly name: BackgroundKindName;
  readonly version: number;
  readonly dim: number;
  readonly canonicalSize: number;
  readonly background: true;
}

export const NEURAL_KIND: BackgroundKind = {
  name: 'neural',
  // Bump when the network, its weights, the input size or the preprocessing change.
  version: 1,
  dim: NEURAL_DIM,
  // The network's own input size (MobileNetV2 at 224×224).
  canonicalSize: NEURAL_INPUT_SIZE,
  background: true,
};

/** The kinds the scan computes. */
export const SCAN_KINDS: readonly DescriptorKind[] = [
  {
    name: 'tiny',
    version: 1,
    dim: TINY_DIM,
    // GIST's picture (one resize serves every kind); 80 → 16 is an exact
    // 5×5 box average, every cell seeing the same number of pixels.
    canonicalSize: 80,
    compute: tinyDescriptor,
  },
  {
    name: 'gist',
    version: 1,
    dim: GIST_DIM,
    // Close to the 64×64 thumbnails of the blog post, and fast: GIST's 60
    // inverse FFTs run at 80×80 (2⁴·5) and its prefilter at 90×90 (2·3²·5),
    // both 5-smooth, with 20×20 pooling blocks. 64 would pad to 74 = 2·37 and
    // 128 to 138 = 2·3·23, whose prime factors take the slower direct
    // odd-prime butterfly (bench/descriptors: 80² costs about what 64² does).
    canonicalSize: 80,
    compute: colorGist,
  },
  {
    name: 'color',
    version: 1,
    dim: COLOR_DIM,
    // GIST's picture again: 6400 pixels give a stable palette, and the
    // 3×3 layout cells are 26–27 px.
    canonicalSize: 80,
    compute: colorDescriptor,
  },
];

/** Every kind, for kind lists, mixes and indexes; the scan computes only SCAN_KINDS. */
export const DESCRIPTOR_KINDS: readonly (DescriptorKind | BackgroundKind)[] = [...SCAN_KINDS, NEURAL_KIND];

const KIND_NAMES = DESCRIPTOR_KINDS.map((kind) => kind.name);

export function isKindName(name: string): name is KindName {
  return SCAN_KINDS.some((kind) => kind.name === name);
}

export function isAnyKindName(name: string): name is AnyKindName {
  return (KIND_NAMES as string[]).includes(name);
}

/** The kind called `name`; throws for an unknown name. */
export function getKind(name: KindName): DescriptorKind;
export function getKind(name: string): DescriptorKind | BackgroundKind;
export function getKind(name: string): DescriptorKind | BackgroundKind {
  const kind = DESCRIPTOR_KINDS.find((k) => k.name === name);
  if (kind === undefined) throw new RangeError(`unknown descriptor kind "${name}" (known: ${KIND_NAMES.join(', ')})`);
  return kind;
}
