import { parseArgs } from 'node:util';
import { runServe } from '../../serve/run.js';
import { SleeveError } from '../../../shared/errors.js';
import { UsageError, type Command } from '../context.js';

const MAX_PORT = 65_535;

/** `sleeve serve [--port N] [--open]`: the app in a browser, on 127.0.0.1 with a per-run token. */
export const serveCommand: Command = async (args, ctx) => {
  const { values } = parseArgs({
    args,
    options: {
      port: { type: 'string', default: '0' },
      open: { type: 'boolean', default: false },
    },
  });
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > MAX_PORT) {
    throw new UsageError(`--port must be a whole number from 0 to ${MAX_PORT} (got "${values.port}"); 0 picks a free port`);
  }
  try {
    await runServe({ databasePath: ctx.dbPath, port, open: values.open, stdout: ctx.stdout, stderr: ctx.stderr });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      throw new SleeveError('conflict', `Port ${port} is already in use: pick another with --port, or 0 for any free port.`);
    }
    throw error;
  }
  return 0;
};
