import type { ApiMethod, ApiResponse } from '../shared/api.js';
import type { ApiSend } from '../shared/api-client.js';
import type { SleeveBridge } from '../shared/bridge.js';

declare global {
  interface Window {
    /** Set by the Electron preload; absent in browser mode. */
    readonly sleeve?: SleeveBridge;
  }
}

/** How the renderer reaches the core: Electron IPC, or HTTP to `sleeve serve` with the per-run token. */
export interface Transport {
  readonly mode: 'desktop' | 'browser';
  readonly send: ApiSend;
  /** A media path (/media/cover/1) as the page can load it (the token added in browser mode). */
  mediaUrl(path: string): string;
  /** Native folder and save dialogs (otherwise the UI shows path fields). */
  readonly dialogs: boolean;
  /** Dropping a folder onto the window adds it (Electron gives dropped files their path). */
  readonly dropFolders: boolean;
  pathForFile(file: File): string | null;
}

const TOKEN_KEY = 'sleeve-token';

function ipcTransport(bridge: SleeveBridge): Transport {
  return {
    mode: 'desktop',
    send: (method, args) => bridge.call(method, args),
    mediaUrl: (path) => path,
    dialogs: bridge.capabilities.dialogs,
    dropFolders: bridge.capabilities.dropFolders,
    pathForFile: (file) => bridge.pathForFile(file) || null,
  };
}

const UNREACHABLE: ApiResponse = {
  ok: false,
  error: { code: 'unavailable', message: 'Sleeve is not answering. Is `sleeve serve` still running?' },
};

function httpTransport(token: string): Transport {
  const send = async (method: ApiMethod, args: unknown): Promise<ApiResponse> => {
    let response: Response;
    try {
      response = await fetch(`/api/${method}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
        body: JSON.stringify(args),
      });
    } catch {
      return UNREACHABLE;
    }
    try {
      return (await response.json()) as ApiResponse;
    } catch {
      return { ok: false, error: { code: 'internal', message: `Unexpected answer (HTTP ${response.status}).` } };
    }
  };
  const query = `t=${encodeURIComponent(token)}`;
  return {
    mode: 'browser',
    send,
    mediaUrl: (path) => `${path}?${query}`,
    dialogs: false,
    dropFolders: false,
    pathForFile: () => null,
  };
}

/**
 * The URL printed by `sleeve serve` carries the token in its fragment; it is
 * kept for this tab (sessionStorage) and removed from the address bar.
 */
function takeToken(): string | null {
  const match = /(?:^#|&)token=([^&]+)/.exec(window.location.hash);
  if (match) {
    const token = decodeURIComponent(match[1]);
    sessionStorage.setItem(TOKEN_KEY, token);
    history.replaceState(null, '', window.location.pathname + window.location.search);
    return token;
  }
  return sessionStorage.getItem(TOKEN_KEY);
}

/** The transport of this window, or null in browser mode without a token. */
export function connect(): Transport | null {
  if (window.sleeve) return ipcTransport(window.sleeve);
  const token = takeToken();
  return token ? httpTransport(token) : null;
}

export function forgetToken(): void {
  sessionStorage.removeItem(TOKEN_KEY);
}
