import type { ApiErrorCode } from '../../shared/api.js';

/** A handler's refusal with a message meant for the user (unknown album, folder missing...). */
export class ApiFailure extends Error {
  constructor(
    readonly code: ApiErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ApiFailure';
  }
}

export function notFound(message: string): ApiFailure {
  return new ApiFailure('not_found', message);
}

export function badRequest(message: string): ApiFailure {
  return new ApiFailure('bad_request', message);
}
