/**
 * Writes test/fixtures/neural/expected.json: the neural kind's reference
 * vectors of the fixture pictures (test/fixtures/gist/*.png), computed
 * through the network's own reference path, TensorFlow.js (nsfwjs' way of
 * loading the package's layers-format model, on the CPU backend), from the
 * 224×224 pixels the pipeline feeds the network, L2-normalised.
 *
 *   npx tsx scripts/neural-reference.ts
 *
 * Run again when the network, the kind's version or the decoding changes.
 */

import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { NEURAL_KIND } from '../src/main/artwork/kinds.js';
import { l2Normalise, neuralInput } from '../src/main/artwork/neural.js';
import { NEURAL_DIM, NEURAL_INPUT_SIZE } from '../src/main/artwork/neural-model.js';
import { loadTfjsFeatures } from './neural-tfjs.js';

const FIXTURES = 'test/fixtures/gist';
const OUT = 'test/fixtures/neural/expected.json';
/** Decimal places kept: far below the 1e-4 the tests allow. */
const PLACES = 7;

const files = readdirSync(FIXTURES).filter((f) => /^p\d+_.*\.png$/.test(f)).sort();
const side = NEURAL_INPUT_SIZE * NEURAL_INPUT_SIZE * 3;
const batch = new Uint8Array(files.length * side);
for (const [i, file] of files.entries()) batch.set(await neuralInput(readFileSync(join(FIXTURES, file))), i * side);

const network = await loadTfjsFeatures('cpu');
const features = network.features(batch, files.length);
const vectors: Record<string, number[]> = {};
for (const [i, file] of files.entries()) {
  const vector = l2Normalise(features.slice(i * NEURAL_DIM, (i + 1) * NEURAL_DIM));
  vectors[basename(file)] = Array.from(vector, (v) => Number(v.toFixed(PLACES)));
}
writeFileSync(
  OUT,
  `${JSON.stringify({ kind: NEURAL_KIND.name, version: NEURAL_KIND.version, computedWith: 'scripts/neural-reference.ts (TensorFlow.js CPU backend)', vectors })}\n`,
);
process.stdout.write(`wrote ${OUT}: ${files.length} vectors\n`);
