/**
 * Kill points in code the scan calls but does not own, for the crash test
 * (scan-crash.test.ts). Loaded through NODE_OPTIONS=--import, so that worker
 * threads (index builds) load it too; plain JavaScript, as a compiled
 * worker has no TypeScript loader. Armed by the same variable as the scan's
 * own points (src/main/library/scan-fault.ts), SLEEVE_FAULT_AT=<point>:<n>:
 *
 *   index-rename:n   SIGKILL just before the n-th rename of a finished
 *                    temporary index file to its final name
 *   index-renamed:n  SIGKILL just after that rename, before SQLite records it
 *   migration:n      SIGKILL inside the n-th schema migration's transaction,
 *                    after its statements and before its commit
 *
 * Counts are per thread.
 */
import fs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';

const match = /^(index-rename|index-renamed|migration):(\d+)$/.exec(process.env.SLEEVE_FAULT_AT ?? '');
if (match) {
  const [, point, n] = match;
  let passed = 0;
  const reached = () => {
    passed++;
    if (passed === Number(n)) process.kill(process.pid, 'SIGKILL');
  };

  if (point === 'migration') {
    const { default: Database } = await import('better-sqlite3');
    const setsVersion = (sql) => /^\s*(pragma\s+)?user_version\s*=\s*\d+\s*;?\s*$/i.test(sql);
    const { pragma, exec } = Database.prototype;
    Database.prototype.pragma = function (source, options) {
      if (setsVersion(source) && this.inTransaction) reached();
      return pragma.call(this, source, options);
    };
    Database.prototype.exec = function (source) {
      if (setsVersion(source) && this.inTransaction) reached();
      return exec.call(this, source);
    };
  } else {
    const { renameSync } = fs;
    fs.renameSync = (from, to) => {
      const isIndex = /\.index-[^/]*\.tmp$/.test(String(from));
      if (isIndex && point === 'index-rename') reached();
      renameSync(from, to);
      if (isIndex && point === 'index-renamed') reached();
    };
    // Modules that imported { renameSync } from 'node:fs' see the wrapper too.
    syncBuiltinESMExports();
  }
}
