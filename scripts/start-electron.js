#!/usr/bin/env node
// `npm start` (after the build): opens the desktop app on dist/main/electron/main.js.
// Where the Electron binary is not installed it says so and points to browser mode.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const mainScript = fileURLToPath(new URL('../dist/main/electron/main.js', import.meta.url));

/** The path the electron package resolves to, when its binary was actually downloaded. */
function electronBinary() {
  try {
    const binary = createRequire(import.meta.url)('electron');
    return typeof binary === 'string' && existsSync(binary) ? binary : null;
  } catch {
    return null;
  }
}

if (!existsSync(mainScript)) {
  process.stderr.write('sleeve: the app is not built yet: run `npm run build` (npm start does it for you).\n');
  process.exit(1);
}

const binary = electronBinary();
if (!binary) {
  process.stderr.write(
    [
      'The Electron binary is not installed here, so the desktop window cannot open.',
      '(Electron fetches it on first start; that download did not succeed here: is there network access?)',
      '',
      'Sleeve runs the same app in your browser instead:',
      '  npx sleeve serve     your library; prints the URL to open (add --open to launch the browser)',
      '  npm run demo         a generated sample library, scanned and served',
      '',
      'On a machine with network access, npm start fetches it and opens the window.',
      '',
    ].join('\n'),
  );
  process.exit(1);
}

const child = spawn(binary, [root], { stdio: 'inherit' });
child.on('exit', (code, signal) => process.exit(signal ? 1 : (code ?? 0)));
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
