import type { z } from 'zod';
import {
  api,
  isApiMethod,
  type ApiMethod,
  type ApiParsedArgs,
  type ApiResponse,
  type ApiResult,
} from '../../shared/api.js';
import { errorBody } from './error-body.js';
import { logUnexpectedError } from './error-log.js';

export type Handler<M extends ApiMethod> = (args: ApiParsedArgs<M>) => Promise<ApiResult<M>> | ApiResult<M>;
export type HandlerTable = { readonly [M in ApiMethod]: Handler<M> };

export interface DispatchOptions {
  /** In browser mode desktop-only methods (native dialogs) answer `desktop_only`. */
  readonly desktop: boolean;
  readonly log: (message: string) => void;
  /** The library, named in messages about it (a full disk, a damaged file). */
  readonly databasePath: string;
}

/** Issues as one readable line: `id: Invalid input: expected number, received string`. */
export function describeIssues(issues: readonly z.core.$ZodIssue[]): string {
  return issues
    .map((issue) => (issue.path.length > 0 ? `${issue.path.map(String).join('.')}: ${issue.message}` : issue.message))
    .join('; ');
}

/**
 * The single entry point of both transports: checks the method name and
 * validates the arguments against the contract before any handler runs, and
 * turns every failure into an error answer instead of a crash.
 */
export async function dispatch(
  handlers: HandlerTable,
  options: DispatchOptions,
  method: unknown,
  args: unknown,
): Promise<ApiResponse> {
  if (!isApiMethod(method)) {
    const name = typeof method === 'string' ? `"${method.slice(0, 80)}"` : 'a request without a method name';
    return { ok: false, error: { code: 'unknown_method', message: `Unknown API method ${name}.` } };
  }
  const spec = api[method];
  if (spec.desktopOnly && !options.desktop) {
    return {
      ok: false,
      error: { code: 'desktop_only', message: `${method} needs the desktop app's native dialogs; type the path instead.` },
    };
  }
  const parsed = spec.args.safeParse(args ?? {});
  if (!parsed.success) {
    return {
      ok: false,
      error: { code: 'bad_request', message: `Invalid arguments for ${method}: ${describeIssues(parsed.error.issues)}` },
    };
  }
  try {
    const handler = handlers[method] as Handler<ApiMethod>;
    const result = await handler(parsed.data as ApiParsedArgs<ApiMethod>);
    return { ok: true, result };
  } catch (error) {
    const known = errorBody(error, options.databasePath);
    if (known) return { ok: false, error: known };
    const message = error instanceof Error ? error.message : String(error);
    // The stack goes to the log file for a bug report; the person reads one sentence and where the details are.
    const logFile = options.databasePath === ':memory:' ? null : logUnexpectedError(options.databasePath, error, method);
    options.log(`${method} failed: ${message}${logFile ? ` (details in ${logFile})` : ''}`);
    return { ok: false, error: { code: 'internal', message: `Something went wrong (${method}): ${message}${logFile ? `. Details are in ${logFile}.` : ''}` } };
  }
}
