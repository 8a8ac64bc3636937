import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';
import { makeTestLibrary, type TestLibraryManifest } from '../fixtures/make-test-library.js';

declare module 'vitest' {
  export interface ProvidedContext {
    testLibrary: TestLibraryManifest;
  }
}

/**
 * Makes the ffmpeg-encoded test library once for the whole run (the
 * generator reuses a complete earlier output). Tests that change files copy
 * it first; the shared copy is only ever read.
 */
export default async function setup(project: TestProject): Promise<void> {
  // The WebAssembly kernels (GIST) are build output: `npm test` builds them, a bare `vitest` run here.
  execFileSync(process.execPath, [fileURLToPath(new URL('../../scripts/build-wasm.js', import.meta.url))], { stdio: 'inherit' });
  const manifest = await makeTestLibrary(join(tmpdir(), 'sleeve-test-library'));
  project.provide('testLibrary', manifest);
}
