import { spawn } from 'node:child_process';
import { cpSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeDemoLibrary } from '../../src/main/demo/make-demo-library.js';
import { temporaryFolders } from '../support/temp-dirs.js';

const tempDir = temporaryFolders();
/** Generous for a loaded machine: the scan of what lands describes its cover too. */
const SEEN_MS = 90_000;
const TEST_MS = 240_000;

describe('sleeve scan --watch', () => {
  it('scans, then adds an album whose folder lands while it watches, until Ctrl+C', async () => {
    if (!existsSync(resolve('dist/main/cli/main.js'))) throw new Error('the core is not built: run `npm run build` (npm test does it first)');
    const home = tempDir('sleeve-scan-watch-');
    const music = await makeDemoLibrary(join(home, 'music'), { albums: 2, seed: 3 });
    const more = await makeDemoLibrary(join(home, 'more'), { albums: 1, seed: 4 });
    // The first scan reads tags only (what is watched for is the point here); the folder that lands is scanned as the app would.
    const child = spawn(process.execPath, [resolve('bin/sleeve.js'), 'scan', music.root, '--no-describe', '--watch', '--db', join(home, 'library.db')], {
      env: { ...process.env, SLEEVE_DB: '' },
    });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
    const until = async (pattern: RegExp) => {
      for (const started = Date.now(); !pattern.test(out); ) {
        if (Date.now() - started > SEEN_MS || child.exitCode !== null) throw new Error(`never printed ${pattern}:\n${out}`);
        await new Promise((wait) => setTimeout(wait, 100));
      }
    };
    await until(/Watching 1 music folder for changes; Ctrl\+C stops\./);
    expect(out).toMatch(/^Scanned: \d+ tracks, 2 albums/m);
    cpSync(join(more.root, more.albums[0].dir), join(music.root, 'Arrived'), { recursive: true });
    await until(/: \d+ tracks, 3 albums, \d+ covers \(\+1 albums, \+\d+ tracks\)/);
    child.kill('SIGINT');
    expect(await exited).toBe(0);
  }, TEST_MS);
});
