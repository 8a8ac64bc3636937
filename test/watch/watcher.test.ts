import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LibraryWatcher } from '../../src/main/watch/watcher.js';
import { temporaryFolders } from '../support/temp-dirs.js';

const tempDir = temporaryFolders();

async function eventually(check: () => boolean, ms = 20_000): Promise<void> {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) throw new Error('not seen in time');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** A watcher over `root` that keeps every path it is handed, and counts the changes it was told of as they came. */
function watch(root: string) {
  const seen = new Set<string>();
  const activity = { count: 0 };
  const watcher = new LibraryWatcher({
    roots: [root],
    pollSeconds: 3600,
    quietMs: 100,
    onChanges: (paths) => paths.forEach((p) => seen.add(p)),
    onPoll: () => {},
    onActivity: () => activity.count++,
  });
  return { watcher, seen, activity };
}

/**
 * Folders copied in whole, the way `cp -r` or a file manager makes them:
 * each artist folder and the album and disc folders inside it at once.
 * inotify alone missed later changes inside such folders 6 times in 20.
 */
function copyIn(root: string, artists: number): string[] {
  const discs: string[] = [];
  for (let i = 0; i < artists; i++) {
    const disc = join(root, `Artist ${i}`, 'Album', 'CD1');
    mkdirSync(disc, { recursive: true });
    writeFileSync(join(disc, '01.mp3'), 'first');
    discs.push(disc);
  }
  return discs;
}

describe('watching the music folder', () => {
  it('sees later changes inside folders that were copied in whole', async () => {
    const root = tempDir('sleeve-watcher-');
    const { watcher, seen, activity } = watch(root);
    await watcher.start();
    try {
      const discs = copyIn(root, 10);
      await eventually(() => discs.every((d) => seen.has(join(root, d.slice(root.length + 1).split('/')[0]))));
      expect(activity.count).toBeGreaterThan(0);
      await eventually(() => discs.every((d) => watcher.nestedFolders().some((folder) => d.startsWith(`${folder}/`))));
      for (const disc of discs) writeFileSync(join(disc, '02.mp3'), 'retagged later');
      await eventually(() => discs.every((d) => seen.has(join(d, '02.mp3'))));
    } finally {
      await watcher.stop();
    }
    expect(watcher.nestedFolders()).toEqual([]);
  });

  it('lets go of a new folder deleted, and watches it again when it comes back', async () => {
    const root = tempDir('sleeve-watcher-again-');
    const { watcher, seen } = watch(root);
    await watcher.start();
    try {
      const [disc] = copyIn(root, 1);
      const artist = join(root, 'Artist 0');
      await eventually(() => watcher.nestedFolders().includes(artist));
      rmSync(artist, { recursive: true });
      await eventually(() => watcher.nestedFolders().length === 0);
      seen.clear();
      copyIn(root, 1);
      await eventually(() => watcher.nestedFolders().includes(artist));
      writeFileSync(join(disc, '02.mp3'), 'retagged later');
      await eventually(() => seen.has(join(disc, '02.mp3')));
    } finally {
      await watcher.stop();
    }
  });
});
