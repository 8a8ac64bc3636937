import type { ApiArgs, ApiMethod, ApiResult } from '../../shared/api.js';
import { openApiService, type ApiService } from '../api/service.js';
import { CliCallError } from './errors.js';

export { CliCallError, UsageError } from './errors.js';

/** What every `sleeve` command gets: its output streams and where the library lives. */
export interface CliContext {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** True when stderr is a terminal (progress bars are drawn only then). */
  readonly interactive: boolean;
  /** The library database path (--db, SLEEVE_DB, or the platform's default). */
  readonly dbPath: string;
}

export type Command = (args: string[], ctx: CliContext) => Promise<number>;

/** The service, opened in this process on the command's library. */
export interface CliService {
  /** One call of the contract; an error answer is thrown as a SleeveError (the CLI prints it with its hint). */
  call<M extends ApiMethod>(method: M, args: ApiArgs<M>): Promise<ApiResult<M>>;
  readonly service: ApiService;
}

/**
 * Runs a command's work on the same service the app uses, opened in this
 * process: 'read' for commands that only look (the library must exist and
 * may be on read-only media), 'write' for the others.
 */
export async function withService<T>(
  ctx: CliContext,
  access: 'read' | 'look' | 'write',
  work: (service: CliService) => Promise<T>,
  options: { threads?: number; verbose?: boolean } = {},
): Promise<T> {
  const service = openApiService({
    databasePath: ctx.dbPath,
    mode: 'cli',
    access,
    scanThreads: options.threads,
    log: (message) => ctx.stderr(`sleeve: ${message}\n`),
    scanLog: options.verbose ? (message) => ctx.stderr(`${message}\n`) : null,
  });
  try {
    return await work({
      service,
      async call(method, args) {
        const answer = await service.call(method, args);
        if (!answer.ok) throw new CliCallError(method, answer.error.code, answer.error.message);
        return answer.result as ApiResult<typeof method>;
      },
    });
  } finally {
    await service.close();
  }
}
