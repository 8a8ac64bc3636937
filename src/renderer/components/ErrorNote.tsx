import { ApiCallError } from '../../shared/api-client.js';

/** An error as a sentence the user can act on (the API's messages are written for people). */
export function ErrorNote({ error }: { error: Error }) {
  const message = error instanceof ApiCallError ? error.message : `Something went wrong: ${error.message}`;
  return (
    <p className="error-note" role="alert">
      {message}
    </p>
  );
}
