import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
  const manifest = await makeTestLibrary(join(tmpdir(), 'sleeve-test-library'));
  project.provide('testLibrary', manifest);
}
