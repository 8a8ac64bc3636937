/**
 * The entry to start a worker thread on, for a module next to the caller
 * (`./scan-worker.js`). Compiled, it is that .js file. From TypeScript
 * source (tests, benchmarks under tsx) Node 20 does not apply `--import tsx`
 * to a .ts worker entry, so the thread starts on a one-line module that
 * registers tsx's loader, then imports the .ts file. It is a data: URL, not
 * `eval: true`: an eval worker defines a global __dirname of ".", which sends
 * usearch's search for its native binding into an endless loop.
 */
export function workerEntry(callerUrl: string, moduleName: string): URL {
  const fromSource = callerUrl.endsWith('.ts');
  const entry = new URL(fromSource ? `./${moduleName}.ts` : `./${moduleName}.js`, callerUrl);
  if (!fromSource) return entry;
  const tsxApi = import.meta.resolve('tsx/esm/api');
  const boot = `const tsx = await import(${JSON.stringify(tsxApi)}); tsx.register(); await import(${JSON.stringify(entry.href)});`;
  return new URL(`data:text/javascript,${encodeURIComponent(boot)}`);
}
