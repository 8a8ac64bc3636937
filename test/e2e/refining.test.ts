import { execFile } from 'node:child_process';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeDemoLibrary } from '../../src/main/demo/make-demo-library.js';
import { temporaryFolders } from '../support/temp-dirs.js';
import { launchChromium, startServe, type ServeProcess } from './serve-process.js';

/**
 * The neural kind in the app: a library scanned without descriptors opens in
 * browser mode, which describes the covers (the scan's kinds, then the neural
 * kind in the background): the app says "Refining…" meanwhile, and once every
 * cover has its neural vector, "looks like" follows it.
 */
const run = promisify(execFile);
const tempDir = temporaryFolders();
const DESCRIBED_MS = 180_000;

let browser: Browser;
let server: ServeProcess;

beforeAll(async () => {
  const home = tempDir('sleeve-refining-');
  const manifest = await makeDemoLibrary(join(home, 'music'), { albums: 8, seed: 5 });
  const db = join(home, 'library.db');
  await run(process.execPath, [resolve('bin/sleeve.js'), 'scan', manifest.root, '--no-describe', '--json', '--db', db], { env: { ...process.env, SLEEVE_DB: '' } });
  server = await startServe(db);
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('the app while the neural kind is computed', () => {
  it('says "Refining…" with progress, then defaults "looks like" to the neural kind', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(server.url);
    const banner = page.getByRole('status').filter({ hasText: 'Refining…' });
    await banner.waitFor({ timeout: 60_000 });
    expect(await banner.textContent()).toMatch(/covers with the neural network: \d+ of 8\./);
    await page.screenshot({ path: resolve('test-results/screenshots/13-refining.png') });
    await banner.waitFor({ state: 'detached', timeout: DESCRIBED_MS });
    const settings = await page.evaluate(async (token) => {
      const response = await fetch('/api/settings.get', { method: 'POST', headers: { 'content-type': 'application/json', 'x-sleeve-token': token }, body: '{}' });
      return (await response.json()) as { result: { descriptorWeights: Record<string, number> } };
    }, server.token);
    expect(settings.result.descriptorWeights).toEqual({ neural: 1 });
  }, DESCRIBED_MS + 60_000);
});
