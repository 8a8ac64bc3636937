import type { ApiResponse } from './api.js';

/**
 * What the Electron preload exposes to the renderer as `window.sleeve`:
 * the contract's one call, the desktop capabilities, and the path of a
 * dropped folder. Nothing else of Node or Electron reaches the page.
 */
export interface SleeveBridge {
  readonly call: (method: string, args: unknown) => Promise<ApiResponse>;
  readonly capabilities: { readonly dialogs: boolean; readonly dropFolders: boolean };
  /** The file-system path of a File from a drop event (Electron's webUtils). */
  readonly pathForFile: (file: unknown) => string;
}

/** Media URLs, relative to the page: the same paths in both modes (sleeve://app/... or http://127.0.0.1/...). */
export const MEDIA_PATHS = {
  cover: (artworkId: number): string => `/media/cover/${artworkId}`,
  track: (trackId: number): string => `/media/track/${trackId}`,
} as const;
