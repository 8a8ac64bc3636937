import { memo, useCallback, useEffect, useLayoutEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { ApiResult } from '../../shared/api.js';
import type { ApiClient } from '../../shared/api-client.js';
import type { AlbumSort, AlbumSummary, LibraryStatus } from '../../shared/api-entities.js';
import { Cover } from '../components/Cover.js';
import { ErrorNote } from '../components/ErrorNote.js';
import { formatCount } from '../format.js';
import { useDebounced } from '../hooks.js';
import type { Navigate } from '../routes.js';
import { useServices } from '../services.js';

/** Albums fetched per request; a page covers several screens of tiles. */
const PAGE_SIZE = 150;
/** Tiles are at least this wide (px); the columns share the rest of the width. */
const MIN_TILE = 168;
const GAP = 18;
/** Height of the title and artist lines under a cover (px). */
const CAPTION = 44;
/** Rows rendered above and below the visible ones, so fast scrolling shows no blank rows. */
const OVERSCAN_ROWS = 2;
const SEARCH_DEBOUNCE_MS = 150;
/**
 * Above this speed (px per ms, ~8 rows a second) the wall is being flung:
 * tiles that come into view show a placeholder instead of decoding a cover
 * they leave a moment later, which keeps every frame short; covers load as
 * soon as the scroll slows down or rests for SETTLE_MS.
 */
const FLING_PX_PER_MS = 2;
const SETTLE_MS = 120;

const SORTS: readonly { value: AlbumSort; label: string }[] = [
  { value: 'artist', label: 'Artist' },
  { value: 'album', label: 'Album title' },
  { value: 'year', label: 'Year (newest)' },
  { value: 'added', label: 'Recently added' },
];

/**
 * What the wall remembers while an album is open, so that Esc returns to the
 * same place: the search, the scroll position, the focused tile, the pages
 * already fetched.
 */
export interface WallMemory {
  readonly id: number;
  query: string;
  sort: AlbumSort;
  scrollTop: number;
  focusIndex: number;
  total: number | null;
  pages: Map<number, readonly AlbumSummary[]>;
  generation: number;
  /** Set when an album is opened: coming back puts the focus on its tile again. */
  refocus: boolean;
  /** The first page, asked for while the app starts (see prefetchWall). */
  firstPage: Promise<ApiResult<'albums.list'>> | null;
}

let memories = 0;
export function createWallMemory(): WallMemory {
  return { id: ++memories, query: '', sort: 'artist', scrollTop: 0, focusIndex: 0, total: null, pages: new Map(), generation: 0, refocus: false, firstPage: null };
}

/** Asks for the wall's first page at once, in parallel with the app's start-up requests, so covers show sooner. */
export function prefetchWall(memory: WallMemory, api: ApiClient): void {
  memory.firstPage = api.call('albums.list', { query: memory.query, sort: memory.sort, offset: 0, limit: PAGE_SIZE });
  memory.firstPage.catch(() => {});
}

let firstCoverMarked = false;
/** A performance mark once the first cover is on screen (read by bench/renderer.ts). */
function markFirstCover(): void {
  if (firstCoverMarked) return;
  firstCoverMarked = true;
  requestAnimationFrame(() => performance.mark('sleeve:first-cover'));
}

interface Layout {
  readonly columns: number;
  readonly tile: number;
  readonly rowHeight: number;
}

function layoutFor(width: number): Layout {
  const columns = Math.max(1, Math.floor((width + GAP) / (MIN_TILE + GAP)));
  const tile = Math.floor((width - GAP * (columns - 1)) / columns);
  return { columns, tile, rowHeight: tile + CAPTION + GAP };
}

interface WallTileProps {
  readonly index: number;
  /** Undefined while its page is being fetched. */
  readonly album: AlbumSummary | undefined;
  readonly x: number;
  readonly y: number;
  readonly size: number;
  readonly showCover: boolean;
  readonly tabbable: boolean;
  readonly onOpen: (album: AlbumSummary, index: number) => void;
  readonly onFocusTile: (index: number) => void;
}

/** One cover of the wall; memoised, so scrolling renders only the tiles that come into view. */
const WallTile = memo(function WallTile({ index, album, x, y, size, showCover, tabbable, onOpen, onFocusTile }: WallTileProps) {
  return (
    <li className="tile" style={{ width: size, transform: `translate(${x}px, ${y}px)` }}>
      {album ? (
        <button
          type="button"
          className="tile__button"
          data-index={index}
          tabIndex={tabbable ? 0 : -1}
          onClick={() => onOpen(album, index)}
          onFocus={() => onFocusTile(index)}
          aria-label={`${album.album} by ${album.artist}`}
        >
          {showCover ? (
            <Cover artworkId={album.artworkId} alt="" className="tile__cover" onLoad={markFirstCover} />
          ) : (
            <span className="tile__cover tile__cover--pending" />
          )}
          <span className="tile__title">{album.album}</span>
          <span className="tile__artist">{album.artist}</span>
        </button>
      ) : (
        <div className="tile__placeholder" aria-hidden="true" style={{ height: size }} />
      )}
    </li>
  );
});

interface WallViewProps {
  readonly memory: WallMemory;
  readonly status: LibraryStatus;
  readonly scanning: boolean;
  readonly navigate: Navigate;
}

/**
 * The wall of covers. Only the rows in view (plus a little overscan) are in
 * the DOM, positioned absolutely in a spacer as tall as the whole wall, so
 * scrolling thousands of albums stays cheap; albums are fetched page by page
 * as rows come into view.
 */
export function WallView({ memory, status, scanning, navigate }: WallViewProps) {
  const { api } = useServices();
  const [query, setQuery] = useState(memory.query);
  const [sort, setSort] = useState(memory.sort);
  const search = useDebounced(query, SEARCH_DEBOUNCE_MS);
  const [, setPagesVersion] = useState(0);
  const [error, setError] = useState<Error>();
  const [size, setSize] = useState({ width: 0, height: 0 });
  const [firstRow, setFirstRow] = useState(0);
  const [focusIndex, setFocusIndex] = useState(memory.focusIndex);
  const scroller = useRef<HTMLDivElement>(null);
  const searchField = useRef<HTMLInputElement>(null);
  const moveFocus = useRef(memory.refocus);
  const requested = useRef(new Set<string>());
  const [flinging, setFlinging] = useState(false);
  const lastScroll = useRef({ top: memory.scrollTop, time: 0 });
  const settleTimer = useRef<ReturnType<typeof setTimeout>>(undefined);
  /** Tiles whose cover may load: everything shown while not flinging. */
  const revealed = useRef(new Set<number>());

  useEffect(() => () => clearTimeout(settleTimer.current), []);

  const layout = layoutFor(size.width);
  const total = memory.total;

  // A new search or sort starts from the top with no pages.
  if (memory.query !== search || memory.sort !== sort) {
    memory.query = search;
    memory.sort = sort;
    memory.pages = new Map();
    memory.total = null;
    revealed.current = new Set();
    memory.generation += 1;
    memory.scrollTop = 0;
    memory.focusIndex = 0;
    if (focusIndex !== 0) setFocusIndex(0);
    if (scroller.current) scroller.current.scrollTop = 0;
  }

  const fetchPage = useCallback(
    (page: number) => {
      const generation = memory.generation;
      const key = `${generation}:${page}`;
      if (memory.pages.has(page) || requested.current.has(key)) return;
      requested.current.add(key);
      const prefetched = page === 0 && generation === 0 ? memory.firstPage : null;
      memory.firstPage = null;
      (prefetched ?? api.call('albums.list', { query: memory.query, sort: memory.sort, offset: page * PAGE_SIZE, limit: PAGE_SIZE }))
        .then(
          (result) => {
            if (generation !== memory.generation) return;
            memory.pages.set(page, result.items);
            memory.total = result.total;
            setPagesVersion((v) => v + 1);
          },
          (caught: unknown) => setError(caught instanceof Error ? caught : new Error(String(caught))),
        );
    },
    [api, memory],
  );

  useLayoutEffect(() => {
    const element = scroller.current;
    if (!element) return;
    const measure = () => {
      const style = getComputedStyle(element);
      const padding = parseFloat(style.paddingLeft) + parseFloat(style.paddingRight);
      setSize({ width: element.clientWidth - padding, height: element.clientHeight });
    };
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    element.scrollTop = memory.scrollTop;
    return () => observer.disconnect();
  }, [memory]);

  const rowCount = total === null ? 0 : Math.ceil(total / layout.columns);
  const visibleRows = Math.max(1, Math.ceil(size.height / layout.rowHeight));
  const startRow = Math.max(0, firstRow - OVERSCAN_ROWS);
  const endRow = Math.min(rowCount, firstRow + visibleRows + OVERSCAN_ROWS + 1);
  const startIndex = startRow * layout.columns;
  const endIndex = Math.min(total ?? 0, endRow * layout.columns);

  useEffect(() => {
    if (size.width === 0) return;
    if (total === null) {
      fetchPage(0);
      return;
    }
    for (let page = Math.floor(startIndex / PAGE_SIZE); page * PAGE_SIZE < endIndex; page++) fetchPage(page);
  }, [fetchPage, size.width, total, startIndex, endIndex, memory.generation]);

  const onScroll = () => {
    const element = scroller.current;
    if (!element) return;
    memory.scrollTop = element.scrollTop;
    const now = performance.now();
    const speed = Math.abs(element.scrollTop - lastScroll.current.top) / Math.max(1, now - lastScroll.current.time);
    lastScroll.current = { top: element.scrollTop, time: now };
    const fast = speed > FLING_PX_PER_MS;
    if (fast !== flinging) setFlinging(fast);
    clearTimeout(settleTimer.current);
    if (fast) settleTimer.current = setTimeout(() => setFlinging(false), SETTLE_MS);
    const row = Math.floor(element.scrollTop / layout.rowHeight);
    if (row !== firstRow) setFirstRow(row);
  };

  useLayoutEffect(() => {
    setFirstRow(Math.floor((scroller.current?.scrollTop ?? 0) / layout.rowHeight));
  }, [layout.rowHeight, memory.generation]);

  // After a keyboard move, the focused tile is rendered now: give it the focus.
  useEffect(() => {
    memory.focusIndex = focusIndex;
    if (!moveFocus.current) return;
    const tile = scroller.current?.querySelector<HTMLElement>(`[data-index="${focusIndex}"]`);
    if (tile) {
      tile.focus({ preventScroll: true });
      moveFocus.current = false;
      memory.refocus = false;
    }
  });

  const albumAt = (index: number): AlbumSummary | undefined => memory.pages.get(Math.floor(index / PAGE_SIZE))?.[index % PAGE_SIZE];

  const open = useCallback(
    (album: AlbumSummary, index: number) => {
      memory.focusIndex = index;
      memory.scrollTop = scroller.current?.scrollTop ?? 0;
      memory.refocus = true;
      navigate.push({ name: 'album', id: album.id, preview: album });
    },
    [memory, navigate],
  );

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (total === null || total === 0 || !(event.target instanceof HTMLElement) || !event.target.dataset.index) return;
    const steps: Record<string, number> = {
      ArrowRight: 1,
      ArrowLeft: -1,
      ArrowDown: layout.columns,
      ArrowUp: -layout.columns,
      PageDown: layout.columns * visibleRows,
      PageUp: -layout.columns * visibleRows,
    };
    let next: number;
    if (event.key in steps) next = focusIndex + steps[event.key];
    else if (event.key === 'Home') next = 0;
    else if (event.key === 'End') next = total - 1;
    else return;
    event.preventDefault();
    next = Math.min(total - 1, Math.max(0, next));
    const element = scroller.current;
    if (element) {
      const top = Math.floor(next / layout.columns) * layout.rowHeight;
      if (top < element.scrollTop) element.scrollTop = top;
      else if (top + layout.rowHeight > element.scrollTop + element.clientHeight) element.scrollTop = top + layout.rowHeight - element.clientHeight;
    }
    moveFocus.current = true;
    setFocusIndex(next);
  };

  useEffect(() => {
    const onSlash = (event: globalThis.KeyboardEvent) => {
      const target = event.target as HTMLElement | null;
      if (event.key === '/' && !(target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement)) {
        event.preventDefault();
        searchField.current?.focus();
      }
    };
    window.addEventListener('keydown', onSlash);
    return () => window.removeEventListener('keydown', onSlash);
  }, []);

  const tabTarget = focusIndex >= startIndex && focusIndex < endIndex ? focusIndex : startIndex;
  const tiles = [];
  for (let index = startIndex; index < endIndex; index++) {
    if (!flinging) revealed.current.add(index);
    tiles.push(
      <WallTile
        key={index}
        index={index}
        album={albumAt(index)}
        x={(index % layout.columns) * (layout.tile + GAP)}
        y={Math.floor(index / layout.columns) * layout.rowHeight}
        size={layout.tile}
        showCover={revealed.current.has(index)}
        tabbable={index === tabTarget}
        onOpen={open}
        onFocusTile={setFocusIndex}
      />,
    );
  }

  const emptyMessage =
    total !== 0
      ? null
      : search
        ? `No album matches “${search}”.`
        : scanning
          ? 'The scan is running: covers appear here when it finishes.'
          : status.tracks === 0
            ? 'No music files were found in your folders. Add another folder in Settings, or see what could not be read.'
            : 'No albums yet.';

  return (
    <section className="wall-view" aria-label="Album covers">
      <div className="toolbar">
        <input
          ref={searchField}
          className="toolbar__search"
          type="search"
          value={query}
          onChange={(event) => setQuery(event.target.value)}
          onKeyDown={(event) => {
            if (event.key === 'Escape' && query) {
              event.preventDefault();
              setQuery('');
            }
          }}
          placeholder="Search artist or album  ( / )"
          aria-label="Search artist or album"
          spellCheck={false}
        />
        <label className="toolbar__sort">
          <span>Sort by</span>
          <select value={sort} onChange={(event) => setSort(event.target.value as AlbumSort)}>
            {SORTS.map((option) => (
              <option key={option.value} value={option.value}>
                {option.label}
              </option>
            ))}
          </select>
        </label>
        <span className="toolbar__count muted" aria-live="polite">
          {total === null ? 'Loading…' : formatCount(total, 'album')}
        </span>
      </div>
      {error && <ErrorNote error={error} />}
      <div className="wall" ref={scroller} onScroll={onScroll} onKeyDown={onKeyDown}>
        {emptyMessage ? (
          <p className="empty">{emptyMessage}</p>
        ) : (
          <ul className="wall__canvas" style={{ height: Math.max(0, rowCount * layout.rowHeight - GAP) }} aria-label="Albums">
            {tiles}
          </ul>
        )}
      </div>
    </section>
  );
}
