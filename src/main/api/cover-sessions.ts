import type { DescriptorMix } from '../../shared/api-entities.js';
import { openCoverSession, type CoverSession } from '../playlists/session.js';
import type { Db } from '../store/db.js';
import { badRequest } from './failure.js';

/**
 * The playlists module's cover sessions, one per descriptor mix, kept between
 * requests: opening a kind's index reads every vector of that kind once, too
 * slow to repeat for each "looks like". A finished scan changes the covers,
 * so it drops them all.
 */
export class CoverSessions {
  readonly #sessions = new Map<string, CoverSession>();

  constructor(
    private readonly db: Db,
    private readonly indexDir: string,
    private readonly kinds: readonly string[],
    private readonly log: (message: string) => void,
  ) {}

  /** The kinds' weights divided by their sum, in name order, kinds with weight 0 left out. */
  normalise(mix: DescriptorMix): DescriptorMix {
    const entries = Object.entries(mix)
      .filter(([, weight]) => weight > 0)
      .sort(([a], [b]) => a.localeCompare(b));
    const unknown = entries.find(([name]) => !this.kinds.includes(name));
    if (unknown) throw badRequest(`Unknown descriptor kind "${unknown[0]}" (known kinds: ${this.kinds.join(', ')}).`);
    const total = entries.reduce((sum, [, weight]) => sum + weight, 0);
    return Object.fromEntries(entries.map(([name, weight]) => [name, weight / total]));
  }

  /** The session of a normalised mix (throws the playlists module's PlaylistError for an empty or undescribed library). */
  session(mix: DescriptorMix): CoverSession {
    const spec = Object.entries(mix)
      .map(([name, weight]) => `${name}:${weight}`)
      .join(',');
    let session = this.#sessions.get(spec);
    if (!session) {
      session = openCoverSession(this.db, this.indexDir, spec, this.log);
      this.#sessions.set(spec, session);
    }
    return session;
  }

  invalidate(): void {
    this.#sessions.clear();
  }
}
