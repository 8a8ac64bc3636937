import { APP_HOST, SCHEME } from './protocol.js';

/**
 * Where the window may go, decided without Electron so that it is tested in
 * plain Node. The app is one page at sleeve://app/; it moves between views
 * inside the page, so any navigation is either that page loading again or
 * something the app did not mean (a link, a script, a redirect).
 */

/** A URL of the app itself: the only sender the API answers. */
export function isAppUrl(url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  return parsed.protocol === `${SCHEME}:` && parsed.host === APP_HOST && parsed.username === '' && parsed.password === '' && parsed.port === '';
}

/** The app's page, the one document the top frame may show. */
const APP_PAGES = new Set(['/', '/index.html']);

/**
 * will-navigate and will-frame-navigate: only the top frame reloading the
 * app's own page; no other page, origin or scheme, and no frame at all (the
 * app has none, so a frame navigating is never the app's doing).
 */
export function mayNavigate(url: string, isMainFrame: boolean): boolean {
  if (!isMainFrame || !isAppUrl(url)) return false;
  return APP_PAGES.has(new URL(url).pathname);
}
