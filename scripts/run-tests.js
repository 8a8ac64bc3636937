#!/usr/bin/env node
// Runs the vitest suite, then prints its totals as the plain closing line
// "N passed, N failed, N skipped" that CI reads, keeping vitest's exit code.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';

const report = 'test-results/vitest.json';
rmSync(report, { force: true });
const vitest = spawnSync(
  process.execPath,
  ['node_modules/vitest/vitest.mjs', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...process.argv.slice(2)],
  { stdio: 'inherit' },
);
if (existsSync(report)) {
  const totals = JSON.parse(readFileSync(report, 'utf8'));
  const skipped = totals.numPendingTests + totals.numTodoTests;
  process.stdout.write(`\n${totals.numPassedTests} passed, ${totals.numFailedTests} failed, ${skipped} skipped\n`);
}
process.exit(vitest.status ?? 1);
