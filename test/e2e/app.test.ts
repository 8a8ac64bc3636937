import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeDemoLibrary, type DemoLibraryManifest } from '../../src/main/demo/make-demo-library.js';
import { launchChromium, startServe, type ServeProcess } from './serve-process.js';

const SCREENSHOTS = fileURLToPath(new URL('../../test-results/screenshots/', import.meta.url));
const ALBUMS = 12;
const SCAN_TIMEOUT_MS = 120_000;

let dir: string;
let library: DemoLibraryManifest;
let server: ServeProcess;
let browser: Browser;
let page: Page;

async function shot(name: string): Promise<void> {
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`) });
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sleeve-e2e-'));
  mkdirSync(SCREENSHOTS, { recursive: true });
  library = await makeDemoLibrary(join(dir, 'music'), { albums: ALBUMS, seed: 11 });
  server = await startServe(join(dir, 'data', 'library.db'));
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('the app in browser mode', () => {
  it('adds a folder, scans it, browses the covers and exports a playlist whose entries are library files', async () => {
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') pageErrors.push(message.text());
    });
    page.on('response', async (response) => {
      if (response.status() >= 400) pageErrors.push(`${response.status()} ${new URL(response.url()).pathname}: ${await response.text()}`);
    });

    // First run: the welcome screen asks for a folder (a path field in browser mode).
    await page.goto(server.url);
    await page.getByRole('heading', { name: 'Welcome to Sleeve' }).waitFor();
    expect(new URL(page.url()).hash).toBe('');
    await shot('01-welcome');
    await page.getByLabel('Music folder (full path)').fill(library.root);
    await page.getByRole('button', { name: 'Add a music folder' }).click();

    // The scan shows its progress, then its summary.
    await page.getByRole('heading', { name: /Scanning your music|Scan finished/ }).waitFor();
    await shot('02-scan');
    await page.getByRole('heading', { name: 'Scan finished' }).waitFor({ timeout: SCAN_TIMEOUT_MS });
    await shot('03-scan-done');
    await page.getByRole('button', { name: 'Show the covers' }).click();

    // The wall: one tile per album, covers loaded.
    const tiles = page.locator('.tile__button');
    await expect.poll(() => tiles.count()).toBe(ALBUMS);
    await page.waitForFunction(() => [...document.querySelectorAll<HTMLImageElement>('.tile img')].every((img) => img.complete && img.naturalWidth > 0));
    await page.getByText(`${ALBUMS} albums`).waitFor();
    await shot('04-wall');

    // Search narrows the wall by artist or album.
    const someone = library.albums[0];
    await page.getByLabel('Search artist or album').fill(someone.title);
    await expect.poll(() => tiles.count()).toBeLessThan(ALBUMS);
    await expect.poll(() => tiles.first().getAttribute('aria-label')).toContain(someone.title);
    await page.getByLabel('Search artist or album').fill('');
    await expect.poll(() => tiles.count()).toBe(ALBUMS);

    // Keyboard: arrows move the focus, Enter opens, Esc comes back to the same tile.
    await tiles.first().focus();
    await page.keyboard.press('ArrowRight');
    const second = await page.evaluate(() => document.activeElement?.getAttribute('aria-label'));
    expect(second).toBe(await tiles.nth(1).getAttribute('aria-label'));
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: (second ?? '').split(' by ')[0] }).waitFor();
    await page.keyboard.press('Escape');
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe(second);

    // An album with an embedded cover: where it came from, and the covers that look like it.
    const embedded = library.albums.find((album) => album.cover === 'embedded' && !album.compilation) ?? library.albums[0];
    await page.getByRole('button', { name: `${embedded.title} by ${embedded.albumArtist}` }).click();
    await page.getByRole('heading', { level: 1, name: embedded.title }).waitFor();
    await page.getByText(/Embedded in the tags of/).waitFor();
    const similar = page.locator('.similar .strip__item');
    await expect.poll(() => similar.count(), { timeout: 30_000 }).toBeGreaterThan(0);
    // Similarity reads as a rank in the library, nearest first, not as a raw cosine.
    const ranks = (await similar.locator('.strip__meta').allTextContents()).map((text) => Number(/closer than (\d+)% of your albums/.exec(text)?.[1]));
    expect(ranks.every((rank) => rank >= 0 && rank <= 100)).toBe(true);
    expect(ranks).toEqual([...ranks].sort((a, b) => b - a));
    await shot('05-album');

    // Each similar cover opens its album; Esc goes back.
    const otherTitle = (await similar.first().locator('.strip__title').textContent()) ?? '';
    await similar.first().click();
    await page.getByRole('heading', { level: 1, name: otherTitle }).waitFor();
    await shot('06-similar-album');
    await page.keyboard.press('Escape');
    await page.getByRole('heading', { level: 1, name: embedded.title }).waitFor();

    // Make a playlist: a strip of covers and a track list; tracks can be previewed and removed.
    await page.getByRole('button', { name: 'Make playlist' }).click();
    const rows = page.getByRole('list', { name: 'Playlist tracks' }).locator('li');
    await expect.poll(() => rows.count(), { timeout: 30_000 }).toBeGreaterThan(2);
    await expect.poll(() => page.locator('.playlist .strip__item').count()).toBeGreaterThan(1);
    const audio = page.waitForResponse((response) => response.url().includes('/media/track/'));
    await rows.first().getByRole('button', { name: /^Preview / }).click();
    expect([200, 206]).toContain((await audio).status());
    await shot('07-playlist');

    // Kept with its recipe, it is listed in the Playlists view (no playlist folder yet: nothing is written).
    await page.getByRole('button', { name: 'Keep in Playlists' }).click();
    await page.getByRole('status').filter({ hasText: /^Kept in Playlists/ }).waitFor();
    const before = await rows.count();
    await rows.nth(1).getByRole('button', { name: /^Remove / }).click();
    await expect.poll(() => rows.count()).toBe(before - 1);

    // Export as M3U8 with relative paths (a path field in browser mode).
    const out = join(dir, 'playlists', 'looks-like.m3u8');
    mkdirSync(dirname(out), { recursive: true });
    await page.getByLabel('Save as (full path of the playlist file)').fill(out);
    await page.getByRole('button', { name: 'Save playlist' }).click();
    await page.getByText(`Saved ${before - 1} tracks to ${out}`).waitFor();
    await shot('08-export');

    const entries = readFileSync(out, 'utf8')
      .split('\n')
      .filter((line) => line.length > 0 && !line.startsWith('#'));
    expect(entries).toHaveLength(before - 1);
    const libraryFiles = new Set(library.tracks.map((track) => resolve(library.root, track.path)));
    for (const entry of entries) {
      expect(entry.startsWith('/'), `${entry} should be relative`).toBe(false);
      expect(libraryFiles.has(resolve(dirname(out), entry)), entry).toBe(true);
    }

    // Journey: pick a second album, get a playlist that goes from one to the other.
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: 'Journey…' }).click();
    const destination = library.albums.find((album) => album.cover !== 'none' && album.title !== embedded.title) ?? library.albums[1];
    await page.getByPlaceholder('Search an album or artist').fill(destination.title);
    await page.locator('.picker__item', { hasText: destination.title }).first().click();
    await page.getByText('Journey', { exact: true }).waitFor();
    await expect.poll(() => rows.count(), { timeout: 30_000 }).toBeGreaterThan(1);
    await shot('09-journey');

    // Settings and insights render; the dark theme applies.
    await page.getByRole('button', { name: 'Settings' }).click();
    await page.getByRole('heading', { name: 'Music folders' }).waitFor();
    await page.getByText(library.root).waitFor();
    await shot('10-settings');
    await page.getByLabel('Dark').click();
    await expect.poll(() => page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    await page.getByRole('button', { name: 'Insights' }).click();
    await page.getByRole('heading', { name: 'Insights', level: 1 }).waitFor();
    await page.getByRole('heading', { name: 'What playlists use' }).waitFor();
    await page.getByText(/^Cover similarity .* genre here/).waitFor({ timeout: 30_000 });
    await shot('11-insights');
    await page.getByRole('button', { name: 'Library' }).click();
    await expect.poll(() => tiles.count()).toBe(ALBUMS);
    await shot('12-wall-dark');

    expect(pageErrors).toEqual([]);
  }, 240_000);
});
