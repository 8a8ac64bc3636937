// Browser mode for bench/responsiveness.ts, run from source in its own
// process: `worker` is `sleeve serve` as it is (the service in a worker
// thread), `inline` puts the same service on the HTTP thread, as before, for
// comparison. Prints "port token" once listening; on SIGTERM prints how long
// the HTTP thread's event loop was held up (one JSON line) and stops.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { openWorkerService } from '../../src/main/api/remote-service.js';
import { openApiService } from '../../src/main/api/service.js';
import { startServer } from '../../src/main/serve/server.js';

const [mode, databasePath, staticDir] = process.argv.slice(2);
const log = (message: string) => process.stderr.write(`sleeve: ${message}\n`);
const service =
  mode === 'inline' ? openApiService({ databasePath, mode: 'browser', log }) : await openWorkerService({ databasePath, mode: 'browser', log });
const server = await startServer({ service, port: 0, staticDir });
/** The sampling tick; the figures printed are delays beyond it. */
const TICK_MS = 10;
const delay = monitorEventLoopDelay({ resolution: TICK_MS });
delay.enable();
process.stdout.write(`${server.port} ${server.token}\n`);
process.once('SIGTERM', () => {
  delay.disable();
  const ms = (ns: number) => Math.max(0, Math.round(ns / 1e4) / 100 - TICK_MS);
  process.stdout.write(`${JSON.stringify({ p50: ms(delay.percentile(50)), p99: ms(delay.percentile(99)), max: ms(delay.max) })}\n`);
  void server
    .close()
    .then(() => service.close())
    .then(() => process.exit(0));
});
