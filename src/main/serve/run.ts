import { spawn } from 'node:child_process';
import { promises as fsp } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { openWorkerService } from '../api/remote-service.js';
import { startServer, type RunningServer } from './server.js';

export interface RunServeOptions {
  readonly databasePath: string;
  /** 0 picks a free port. */
  readonly port: number;
  /** Open the URL in the default browser. */
  readonly open: boolean;
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** Resolves the run when aborted (otherwise SIGINT/SIGTERM end it). */
  readonly signal?: AbortSignal;
}

/**
 * The built renderer, dist/renderer at the package root: three levels up
 * from this file both in dist/main/serve (compiled) and in src/main/serve
 * (run from source by tsx).
 */
export function rendererDirectory(): string {
  return fileURLToPath(new URL('../../../dist/renderer/', import.meta.url));
}

/** xdg-open, open or start: whatever opens a URL on this system. */
function openInBrowser(url: string, stderr: (text: string) => void): void {
  const [command, args] =
    process.platform === 'darwin' ? ['open', [url]] : process.platform === 'win32' ? ['cmd', ['/c', 'start', '""', url]] : ['xdg-open', [url]];
  const child = spawn(command, args, { detached: true, stdio: 'ignore' });
  child.on('error', () => stderr(`sleeve: could not open a browser (${command}); open the URL above yourself.\n`));
  child.unref();
}

/**
 * `sleeve serve`: opens the library in a worker thread, serves the renderer
 * and the API on 127.0.0.1 from this one, prints the URL (token included) as
 * its first line, rescans the music folders in the background, and runs
 * until interrupted. This thread only routes requests and streams files, so
 * a scan or an index build never holds up an answer.
 */
export async function runServe(options: RunServeOptions): Promise<void> {
  const staticDir = rendererDirectory();
  const service = await openWorkerService({ databasePath: options.databasePath, mode: 'browser', log: (m) => options.stderr(`sleeve: ${m}\n`) });
  let server: RunningServer;
  try {
    server = await startServer({ service, port: options.port, staticDir });
  } catch (error) {
    await service.close();
    throw error;
  }
  options.stdout(`${server.url}\n`);
  options.stderr(`Sleeve is serving ${options.databasePath} on 127.0.0.1 only. Open the URL above; Ctrl+C stops it.\n`);
  if (!(await fsp.access(`${staticDir}/index.html`).then(() => true, () => false))) {
    options.stderr('sleeve: the renderer is not built (dist/renderer is missing): run `npm run build` first.\n');
  }
  if (options.open) openInBrowser(server.url, options.stderr);
  service.scanIfLibrary();

  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    options.signal?.addEventListener('abort', stop, { once: true });
  });
  await server.close();
  await service.close();
}
