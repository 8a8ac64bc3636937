/**
 * Renderer benchmark, in Debian's Chromium against browser mode (needs
 * `npm run build` for dist/renderer):
 *  1. 1,000 albums: time from the start of navigation until the first cover
 *     is painted (goal <= 1.5 s), over fresh pages without cache;
 *  2. 5,000 albums: frame times while the wall is scrolled programmatically,
 *     flung from top to bottom and then scrolled slowly (goal: every frame
 *     < 50 ms), from requestAnimationFrame deltas, with the count of long
 *     animation frames (main-thread work >= 50 ms) beside them;
 *  3. click-to-visible-feedback: a click on a cover until the album view is
 *     painted, and on "Make playlist" until the playlist screen is (goal
 *     < 100 ms);
 *  4. the Map view at 5,000 albums: from the click on "Map" until the canvas
 *     has drawn the covers (the first time the layout is computed; then it
 *     is stored: goal <= 1 s), and frame times while it is panned and zoomed
 *     every frame (goal: median <= 16.7 ms, none over 50 ms).
 * Usage: npx tsx bench/renderer.ts [--small]   (--small: 200 / 1,000 albums)
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { openApiService } from '../src/main/api/service.js';
import { rendererDirectory } from '../src/main/serve/run.js';
import { startServer } from '../src/main/serve/server.js';
import { launchChromium } from '../test/e2e/serve-process.js';
import { makeSyntheticLibrary } from './synthetic-library.js';

const small = process.argv.includes('--small');
const FIRST_PAINT_ALBUMS = small ? 200 : 1000;
const SCROLL_ALBUMS = small ? 1000 : 5000;
const FIRST_PAINT_RUNS = 5;
const CLICK_RUNS = 10;
/** Pixels scrolled per animation frame: a fling (about a row of covers a frame), then a slow scroll where covers load as they come. */
const FLING_STEP_PX = 240;
const SLOW_STEP_PX = 24;
/** Frames of the slow scroll (about 5 s at 60 Hz). */
const SLOW_FRAMES = 300;
const FRAME_GOAL_MS = 50;
/** Frames of map panning and zooming (about 5 s at 60 Hz). */
const MAP_FRAMES = 300;
const VIEWPORT = { width: 1280, height: 800 };

interface Served {
  readonly url: string;
  close(): Promise<void>;
}

async function serve(dbPath: string): Promise<Served> {
  const service = openApiService({ databasePath: dbPath, mode: 'browser', log: () => {} });
  const server = await startServer({ service, port: 0, staticDir: rendererDirectory() });
  return {
    url: server.url,
    close: async () => {
      await server.close();
      await service.close();
    },
  };
}

function summary(values: readonly number[]): string {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  const mean = sorted.reduce((sum, v) => sum + v, 0) / sorted.length;
  return `median ${at(0.5).toFixed(1)} ms, p95 ${at(0.95).toFixed(1)} ms, max ${sorted[sorted.length - 1].toFixed(1)} ms, mean ${mean.toFixed(1)} ms (n=${sorted.length})`;
}

/*
 * The in-page measurements are strings: tsx compiles functions with name
 * helpers (__name) that do not exist in the page.
 */
const FIRST_COVER_TIMEOUT_MS = 20_000;
const AWAIT_FIRST_COVER = `new Promise((resolve, reject) => {
  const started = performance.now();
  const check = () => {
    const mark = performance.getEntriesByName('sleeve:first-cover')[0];
    if (mark) resolve(mark.startTime);
    else if (performance.now() - started > ${FIRST_COVER_TIMEOUT_MS}) reject(new Error('no cover was painted within ${FIRST_COVER_TIMEOUT_MS} ms: ' + document.body.innerText.slice(0, 300)));
    else setTimeout(check, 10);
  };
  check();
})`;

async function firstCoverMs(browser: Browser, url: string): Promise<number> {
  const context = await browser.newContext({ viewport: VIEWPORT });
  const page = await context.newPage();
  await page.goto(url);
  const ms = (await page.evaluate(AWAIT_FIRST_COVER)) as number;
  await context.close();
  return ms;
}

async function openWall(browser: Browser, url: string): Promise<Page> {
  const page = await browser.newPage({ viewport: VIEWPORT });
  await page.goto(url);
  await page.evaluate(AWAIT_FIRST_COVER);
  return page;
}

interface ScrollRun {
  readonly frames: number[];
  /** Long animation frames (>= 50 ms of main-thread work), from the LoAF API. */
  readonly longFrames: number;
  readonly tiles: number;
  readonly scrolled: number;
}

/**
 * Scrolls the wall from the top, `step` px per animation frame, for at most
 * `maxFrames` frames or to the bottom, and returns every frame's duration.
 */
async function scrollFrames(page: Page, step: number, maxFrames: number): Promise<ScrollRun> {
  return (await page.evaluate(`new Promise((resolve) => {
    const wall = document.querySelector('.wall');
    wall.scrollTop = 0;
    const long = [];
    const observer = new PerformanceObserver((list) => long.push(...list.getEntries()));
    observer.observe({ type: 'long-animation-frame' });
    const frames = [];
    let tiles = 0;
    let last = 0;
    const tick = (now) => {
      frames.push(now - last);
      last = now;
      tiles = Math.max(tiles, document.querySelectorAll('.tile').length);
      const bottom = wall.scrollHeight - wall.clientHeight;
      if (wall.scrollTop >= bottom || frames.length > ${maxFrames}) {
        observer.disconnect();
        resolve({ frames: frames.slice(1), longFrames: long.length, tiles, scrolled: wall.scrollTop });
        return;
      }
      wall.scrollTop = Math.min(bottom, wall.scrollTop + ${step});
      requestAnimationFrame(tick);
    };
    requestAnimationFrame((now) => {
      last = now;
      requestAnimationFrame(tick);
    });
  })`)) as ScrollRun;
}

/** From a click on "Map" until the map's canvas has drawn its albums (it says how many in data-drawn). */
async function mapPaintMs(page: Page): Promise<number> {
  const started = Date.now();
  await page.getByRole('button', { name: 'Map', exact: true }).click();
  await page.waitForFunction(() => Number(document.querySelector<HTMLCanvasElement>('.map-view canvas')?.dataset.drawn ?? 0) > 0, undefined, { timeout: 600_000 });
  return Date.now() - started;
}

interface MapRun {
  readonly frames: number[];
  readonly longFrames: number;
  /** Frames drawn with covers (close in) and with dots (far out). */
  readonly covers: number;
  readonly dots: number;
}

/** Pans the map one arrow-key step every frame and zooms in and out by the wheel, for `count` frames. */
async function mapFrames(page: Page, count: number): Promise<MapRun> {
  return (await page.evaluate(`new Promise((resolve) => {
    const canvas = document.querySelector('.map-view canvas');
    const rect = canvas.getBoundingClientRect();
    const long = [];
    const observer = new PerformanceObserver((list) => long.push(...list.getEntries()));
    observer.observe({ type: 'long-animation-frame' });
    const frames = [];
    let covers = 0;
    let dots = 0;
    let last = 0;
    const tick = (now) => {
      frames.push(now - last);
      last = now;
      if (canvas.dataset.detail === 'covers') covers++;
      else dots++;
      if (frames.length > ${count}) {
        observer.disconnect();
        resolve({ frames: frames.slice(1), longFrames: long.length, covers, dots });
        return;
      }
      const zoomIn = Math.floor(frames.length / 40) % 2 === 0;
      canvas.dispatchEvent(new WheelEvent('wheel', { deltaY: zoomIn ? -60 : 60, clientX: rect.left + rect.width / 2, clientY: rect.top + rect.height / 2, bubbles: true, cancelable: true }));
      canvas.dispatchEvent(new KeyboardEvent('keydown', { key: frames.length % 80 < 40 ? 'ArrowRight' : 'ArrowLeft', bubbles: true }));
      requestAnimationFrame(tick);
    };
    requestAnimationFrame((now) => {
      last = now;
      requestAnimationFrame(tick);
    });
  })`)) as MapRun;
}

/**
 * Clicks `selector` with the mouse and measures, in the page, from the click
 * event's timestamp until `visible` matches an element and a frame has been
 * painted after it.
 */
async function clickFeedbackMs(page: Page, selector: string, visible: string): Promise<number> {
  await page.evaluate(`void (window.__feedback = new Promise((resolve) => {
    document.addEventListener('click', (event) => {
      const start = event.timeStamp;
      const poll = () => {
        if (document.querySelector(${JSON.stringify(visible)})) requestAnimationFrame(() => resolve(performance.now() - start));
        else requestAnimationFrame(poll);
      };
      poll();
    }, { capture: true, once: true });
  }))`);
  await page.click(selector);
  return (await page.evaluate('window.__feedback')) as number;
}

async function main(): Promise<void> {
  if (!existsSync(join(rendererDirectory(), 'index.html'))) throw new Error('dist/renderer is missing: run `npm run build` first.');
  const dir = mkdtempSync(join(tmpdir(), 'sleeve-bench-renderer-'));
  const browser = await launchChromium();
  try {
    console.log(`Renderer benchmark (Chromium headless, viewport ${VIEWPORT.width}×${VIEWPORT.height})`);

    const firstDb = await makeSyntheticLibrary(join(dir, 'first'), FIRST_PAINT_ALBUMS);
    const first = await serve(firstDb);
    const paints: number[] = [];
    for (let run = 0; run < FIRST_PAINT_RUNS; run++) paints.push(await firstCoverMs(browser, first.url));
    console.log(`first covers painted, ${FIRST_PAINT_ALBUMS} albums: ${summary(paints)} (goal <= 1500 ms)`);

    const page = await openWall(browser, first.url);
    const albumClicks: number[] = [];
    const playlistClicks: number[] = [];
    for (let run = 0; run < CLICK_RUNS; run++) {
      albumClicks.push(await clickFeedbackMs(page, `.tile__button >> nth=${run}`, '.album h1'));
      playlistClicks.push(await clickFeedbackMs(page, 'button:has-text("Make playlist")', '.playlist h1'));
      await page.keyboard.press('Escape');
      await page.keyboard.press('Escape');
      await page.waitForSelector('.tile__button');
    }
    console.log(`click on a cover -> album view painted: ${summary(albumClicks)} (goal < 100 ms)`);
    console.log(`click on "Make playlist" -> playlist view painted: ${summary(playlistClicks)} (goal < 100 ms)`);
    await page.close();
    await first.close();

    const scrollDb = await makeSyntheticLibrary(join(dir, 'scroll'), SCROLL_ALBUMS);
    const scrolling = await serve(scrollDb);
    const wall = await openWall(browser, scrolling.url);
    for (const [name, step, frames] of [
      ['fling', FLING_STEP_PX, Number.POSITIVE_INFINITY],
      ['slow scroll', SLOW_STEP_PX, SLOW_FRAMES],
    ] as const) {
      const run = await scrollFrames(wall, step, frames);
      const over = run.frames.filter((ms) => ms >= FRAME_GOAL_MS).length;
      console.log(
        `${name} over the wall of ${SCROLL_ALBUMS} albums (${Math.round(run.scrolled).toLocaleString('en')} px, ${step} px/frame, at most ${run.tiles} tiles in the DOM): ` +
          `${summary(run.frames)}; frames >= ${FRAME_GOAL_MS} ms: ${over}; long animation frames: ${run.longFrames} (goal: every frame < ${FRAME_GOAL_MS} ms)`,
      );
    }

    const firstOpen = await mapPaintMs(wall);
    await wall.getByRole('button', { name: 'Library', exact: true }).click();
    const reopens: number[] = [];
    for (let run = 0; run < FIRST_PAINT_RUNS; run++) {
      reopens.push(await mapPaintMs(wall));
      await wall.getByRole('button', { name: 'Library', exact: true }).click();
    }
    console.log(`Map of ${SCROLL_ALBUMS} albums, first paint: ${firstOpen} ms the first time (layout computed in a worker), then ${summary(reopens)} (stored; goal <= 1000 ms)`);
    await mapPaintMs(wall);
    const map = await mapFrames(wall, MAP_FRAMES);
    const mapOver = map.frames.filter((ms) => ms >= FRAME_GOAL_MS).length;
    console.log(
      `Map pan and zoom every frame (${map.covers} frames with covers, ${map.dots} with dots): ${summary(map.frames)}; frames >= ${FRAME_GOAL_MS} ms: ${mapOver}; ` +
        `long animation frames: ${map.longFrames} (goal: median <= 16.7 ms, none >= ${FRAME_GOAL_MS} ms)`,
    );
    await wall.close();
    await scrolling.close();
  } finally {
    await browser.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
