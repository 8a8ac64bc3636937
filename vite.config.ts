import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/** The renderer: src/renderer -> dist/renderer, served by `sleeve serve` and by the sleeve:// protocol. */
export default defineConfig({
  root: fileURLToPath(new URL('./src/renderer', import.meta.url)),
  base: '/',
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('./dist/renderer', import.meta.url)),
    emptyOutDir: true,
    target: 'chrome120',
    sourcemap: true,
    // The CSP forbids inline scripts and data: modules: keep everything in files.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
  },
});
