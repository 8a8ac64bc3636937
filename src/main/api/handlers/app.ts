import { LEARNED_KIND } from '../../artwork/learned-projection.js';
import { hasLearnedModel } from '../../store/api-queries.js';
import type { ApiDeps } from '../deps.js';
import type { HandlerTable } from '../dispatch.js';

export function appHandlers(deps: ApiDeps): Pick<HandlerTable, 'app.info'> {
  return {
    'app.info': () => ({
      mode: deps.mode,
      version: deps.version,
      databasePath: deps.databasePath,
      // The learned kind is offered once it has been fitted to this library.
      kinds: [...deps.kinds.map((kind) => kind.name), ...(hasLearnedModel(deps.db) ? [LEARNED_KIND] : [])],
    }),
  };
}
