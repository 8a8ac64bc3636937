import { SleeveError, type ErrorCode } from '../../shared/errors.js';

/**
 * A problem with what the user asked for (an unknown album, a kind never
 * computed, an unwritable folder...): a coded error whose message is shown as
 * is by every front end. Most are bad requests; the code says otherwise.
 */
export class PlaylistError extends SleeveError {
  constructor(message: string, options?: { cause?: unknown; code?: ErrorCode }) {
    super(options?.code ?? 'bad_request', message, options);
    this.name = 'PlaylistError';
  }
}
