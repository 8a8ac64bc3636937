import type { AlbumSummary } from '../shared/api-entities.js';

/** The screens; App keeps a stack of them so that Esc goes back. */
export type Route =
  | { readonly name: 'wall' }
  | { readonly name: 'map' }
  | { readonly name: 'playlists' }
  | { readonly name: 'scan' }
  | { readonly name: 'album'; readonly id: number; readonly preview?: AlbumSummary }
  | { readonly name: 'playlist'; readonly albumId: number; readonly toAlbumId?: number }
  | { readonly name: 'settings' }
  | { readonly name: 'insights' }
  | { readonly name: 'errors' };

export interface Navigate {
  push(route: Route): void;
  back(): void;
  /** Replaces the whole stack (top-level navigation). */
  reset(route: Route): void;
}
