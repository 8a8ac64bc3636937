import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser } from 'playwright-core';

const REPO = fileURLToPath(new URL('../..', import.meta.url));
const STARTUP_MS = 30_000;

export interface ServeProcess {
  /** The URL printed first, token included. */
  readonly url: string;
  readonly origin: string;
  readonly token: string;
  /** Everything the process wrote to stderr so far. */
  stderr(): string;
  stop(): Promise<void>;
}

/** The end-to-end tests run the built CLI, as a user would. */
export function assertBuilt(): void {
  for (const file of ['dist/main/cli/main.js', 'dist/renderer/index.html']) {
    if (!existsSync(`${REPO}/${file}`)) throw new Error(`${file} is missing: run \`npm run build\` before the end-to-end tests.`);
  }
}

/** Starts `node bin/sleeve.js serve --port 0 --db <dbPath>` and waits for the URL on its first line. */
export async function startServe(dbPath: string): Promise<ServeProcess> {
  assertBuilt();
  const child: ChildProcessWithoutNullStreams = spawn(process.execPath, ['bin/sleeve.js', 'serve', '--port', '0', '--db', dbPath], {
    cwd: REPO,
    env: { ...process.env, SLEEVE_DB: '' },
  });
  let errors = '';
  child.stderr.on('data', (chunk: Buffer) => {
    errors += chunk.toString();
  });
  const firstLine = await new Promise<string>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout });
    const timer = setTimeout(() => reject(new Error(`sleeve serve printed no URL within ${STARTUP_MS} ms:\n${errors}`)), STARTUP_MS);
    lines.once('line', (line) => {
      clearTimeout(timer);
      resolve(line);
    });
    child.once('exit', (code) => reject(new Error(`sleeve serve exited (${code}) before printing its URL:\n${errors}`)));
  });
  const url = new URL(firstLine);
  const token = /token=([^&]+)/.exec(url.hash)?.[1];
  if (!token) throw new Error(`the first line has no token: ${firstLine}`);
  return {
    url: firstLine,
    origin: url.origin,
    token,
    stderr: () => errors,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** Debian's Chromium, headless, with everything that would reach the network turned off. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--headless=new',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}
