import { execFile } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { temporaryFolders } from '../support/temp-dirs.js';

const run = promisify(execFile);
const tempDir = temporaryFolders();
const CONFIG = resolve('.dependency-cruiser.cjs');
const CRUISER = resolve('node_modules/dependency-cruiser/bin/dependency-cruise.mjs');

/** Runs the layer check on a tree of files; resolves with the rule names it broke (none when it passes). */
async function brokenRules(files: Record<string, string>): Promise<string[]> {
  const root = tempDir('sleeve-layers-');
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  try {
    await run(process.execPath, [CRUISER, 'src', '--config', CONFIG, '--output-type', 'err'], { cwd: root });
    return [];
  } catch (error) {
    const output = `${(error as { stdout?: string }).stdout ?? ''}`;
    return [...new Set([...output.matchAll(/error ([a-z-]+):/g)].map((match) => match[1]))].sort();
  }
}

/** A small tree that keeps every rule. */
const CLEAN = {
  'src/shared/api.ts': "export const api = 1;\n",
  'src/main/store/db.ts': "import { api } from '../../shared/api.js';\nexport const db = api;\n",
  'src/main/index/vectors.ts': "import { db } from '../store/db.js';\nexport const vectors = db;\n",
  'src/main/playlists/build.ts': "import { vectors } from '../index/vectors.js';\nexport const build = vectors;\n",
  'src/main/api/service.ts': "import { build } from '../playlists/build.js';\nexport const service = build;\n",
  'src/main/cli/main.ts': "import { service } from '../api/service.js';\nexport const cli = service;\n",
  'src/renderer/App.tsx': "import { api } from '../shared/api.js';\nexport const app = api;\n",
};

describe('the layer check of npm test', () => {
  it('passes a tree that keeps the layers', async () => {
    expect(await brokenRules(CLEAN)).toEqual([]);
  });

  it('fails on each kind of violation, naming the rule', async () => {
    expect(
      await brokenRules({
        ...CLEAN,
        // shared reaching into Node and main
        'src/shared/bad.ts': "import { readFileSync } from 'node:fs';\nimport { db } from '../main/store/db.js';\nexport const bad = [readFileSync, db];\n",
        // the renderer reaching into main
        'src/renderer/Bad.tsx': "import { db } from '../main/store/db.js';\nexport const bad = db;\n",
        // a front end skipping the api
        'src/main/cli/bad.ts': "import { build } from '../playlists/build.js';\nexport const bad = build;\n",
        // a lower core folder importing a higher one (index → playlists closes a circle with playlists → index)
        'src/main/index/bad.ts': "import { build } from '../playlists/build.js';\nexport const bad = build;\n",
        // the core importing the api
        'src/main/store/bad.ts': "import { service } from '../api/service.js';\nexport const bad = service;\n",
      }),
    ).toEqual(
      ['core-layers-index', 'core-never-imports-front-ends', 'front-ends-through-api', 'renderer-sees-only-shared', 'shared-is-pure'].sort(),
    );
  });

  it('fails on a circle between modules and on electron outside the shell', async () => {
    expect(
      await brokenRules({
        ...CLEAN,
        'src/main/library/a.ts': "import { b } from './b.js';\nexport const a = () => b;\n",
        'src/main/library/b.ts': "import { a } from './a.js';\nexport const b = () => a;\n",
        'src/main/api/window.ts': "import { app } from 'electron';\nexport const window = app;\n",
      }),
    ).toEqual(['electron-only-in-the-shell', 'no-circular']);
  });
});
