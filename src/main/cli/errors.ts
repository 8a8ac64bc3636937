import type { ApiMethod } from '../../shared/api.js';
import { SleeveError } from '../../shared/errors.js';

/** A mistake in the command line itself: printed as `sleeve: <message>` with exit code 2, no stack trace. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** An error answer of the service, with the method it came from (for the hint). */
export class CliCallError extends SleeveError {
  constructor(
    readonly method: ApiMethod,
    code: SleeveError['code'],
    message: string,
  ) {
    super(code, message);
    this.name = 'CliCallError';
  }
}
