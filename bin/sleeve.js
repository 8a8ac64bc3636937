#!/usr/bin/env node
// Entry point for `npx sleeve`: runs the compiled CLI (npm run build first).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const cli = fileURLToPath(new URL('../dist/main/cli/main.js', import.meta.url));
if (!existsSync(cli)) {
  process.stderr.write('sleeve: the core is not built yet. Run `npm run build` in the repository first.\n');
  process.exit(1);
}
await import(cli);
