#!/usr/bin/env node
// The layer check of `npm test`: dependency-cruiser with the rules of
// .dependency-cruiser.cjs over src/. Prints each violation and exits 1 on any.
import { spawnSync } from 'node:child_process';

const result = spawnSync(process.execPath, ['node_modules/dependency-cruiser/bin/dependency-cruise.mjs', 'src', '--config', '.dependency-cruiser.cjs', '--output-type', 'err'], {
  stdio: 'inherit',
});
process.exit(result.status ?? 1);
