import { useCallback, useEffect, useMemo, useRef, useState, type KeyboardEvent as ReactKeyboardEvent, type PointerEvent as ReactPointerEvent } from 'react';
import type { AtlasPoint, AtlasState } from '../../shared/api-atlas.js';
import { ErrorNote } from '../components/ErrorNote.js';
import { useInterval } from '../hooks.js';
import type { Navigate } from '../routes.js';
import { useServices } from '../services.js';
import { fitView, PointGrid, toMap, toScreen, zoomAbout, type View } from './map-geometry.js';
import './map-view.css';

/** How often the map is asked for while it is laid out. */
const POLL_MS = 500;
/** Covers narrower than this on screen are drawn as dots (level of detail). */
const MIN_COVER_PX = 10;
const DOT_PX = 3;
/** A press that moves less than this is a click, not a pan. */
const CLICK_SLOP_PX = 4;
/** The pointer finds a dot within this many pixels. */
const HIT_PX = 8;
const ZOOM_STEP = 1.25;
const PAN_STEP_PX = 60;
/** Categories coloured in an overlay; the rest share OTHER_COLOUR. */
const PALETTE = ['#e6194b', '#3cb44b', '#4363d8', '#f58231', '#911eb4', '#42d4f4', '#f032e6', '#bfef45', '#fabed4', '#469990'];
const OTHER_COLOUR = '#8a8a90';
const DIM_ALPHA = 0.18;

type Overlay = 'none' | 'genre' | 'decade' | 'artist';

/** Where the map was looked at last, so coming back from an album finds it as it was left. */
let rememberedView: View | null = null;

function category(point: AtlasPoint, overlay: Overlay): string {
  if (overlay === 'genre') return point.genre ?? 'No genre';
  if (overlay === 'decade') return point.year === null ? 'No year' : `${Math.floor(point.year / 10) * 10}s`;
  return point.artist;
}

/**
 * The map of the library's covers: covers that look alike lie together.
 * Pan by dragging (or the arrow keys), zoom with the wheel (or + and −);
 * far out the covers are dots, close in their pictures. Hovering names the
 * album, a click opens it, and a line drawn with Shift held (or in "Draw a
 * journey" mode) makes a journey from the cover where it starts to the one
 * where it ends.
 */
export function MapView({ navigate }: { navigate: Navigate }) {
  const { api, coverUrl } = useServices();
  const [atlas, setAtlas] = useState<AtlasState>();
  const [failure, setFailure] = useState<Error>();
  const [hover, setHover] = useState<{ point: AtlasPoint; x: number; y: number } | null>(null);
  const [search, setSearch] = useState('');
  const [overlay, setOverlay] = useState<Overlay>('none');
  const [drawMode, setDrawMode] = useState(false);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const frameRef = useRef<HTMLDivElement>(null);
  const viewRef = useRef<View | null>(null);
  const fittedRef = useRef(1);
  const sizeRef = useRef({ width: 0, height: 0 });
  const images = useRef(new Map<number, HTMLImageElement>());
  const pathRef = useRef<[number, number][]>([]);
  const pressRef = useRef<{ x: number; y: number; view: View; drawing: boolean; moved: boolean } | null>(null);
  const pending = useRef(0);
  const drawRef = useRef<() => void>(() => {});
  /** One redraw on the next frame, however many changes ask for it. */
  const schedule = useCallback(() => {
    if (!pending.current) {
      pending.current = requestAnimationFrame(() => {
        pending.current = 0;
        drawRef.current();
      });
    }
  }, []);

  const load = useCallback(() => {
    api.call('atlas.get', {}).then(setAtlas, (error: unknown) => setFailure(error instanceof Error ? error : new Error(String(error))));
  }, [api]);
  useEffect(load, [load]);
  useInterval(load, atlas?.running ? POLL_MS : null);

  const points = useMemo(() => atlas?.map?.points ?? [], [atlas]);
  const separation = atlas?.map?.separation ?? 0.05;
  const grid = useMemo(() => new PointGrid(points, Math.max(separation, 0.01)), [points, separation]);
  const matches = useMemo(() => {
    const text = search.trim().toLowerCase();
    if (!text) return null;
    return new Set(points.filter((p) => p.artist.toLowerCase().includes(text) || p.album.toLowerCase().includes(text)).map((p) => p.albumId));
  }, [points, search]);
  const legend = useMemo(() => {
    if (overlay === 'none') return new Map<string, string>();
    const counts = new Map<string, number>();
    for (const p of points) counts.set(category(p, overlay), (counts.get(category(p, overlay)) ?? 0) + 1);
    const top = [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, PALETTE.length);
    return new Map(top.map(([name], i) => [name, PALETTE[i]]));
  }, [points, overlay]);

  const draw = useCallback(() => {
    const canvas = canvasRef.current;
    const view = viewRef.current;
    if (!canvas || !view) return;
    const context = canvas.getContext('2d');
    if (!context) return;
    const { width, height } = sizeRef.current;
    const ratio = window.devicePixelRatio || 1;
    context.setTransform(ratio, 0, 0, ratio, 0, 0);
    context.clearRect(0, 0, width, height);
    const coverPx = separation * view.scale;
    const asCovers = coverPx >= MIN_COVER_PX;
    const half = asCovers ? coverPx / 2 : DOT_PX;
    let drawn = 0;
    for (const p of points) {
      const [sx, sy] = toScreen(view, p.x, p.y);
      if (sx < -half || sy < -half || sx > width + half || sy > height + half) continue;
      drawn++;
      const dimmed = matches !== null && !matches.has(p.albumId);
      context.globalAlpha = dimmed ? DIM_ALPHA : 1;
      const colour = overlay === 'none' ? null : (legend.get(category(p, overlay)) ?? OTHER_COLOUR);
      if (asCovers) {
        let image = images.current.get(p.artworkId);
        if (!image) {
          image = new Image();
          image.decoding = 'async';
          image.onload = () => schedule();
          image.src = coverUrl(p.artworkId);
          images.current.set(p.artworkId, image);
        }
        if (image.complete && image.naturalWidth > 0) context.drawImage(image, sx - half, sy - half, coverPx, coverPx);
        else {
          context.fillStyle = '#55555c';
          context.fillRect(sx - half, sy - half, coverPx, coverPx);
        }
        if (colour) {
          context.strokeStyle = colour;
          context.lineWidth = Math.max(2, coverPx / 14);
          context.strokeRect(sx - half, sy - half, coverPx, coverPx);
        }
      } else {
        context.fillStyle = colour ?? '#9a9aa3';
        context.fillRect(sx - DOT_PX / 2, sy - DOT_PX / 2, DOT_PX, DOT_PX);
      }
      if (matches?.has(p.albumId)) {
        context.strokeStyle = '#fb923c';
        context.lineWidth = 2;
        context.strokeRect(sx - half - 2, sy - half - 2, 2 * half + 4, 2 * half + 4);
      }
    }
    context.globalAlpha = 1;
    const path = pathRef.current;
    if (path.length > 1) {
      context.strokeStyle = '#fb923c';
      context.lineWidth = 3;
      context.beginPath();
      path.forEach(([x, y], i) => {
        const [sx, sy] = toScreen(view, x, y);
        if (i === 0) context.moveTo(sx, sy);
        else context.lineTo(sx, sy);
      });
      context.stroke();
    }
    canvas.dataset.scale = view.scale.toFixed(3);
    canvas.dataset.tx = view.tx.toFixed(2);
    canvas.dataset.ty = view.ty.toFixed(2);
    canvas.dataset.drawn = String(drawn);
    canvas.dataset.detail = asCovers ? 'covers' : 'dots';
  }, [points, separation, matches, overlay, legend, coverUrl, schedule]);
  useEffect(() => {
    drawRef.current = draw;
    schedule();
  }, [draw, schedule]);

  // The canvas follows its frame's size; the first size fits the whole map.
  useEffect(() => {
    const frame = frameRef.current;
    const canvas = canvasRef.current;
    if (!frame || !canvas) return;
    const resize = () => {
      const { width, height } = frame.getBoundingClientRect();
      const ratio = window.devicePixelRatio || 1;
      canvas.width = Math.round(width * ratio);
      canvas.height = Math.round(height * ratio);
      canvas.style.width = `${width}px`;
      canvas.style.height = `${height}px`;
      sizeRef.current = { width, height };
      const fitted = fitView(width, height);
      fittedRef.current = fitted.scale;
      if (!viewRef.current) viewRef.current = rememberedView ?? fitted;
      schedule();
    };
    const observer = new ResizeObserver(resize);
    observer.observe(frame);
    resize();
    return () => observer.disconnect();
  }, [schedule]);
  useEffect(() => () => cancelAnimationFrame(pending.current), []);

  const setView = (view: View) => {
    viewRef.current = view;
    rememberedView = view;
    setHover(null);
    schedule();
  };

  const local = (event: { clientX: number; clientY: number }): [number, number] => {
    const rect = canvasRef.current!.getBoundingClientRect();
    return [event.clientX - rect.left, event.clientY - rect.top];
  };

  const pointAt = (px: number, py: number): AtlasPoint | null => {
    const view = viewRef.current;
    if (!view) return null;
    const [x, y] = toMap(view, px, py);
    return grid.nearest(x, y, Math.max(separation / 2, HIT_PX / view.scale));
  };

  const onPointerDown = (event: ReactPointerEvent<HTMLCanvasElement>) => {
    if (!viewRef.current) return;
    event.currentTarget.setPointerCapture(event.pointerId);
    event.currentTarget.focus();
    const [px, py] = local(event);
    const drawing = drawMode || event.shiftKey;
    pressRef.current = { x: px, y: py, view: viewRef.current, drawing, moved: false };
    pathRef.current = drawing ? [toMap(viewRef.current, px, py)] : [];
  };

  const onPointerMove = (event: ReactPointerEvent<HTMLCanvasElement>) => {
    const [px, py] = local(event);
    const press = pressRef.current;
    if (press) {
      if (Math.hypot(px - press.x, py - press.y) > CLICK_SLOP_PX) press.moved = true;
      if (press.drawing) {
        pathRef.current.push(toMap(viewRef.current!, px, py));
        schedule();
      } else if (press.moved) {
        setView({ ...press.view, tx: press.view.tx + px - press.x, ty: press.view.ty + py - press.y });
      }
      return;
    }
    const point = pointAt(px, py);
    setHover((current) => (point ? (current?.point === point ? current : { point, x: px, y: py }) : null));
  };

  const onPointerUp = (event: ReactPointerEvent<HTMLCanvasElement>) => {
    const press = pressRef.current;
    pressRef.current = null;
    if (!press) return;
    const [px, py] = local(event);
    if (press.drawing) {
      const path = pathRef.current;
      pathRef.current = [];
      schedule();
      if (path.length < 2) return;
      const reach = Math.max(separation * 2, (HIT_PX * 3) / (viewRef.current?.scale ?? 1));
      const start = grid.nearest(path[0][0], path[0][1], reach);
      const end = grid.nearest(path[path.length - 1][0], path[path.length - 1][1], reach);
      if (start && end && start.albumId !== end.albumId) {
        setDrawMode(false);
        navigate.push({ name: 'playlist', albumId: start.albumId, toAlbumId: end.albumId });
      }
      return;
    }
    if (!press.moved) {
      const point = pointAt(px, py);
      if (point) navigate.push({ name: 'album', id: point.albumId });
    }
  };

  const onWheel = useCallback(
    (event: WheelEvent) => {
      const view = viewRef.current;
      if (!view) return;
      event.preventDefault();
      const rect = canvasRef.current!.getBoundingClientRect();
      const factor = Math.exp(-event.deltaY * (event.ctrlKey ? 0.01 : 0.0015));
      viewRef.current = zoomAbout(view, factor, event.clientX - rect.left, event.clientY - rect.top, fittedRef.current);
      rememberedView = viewRef.current;
      setHover(null);
      schedule();
    },
    [schedule],
  );
  // React's onWheel is passive: zooming must stop the page from scrolling, so the listener is added by hand.
  useEffect(() => {
    const canvas = canvasRef.current;
    canvas?.addEventListener('wheel', onWheel, { passive: false });
    return () => canvas?.removeEventListener('wheel', onWheel);
  }, [onWheel]);

  const onKeyDown = (event: ReactKeyboardEvent<HTMLCanvasElement>) => {
    const view = viewRef.current;
    if (!view) return;
    const { width, height } = sizeRef.current;
    const pan = (dx: number, dy: number) => setView({ ...view, tx: view.tx + dx, ty: view.ty + dy });
    switch (event.key) {
      case 'ArrowLeft':
        pan(PAN_STEP_PX, 0);
        break;
      case 'ArrowRight':
        pan(-PAN_STEP_PX, 0);
        break;
      case 'ArrowUp':
        pan(0, PAN_STEP_PX);
        break;
      case 'ArrowDown':
        pan(0, -PAN_STEP_PX);
        break;
      case '+':
      case '=':
        setView(zoomAbout(view, ZOOM_STEP, width / 2, height / 2, fittedRef.current));
        break;
      case '-':
        setView(zoomAbout(view, 1 / ZOOM_STEP, width / 2, height / 2, fittedRef.current));
        break;
      case '0':
        setView(fitView(width, height));
        break;
      case 'Enter':
        if (hover) navigate.push({ name: 'album', id: hover.point.albumId });
        break;
      default:
        return;
    }
    event.preventDefault();
  };

  const map = atlas?.map;
  return (
    <section className="map-view" aria-label="Map of the covers">
      <div className="map-view__bar">
        <h1>Map</h1>
        <input type="search" placeholder="Find artist or album" aria-label="Find on the map" value={search} onChange={(e) => setSearch(e.target.value)} />
        <label>
          Colour by{' '}
          <select value={overlay} onChange={(e) => setOverlay(e.target.value as Overlay)} aria-label="Colour by">
            <option value="none">nothing</option>
            <option value="genre">genre</option>
            <option value="decade">decade</option>
            <option value="artist">artist</option>
          </select>
        </label>
        <button type="button" aria-pressed={drawMode} onClick={() => setDrawMode((on) => !on)} title="Or hold Shift and draw">
          Draw a journey
        </button>
        <span className="muted map-view__status" role="status">
          {atlas?.running
            ? `Laying out the map… ${atlas.progress ? `${atlas.progress.phase === 'neighbours' ? 'finding neighbours' : 'placing covers'} ${Math.floor((100 * atlas.progress.done) / Math.max(1, atlas.progress.total))}%` : ''}`
            : map
              ? `${map.points.length} albums${matches ? ` · ${matches.size} found` : ''}${map.unplaced > 0 ? ` · ${map.unplaced} without a described cover` : ''}`
              : ''}
        </span>
      </div>
      {failure && <ErrorNote error={failure} />}
      {atlas?.error && <p role="alert">{atlas.error}</p>}
      <div className="map-view__frame" ref={frameRef}>
        <canvas
          ref={canvasRef}
          className={drawMode ? 'map-view__canvas map-view__canvas--draw' : 'map-view__canvas'}
          tabIndex={0}
          role="img"
          aria-label="Covers placed by how alike they look. Drag or use the arrow keys to move, the wheel or + and − to zoom, 0 to see it all; click a cover to open its album; hold Shift and draw to make a journey."
          data-points={points.length}
          onPointerDown={onPointerDown}
          onPointerMove={onPointerMove}
          onPointerUp={onPointerUp}
          onPointerLeave={() => setHover(null)}
          onKeyDown={onKeyDown}
        />
        {hover && (
          <div className="map-view__tip" role="tooltip" style={{ left: hover.x + 14, top: hover.y + 14 }}>
            <strong>{hover.point.album}</strong>
            <span>{hover.point.artist}</span>
          </div>
        )}
        {overlay !== 'none' && legend.size > 0 && (
          <ul className="map-view__legend" aria-label={`Colours by ${overlay}`}>
            {[...legend.entries()].map(([name, colour]) => (
              <li key={name}>
                <span className="map-view__swatch" style={{ background: colour }} aria-hidden="true" />
                {name}
              </li>
            ))}
            <li>
              <span className="map-view__swatch" style={{ background: OTHER_COLOUR }} aria-hidden="true" />
              other
            </li>
          </ul>
        )}
        {!atlas?.running && map && map.points.length === 0 && <p className="map-view__empty muted">No cover is described yet: scan a music folder first.</p>}
      </div>
    </section>
  );
}
