/** One image file described by one kind, the way a scan describes an artwork. */

import { readFile } from 'node:fs/promises';
import { PictureError, decodePicture } from './decode.js';
import { getKind, type AnyKindName } from './kinds.js';
import { describeNeuralPicture } from './neural-pool.js';
import { WORKING_MAX_SIDE, describeImage } from './process.js';

export interface FileDescription {
  file: string;
  kind: AnyKindName;
  version: number;
  /** Size of the picture, upright. */
  width: number;
  height: number;
  /** In the kind's own precision (a scan stores these as float32). */
  vector: number[];
}

export interface DescribeFileOptions {
  /**
   * Describe the picture at its own size instead of the kind's canonical
   * size, every pixel kept: the reference fixtures are defined that way.
   */
  readonly rawSize?: boolean;
}

/**
 * Decodes an image file and computes one descriptor. Throws PictureError
 * (with a reason for the user) when the picture cannot be used.
 */
export async function describeImageFile(path: string, kindName: AnyKindName, options: DescribeFileOptions = {}): Promise<FileDescription> {
  const kind = getKind(kindName);
  const bytes = await readFile(path);
  let vector: Float32Array | Float64Array;
  let picture;
  if (kind.background) {
    // The network runs in its own worker thread, at its own input size.
    picture = await decodePicture(bytes, { maxSide: WORKING_MAX_SIDE });
    const result = await describeNeuralPicture(bytes);
    if (!result.ok) throw new PictureError(result.reason);
    vector = result.vector;
  } else if (options.rawSize) {
    picture = await decodePicture(bytes);
    vector = kind.compute(picture.rgb, picture.width, picture.height);
  } else {
    picture = await decodePicture(bytes, { maxSide: WORKING_MAX_SIDE });
    vector = await describeImage(picture, kind);
  }
  return {
    file: path,
    kind: kind.name,
    version: kind.version,
    width: picture.originalWidth,
    height: picture.originalHeight,
    vector: Array.from(vector),
  };
}
