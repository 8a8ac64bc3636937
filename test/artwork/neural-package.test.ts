import { copyFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative, sep } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  NEURAL_DIM,
  NEURAL_MODEL_DIR,
  NEURAL_MODEL_FILES,
  loadNeuralModel,
  neuralModelPaths,
  nsfwjsRoot,
  readNeuralModelFiles,
  unpackedPath,
} from '../../src/main/artwork/neural-model.js';
import { temporaryFolders } from '../support/temp-dirs.js';

/**
 * The packaged app: electron-builder puts the modules in resources/app.asar
 * and the files listed under asarUnpack beside it, in app.asar.unpacked, at
 * the same relative paths. The neural kind reads its network from there and
 * onnxruntime loads its native library from there.
 */

const tempDir = temporaryFolders();
const PROJECT = process.cwd();

/** One list of electron-builder.yml (`files:` or `asarUnpack:`), comments left out. */
function yamlList(key: string): string[] {
  const lines = readFileSync('electron-builder.yml', 'utf8').split('\n');
  const start = lines.indexOf(`${key}:`);
  expect(start, `electron-builder.yml has a ${key} list`).toBeGreaterThanOrEqual(0);
  const items: string[] = [];
  for (const line of lines.slice(start + 1)) {
    if (/^\S/.test(line)) break;
    const item = /^\s+-\s+(.*)$/.exec(line);
    if (item) items.push(item[1].replace(/^'(.*)'$/, '$1'));
  }
  return items;
}

/** electron-builder's globs (minimatch): `**` any folders, `*` within a name, `{a,b}` alternatives. */
function globToRegExp(glob: string): RegExp {
  let pattern = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (glob.startsWith('**', i)) {
      pattern += '.*';
      i++;
    } else if (c === '*') pattern += '[^/]*';
    else if (c === '{') pattern += '(?:';
    else if (c === '}') pattern += ')';
    else if (c === ',') pattern += '|';
    else pattern += c.replace(/[.+?^$()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${pattern}$`);
}

function matchesAny(path: string, globs: readonly string[]): boolean {
  return globs.some((glob) => globToRegExp(glob).test(path));
}

/** A path inside the app as electron-builder packs it: relative to the project, with forward slashes. */
function inApp(path: string): string {
  return relative(PROJECT, path).split(sep).join('/');
}

describe('neural kind in the packaged app', () => {
  it('maps a path inside app.asar to the same path in app.asar.unpacked, and leaves other paths alone', () => {
    const resources = join(sep, 'opt', 'Sleeve', 'resources');
    expect(unpackedPath(join(resources, 'app.asar', 'node_modules', 'nsfwjs', 'dist'))).toBe(join(resources, 'app.asar.unpacked', 'node_modules', 'nsfwjs', 'dist'));
    expect(unpackedPath(join(PROJECT, 'node_modules', 'nsfwjs'))).toBe(join(PROJECT, 'node_modules', 'nsfwjs'));
    // A folder merely named like the archive is not the archive.
    expect(unpackedPath(join(sep, 'home', 'me', 'app.asar.old', 'x'))).toBe(join(sep, 'home', 'me', 'app.asar.old', 'x'));
  });

  it('unpacks the network files and onnxruntime\'s native library, and packs none of them away', () => {
    const unpack = yamlList('asarUnpack');
    const excluded = yamlList('files').filter((glob) => glob.startsWith('!')).map((glob) => glob.slice(1));
    const { topology, weights } = neuralModelPaths();
    const require = createRequire(import.meta.url);
    const ortRoot = join(require.resolve('onnxruntime-node'), '..', '..');
    const binDir = join(ortRoot, 'bin', 'napi-v6', process.platform, process.arch);
    const binding = join(binDir, 'onnxruntime_binding.node');
    expect(existsSync(binding), binding).toBe(true);
    for (const file of [topology, weights, binding]) {
      expect(matchesAny(inApp(file), unpack), `${inApp(file)} is unpacked`).toBe(true);
      expect(matchesAny(inApp(file), excluded), `${inApp(file)} is packed`).toBe(false);
    }
    // The package's entry point, through which the network is found, is packed too.
    expect(matchesAny(inApp(createRequire(import.meta.url).resolve('nsfwjs')), excluded)).toBe(false);
  });

  it('loads the network from app.asar.unpacked when the package resolves inside app.asar', () => {
    const resources = tempDir('sleeve-packaged-');
    const packagedRoot = join(resources, 'app.asar', 'node_modules', 'nsfwjs');
    const unpackedDir = join(resources, 'app.asar.unpacked', 'node_modules', 'nsfwjs', NEURAL_MODEL_DIR);
    mkdirSync(unpackedDir, { recursive: true });
    for (const file of NEURAL_MODEL_FILES) copyFileSync(join(nsfwjsRoot(), NEURAL_MODEL_DIR, file), join(unpackedDir, file));
    const paths = neuralModelPaths(packagedRoot);
    expect(paths.topology).toBe(join(unpackedDir, NEURAL_MODEL_FILES[0]));
    const model = loadNeuralModel();
    const packaged = loadNeuralModel(readNeuralModelFiles(paths));
    expect(packaged.weights.get('Conv_1/kernel')?.length).toBe(320 * NEURAL_DIM);
    expect(packaged.weights.get('Conv1/kernel')).toEqual(model.weights.get('Conv1/kernel'));
  });
});

