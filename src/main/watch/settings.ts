/** Watching's settings, kept in the library's settings table. */
import { getSetting, setSetting, type Db } from '../store/db.js';

export interface WatchSettings {
  /** Watch the music folders for changes while Sleeve runs. */
  readonly enabled: boolean;
  /** Seconds between light rescans where folders cannot be watched (network shares, no watches left). */
  readonly pollSeconds: number;
}

const ENABLED_KEY = 'watchFolders';
const POLL_KEY = 'watchPollSeconds';
export const DEFAULT_POLL_SECONDS = 600;
export const MIN_POLL_SECONDS = 10;

export function watchSettings(db: Db): WatchSettings {
  const poll = Number(getSetting(db, POLL_KEY));
  return {
    enabled: getSetting(db, ENABLED_KEY) !== 'off',
    pollSeconds: Number.isFinite(poll) && poll >= MIN_POLL_SECONDS ? poll : DEFAULT_POLL_SECONDS,
  };
}

export function saveWatchSettings(db: Db, settings: Partial<WatchSettings>): WatchSettings {
  if (settings.enabled !== undefined) setSetting(db, ENABLED_KEY, settings.enabled ? 'on' : 'off');
  if (settings.pollSeconds !== undefined) setSetting(db, POLL_KEY, String(Math.max(MIN_POLL_SECONDS, Math.round(settings.pollSeconds))));
  return watchSettings(db);
}
