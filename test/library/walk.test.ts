import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { promises as fsp } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { walkRoot, type WalkFs } from '../../src/main/library/walk.js';
import { temporaryFolders } from '../support/temp-dirs.js';

const folders = temporaryFolders();
const tempDir = () => folders('sleeve-walk-');

describe('walking a music folder', () => {
  it('lists audio files and folder art, and skips hidden and system folders', async () => {
    const root = tempDir();
    mkdirSync(join(root, 'A', 'Album'), { recursive: true });
    mkdirSync(join(root, '.hidden'));
    mkdirSync(join(root, '$RECYCLE.BIN'));
    writeFileSync(join(root, 'A', 'Album', '01 a.mp3'), 'x');
    writeFileSync(join(root, 'A', 'Album', 'Cover.JPG'), 'x');
    writeFileSync(join(root, 'A', 'Album', 'notes.txt'), 'x');
    writeFileSync(join(root, '.hidden', 'secret.mp3'), 'x');
    writeFileSync(join(root, '$RECYCLE.BIN', 'old.mp3'), 'x');
    const result = await walkRoot(root);
    expect(result.files.map((f) => f.path)).toEqual([join(root, 'A', 'Album', '01 a.mp3')]);
    expect([...result.folderImages.values()].flat().map((i) => i.path)).toEqual([join(root, 'A', 'Album', 'Cover.JPG')]);
    expect(result.problems).toEqual([]);
  });

  it('reports a symlink loop instead of walking forever', async () => {
    const root = tempDir();
    mkdirSync(join(root, 'A'));
    writeFileSync(join(root, 'A', 'a.flac'), 'x');
    symlinkSync('..', join(root, 'A', 'up'));
    symlinkSync('self', join(root, 'self'));
    const result = await walkRoot(root);
    expect(result.files).toHaveLength(1);
    const reasons = result.problems.map((p) => `${p.path}: ${p.reason}`);
    expect(reasons).toContainEqual(expect.stringMatching(/A\/up: symlink loop/));
    expect(reasons).toContainEqual(expect.stringMatching(/self: symlink loop/));
  });

  it('keeps file names that are not valid UTF-8, as raw bytes that still open', async () => {
    const root = tempDir();
    const name = Buffer.concat([Buffer.from(`${root}/caf`), Buffer.from([0xe9]), Buffer.from('.mp3')]);
    await fsp.writeFile(name, 'bytes');
    const result = await walkRoot(root);
    expect(result.files).toHaveLength(1);
    expect(result.files[0].pathRaw.equals(name)).toBe(true);
    expect(result.files[0].path).toContain('caf\uFFFD.mp3');
    expect(await fsp.readFile(result.files[0].pathRaw, 'utf8')).toBe('bytes');
  });

  it('records an unreadable folder and goes on with the rest', async () => {
    const root = tempDir();
    mkdirSync(join(root, 'locked'));
    mkdirSync(join(root, 'open'));
    writeFileSync(join(root, 'open', 'a.ogg'), 'x');
    const fs: WalkFs = {
      readdir: async (p) => {
        if (p.toString().endsWith('/locked')) throw Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES' });
        return fsp.readdir(p, { withFileTypes: true, encoding: 'buffer' });
      },
      stat: (p) => fsp.stat(p),
    };
    const result = await walkRoot(root, fs);
    expect(result.files.map((f) => f.path)).toEqual([join(root, 'open', 'a.ogg')]);
    expect(result.problems).toEqual([expect.objectContaining({ path: join(root, 'locked'), reason: 'folder cannot be read: permission denied' })]);
    expect(result.rootReadable).toBe(true);
  });

  it('says when the music folder itself is missing', async () => {
    const result = await walkRoot(join(tempDir(), 'nope'));
    expect(result.rootReadable).toBe(false);
    expect(result.problems[0].reason).toMatch(/music folder cannot be read: it no longer exists/);
  });
});
