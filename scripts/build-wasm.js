#!/usr/bin/env node
// Compiles the AssemblyScript sources in assembly/ to dist/wasm/*.wasm (part
// of `npm run build`; the binaries are build output, never committed).
// Skips a module whose .wasm is newer than its source and this script.
import { mkdirSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const MODULES = ['gist'];

function modified(path) {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return -1;
  }
}

mkdirSync(`${root}dist/wasm`, { recursive: true });
for (const name of MODULES) {
  const source = `${root}assembly/${name}.ts`;
  const output = `${root}dist/wasm/${name}.wasm`;
  if (modified(output) > Math.max(modified(source), modified(fileURLToPath(import.meta.url)))) continue;
  // Loaded only when something is to be built: the compiler takes a while to load.
  const { default: asc } = await import('assemblyscript/asc');
  const { error, stderr } = await asc.main([
    source,
    '--outFile', output,
    '--optimizeLevel', '3',
    '--shrinkLevel', '0',
    '--runtime', 'stub',
    '--noAssert',
    '--enable', 'simd',
    '--initialMemory', '16',
  ]);
  if (error) {
    process.stderr.write(stderr.toString());
    console.error(`build-wasm: ${name}: ${error.message}`);
    process.exit(1);
  }
  console.log(`build-wasm: ${output}`);
}
