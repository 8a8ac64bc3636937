import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

/**
 * `sleeve scan` as a user runs it, in its own process: the built CLI when
 * there is one (npm test builds it first), else the CLI from source through
 * tsx. crash-hooks.mjs is preloaded through NODE_OPTIONS (so worker threads
 * load it too); it and the scan's own fault points are armed only by
 * SLEEVE_FAULT_AT.
 */
const CLI = existsSync(resolve('dist/main/cli/main.js')) ? [resolve('bin/sleeve.js')] : ['--import', 'tsx', resolve('src/main/cli/main.ts')];
const HOOKS = resolve('test/library/crash-hooks.mjs');

export interface ScanRun {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface ScanProcessOptions {
  /** SLEEVE_FAULT_AT: where the process kills (or stops) itself. */
  readonly faultAt?: string;
  readonly describe?: boolean;
}

/** Starts `sleeve scan ROOTS --db DB --json --threads 1`; `done` settles when it exits. */
export function startScan(dbPath: string, roots: readonly string[], options: ScanProcessOptions = {}): { child: ChildProcess; done: Promise<ScanRun> } {
  const args = [...CLI, 'scan', ...roots, '--db', dbPath, '--json', '--threads', '1'];
  if (options.describe === false) args.push('--no-describe');
  const env = { ...process.env, SLEEVE_FAULT_AT: options.faultAt ?? '', NODE_OPTIONS: `--import=${HOOKS}` };
  const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const done = new Promise<ScanRun>((settle, fail) => {
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (chunk) => (stdout += chunk));
    child.stderr?.on('data', (chunk) => (stderr += chunk));
    child.on('error', fail);
    child.on('close', (code, signal) => settle({ code, signal, stdout, stderr }));
  });
  return { child, done };
}
