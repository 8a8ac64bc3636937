/**
 * A problem with what the user asked for (an unknown album, a kind never
 * computed, an unwritable folder...). Its message is meant to be shown as is;
 * the CLI prints it without a stack trace.
 */
export class PlaylistError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'PlaylistError';
  }
}
