import type { ApiDeps } from '../deps.js';
import type { HandlerTable } from '../dispatch.js';

export function appHandlers(deps: ApiDeps): Pick<HandlerTable, 'app.info'> {
  return {
    'app.info': () => ({
      mode: deps.mode,
      version: deps.version,
      databasePath: deps.databasePath,
      kinds: deps.kinds.map((kind) => kind.name),
    }),
  };
}
