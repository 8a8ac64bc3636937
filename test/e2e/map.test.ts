import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AtlasPoint, AtlasState } from '../../src/shared/api-atlas.js';
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

async function api<T>(method: string, body: object = {}): Promise<T> {
  const response = await fetch(`${server.origin}/api/${method}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${server.token}` },
    body: JSON.stringify(body),
  });
  const answer = (await response.json()) as { ok: boolean; result: T; error?: { message: string } };
  if (!answer.ok) throw new Error(answer.error?.message);
  return answer.result;
}

/** Where a point of the map is on the page, from the view the canvas reports. */
async function onPage(point: AtlasPoint): Promise<{ x: number; y: number }> {
  const canvas = page.locator('.map-view__canvas');
  const box = (await canvas.boundingBox())!;
  const [scale, tx, ty] = await Promise.all(['scale', 'tx', 'ty'].map(async (name) => Number(await canvas.getAttribute(`data-${name}`))));
  return { x: box.x + tx + point.x * scale, y: box.y + ty + point.y * scale };
}

async function view(): Promise<{ scale: number; tx: number; ty: number }> {
  const canvas = page.locator('.map-view__canvas');
  const [scale, tx, ty] = await Promise.all(['scale', 'tx', 'ty'].map(async (name) => Number(await canvas.getAttribute(`data-${name}`))));
  return { scale, tx, ty };
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sleeve-e2e-map-'));
  mkdirSync(SCREENSHOTS, { recursive: true });
  library = await makeDemoLibrary(join(dir, 'music'), { albums: ALBUMS, seed: 5 });
  server = await startServe(join(dir, 'data', 'library.db'));
  await api('library.roots.add', { path: library.root });
  await api('scan.start');
  const until = Date.now() + SCAN_TIMEOUT_MS;
  while ((await api<{ running: boolean }>('scan.progress')).running) {
    if (Date.now() > until) throw new Error('the scan did not finish');
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('the Map view', () => {
  it('shows the covers on a map that pans, zooms, names and opens albums, and draws journeys', { timeout: 180_000 }, async () => {
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(server.url);
    await page.getByRole('button', { name: 'Map', exact: true }).click();
    // The first look lays the map out in the background; the view shows it when it is ready.
    let state = await api<AtlasState>('atlas.get');
    while (state.running) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      state = await api<AtlasState>('atlas.get');
    }
    const points = state.map!.points;
    const withCover = library.albums.filter((album) => album.cover !== 'none').length;
    expect(points).toHaveLength(withCover);
    const canvas = page.locator('.map-view__canvas');
    await expect.poll(() => canvas.getAttribute('data-points'), { timeout: 30_000 }).toBe(String(withCover));
    await page.getByRole('status').filter({ hasText: `${withCover} albums` }).waitFor();
    await expect.poll(() => canvas.getAttribute('data-detail')).toBe('covers');
    await expect.poll(() => canvas.getAttribute('data-drawn')).toBe(String(withCover));
    // Every cover picture has arrived before the picture is kept.
    await page.waitForFunction(() => performance.getEntriesByType('resource').filter((e) => e.name.includes('/media/cover/')).length >= 1);
    await page.waitForTimeout(500);
    await page.screenshot({ path: join(SCREENSHOTS, 'map-01.png') });

    // Hovering a cover names its album and artist.
    const first = points[0];
    let at = await onPage(first);
    await page.mouse.move(at.x, at.y);
    const tip = page.getByRole('tooltip');
    await expect.poll(() => tip.textContent()).toContain(first.album);
    expect(await tip.textContent()).toContain(first.artist);

    // Dragging pans by as much as the mouse moved.
    const before = await view();
    await page.mouse.move(640, 60 + 400);
    await page.mouse.down();
    await page.mouse.move(700, 60 + 430, { steps: 5 });
    await page.mouse.up();
    const panned = await view();
    expect(panned.tx - before.tx).toBeCloseTo(60, 0);
    expect(panned.ty - before.ty).toBeCloseTo(30, 0);

    // The wheel zooms in about the pointer, the keyboard zooms and moves, 0 shows it all again.
    await page.mouse.move(640, 450);
    await page.mouse.wheel(0, -400);
    await expect.poll(async () => (await view()).scale).toBeGreaterThan(panned.scale * 1.5);
    await canvas.focus();
    const zoomed = await view();
    await page.keyboard.press('-');
    await expect.poll(async () => (await view()).scale).toBeLessThan(zoomed.scale);
    const out = await view();
    await page.keyboard.press('ArrowLeft');
    await expect.poll(async () => (await view()).tx).toBeCloseTo(out.tx + 60, 0);
    await page.keyboard.press('0');
    await expect.poll(async () => (await view()).scale).toBeCloseTo(before.scale, 2);
    await page.screenshot({ path: join(SCREENSHOTS, 'map-02-fitted.png') });

    // A click on a cover opens its album.
    at = await onPage(first);
    await page.mouse.click(at.x, at.y);
    await page.getByRole('heading', { level: 1, name: first.album }).waitFor();
    await page.keyboard.press('Escape');
    await expect.poll(() => canvas.getAttribute('data-points')).toBe(String(withCover));

    // A line drawn with Shift from one cover to another makes a journey between them.
    const from = points[0];
    const to = points.reduce((far, p) => ((p.x - from.x) ** 2 + (p.y - from.y) ** 2 > (far.x - from.x) ** 2 + (far.y - from.y) ** 2 ? p : far));
    const a = await onPage(from);
    const b = await onPage(to);
    await page.keyboard.down('Shift');
    await page.mouse.move(a.x, a.y);
    await page.mouse.down();
    await page.mouse.move((a.x + b.x) / 2, (a.y + b.y) / 2 + 20, { steps: 6 });
    await page.mouse.move(b.x, b.y, { steps: 6 });
    await page.mouse.up();
    await page.keyboard.up('Shift');
    await page.getByText('Journey', { exact: true }).waitFor();
    const heading = page.getByRole('heading', { level: 1 });
    await expect.poll(() => heading.textContent(), { timeout: 30_000 }).toContain(from.album);
    expect(await heading.textContent()).toContain(to.album);
    await page.locator('.playlist .strip__item').first().waitFor();
    await page.screenshot({ path: join(SCREENSHOTS, 'map-03-journey.png') });
    expect(pageErrors).toEqual([]);
  });

  it('sets the playlist folder, and opens, rebuilds, writes and forgets a saved playlist', { timeout: 120_000 }, async () => {
    const folder = join(dir, 'playlists');
    mkdirSync(folder);
    await page.getByRole('button', { name: 'Playlists', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Playlists' }).waitFor();
    await page.getByLabel('Playlist folder (full path)').fill(folder);
    await page.getByRole('button', { name: 'Use this folder' }).click();
    await page.getByText(`Playlists are written to ${folder}`).waitFor();

    const state = await api<AtlasState>('atlas.get');
    const seed = state.map!.points[0];
    const built = await api<{ seed: number; tracks: { trackId: number }[] }>('playlists.build', { albumId: seed.albumId, length: 5 });
    await api('playlists.saved.save', {
      name: `Looks like ${seed.album}`,
      recipe: { method: 'playlists.build', args: { albumId: seed.albumId, length: 5, seed: built.seed } },
      trackIds: built.tracks.map((t) => t.trackId),
    });
    await page.getByRole('button', { name: 'Map', exact: true }).click();
    await page.getByRole('button', { name: 'Playlists', exact: true }).click();
    const item = page.getByRole('listitem', { name: `Looks like ${seed.album}` });
    await item.waitFor();

    await item.getByRole('button', { name: 'Rebuild' }).click();
    await page.getByText(`Rebuilt "Looks like ${seed.album}": 5 tracks.`).waitFor();
    await item.getByRole('button', { name: 'Write file' }).click();
    const written = join(folder, `Looks like ${seed.album}.m3u8`);
    await page.getByText(`Wrote 5 tracks to ${written}`).waitFor();
    await page.screenshot({ path: join(SCREENSHOTS, 'playlists-01.png') });
    // Writing again finds the file there: it is replaced only when the user says so.
    await item.getByRole('button', { name: 'Write file' }).click();
    await item.getByRole('button', { name: 'Replace the existing file' }).click();
    await page.getByText(`Wrote 5 tracks to ${written}`).waitFor();
    await item.getByRole('button', { name: 'Forget and delete the file' }).click();
    await page.getByText(`Removed ${written}`).waitFor();
    expect(existsSync(written)).toBe(false);
    await page.getByText('No saved playlists yet.').waitFor();
  });
});
