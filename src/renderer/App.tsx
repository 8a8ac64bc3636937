import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { AppInfo, LibraryStatus, ScanState, Settings } from '../shared/api-entities.js';
import { ApiCallError } from '../shared/api-client.js';
import { ErrorNote } from './components/ErrorNote.js';
import { ScanMeter } from './components/ScanMeter.js';
import { useInterval } from './hooks.js';
import type { Navigate, Route } from './routes.js';
import { useServices } from './services.js';
import { forgetToken } from './transport.js';
import { AlbumView } from './views/AlbumView.js';
import { ErrorsView } from './views/ErrorsView.js';
import { InsightsView } from './views/InsightsView.js';
import { MapView } from './views/MapView.js';
import { SavedPlaylistsView } from './views/SavedPlaylistsView.js';
import { NoToken } from './views/NoToken.js';
import { PlaylistView } from './views/PlaylistView.js';
import { ScanView } from './views/ScanView.js';
import { SettingsView } from './views/SettingsView.js';
import { createWallMemory, prefetchWall, WallView } from './views/WallView.js';
import { Welcome } from './views/Welcome.js';

/** How often the scan's progress is asked for while it runs. */
const SCAN_POLL_MS = 250;
/** While no scan runs here, how often the library is looked at for changes made elsewhere (the command line, another window). */
const LIBRARY_POLL_MS = 5000;

export function App() {
  const { api, transport } = useServices();
  const [info, setInfo] = useState<AppInfo>();
  const [status, setStatus] = useState<LibraryStatus>();
  const [settings, setSettings] = useState<Settings>();
  const [scan, setScan] = useState<ScanState>();
  const [stack, setStack] = useState<readonly Route[]>([{ name: 'wall' }]);
  const [failure, setFailure] = useState<Error>();
  const [dropHint, setDropHint] = useState(false);
  const wallMemory = useRef(createWallMemory());
  const route = stack[stack.length - 1];

  const fail = useCallback((error: unknown) => {
    setFailure(error instanceof Error ? error : new Error(String(error)));
  }, []);

  const refreshStatus = useCallback(async () => {
    try {
      setStatus(await api.call('library.status'));
    } catch (error) {
      fail(error);
    }
  }, [api, fail]);

  useEffect(() => {
    prefetchWall(wallMemory.current, api);
    Promise.all([api.call('app.info'), api.call('library.status'), api.call('settings.get'), api.call('scan.progress')]).then(
      ([appInfo, libraryStatus, appSettings, scanState]) => {
        setInfo(appInfo);
        setStatus(libraryStatus);
        setSettings(appSettings);
        setScan(scanState);
      },
      fail,
    );
  }, [api, fail]);

  useInterval(
    () => {
      api.call('scan.progress').then((next) => {
        setScan(next);
        if (!next.running) {
          wallMemory.current = createWallMemory();
          void refreshStatus();
        }
      }, fail);
    },
    scan?.running ? SCAN_POLL_MS : null,
  );

  // A scan from the command line (or another window) changes the library under the app: notice it and show what changed.
  useInterval(
    () => {
      api.call('library.status').then((next) => {
        setStatus((current) => {
          const changed = !current || current.lastScan !== next.lastScan || current.albums !== next.albums || current.tracks !== next.tracks;
          if (changed) wallMemory.current = createWallMemory();
          return changed || (current.scanningElsewhere === null) !== (next.scanningElsewhere === null) || JSON.stringify(current.refining) !== JSON.stringify(next.refining) ? next : current;
        });
      }, fail);
    },
    scan?.running ? null : LIBRARY_POLL_MS,
  );

  const theme = settings?.theme ?? 'system';
  useEffect(() => {
    if (theme === 'system') delete document.documentElement.dataset.theme;
    else document.documentElement.dataset.theme = theme;
  }, [theme]);

  const navigate: Navigate = useMemo(
    () => ({
      push: (next) => setStack((current) => [...current, next]),
      back: () => setStack((current) => (current.length > 1 ? current.slice(0, -1) : current)),
      reset: (next) => setStack([next]),
    }),
    [],
  );

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== 'Escape' || event.defaultPrevented) return;
      navigate.back();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [navigate]);

  const startScan = useCallback(async () => {
    try {
      setScan(await api.call('scan.start'));
      navigate.push({ name: 'scan' });
    } catch (error) {
      fail(error);
    }
  }, [api, fail, navigate]);

  /** Adds a music folder and scans it; errors are thrown back to the form that asked. */
  const addFolder = useCallback(
    async (path: string) => {
      await api.call('library.roots.add', { path });
      await refreshStatus();
      await startScan();
    },
    [api, refreshStatus, startScan],
  );

  // Desktop only: a folder dropped anywhere on the window is added (Electron gives it a path).
  useEffect(() => {
    if (!transport.dropFolders) return;
    const over = (event: DragEvent) => {
      event.preventDefault();
      setDropHint(true);
    };
    const leave = () => setDropHint(false);
    const drop = (event: DragEvent) => {
      event.preventDefault();
      setDropHint(false);
      const file = event.dataTransfer?.files[0];
      const path = file ? transport.pathForFile(file) : null;
      if (path) addFolder(path).catch(fail);
    };
    window.addEventListener('dragover', over);
    window.addEventListener('dragleave', leave);
    window.addEventListener('drop', drop);
    return () => {
      window.removeEventListener('dragover', over);
      window.removeEventListener('dragleave', leave);
      window.removeEventListener('drop', drop);
    };
  }, [transport, addFolder, fail]);

  const saveSettings = useCallback(
    async (changes: Partial<Settings>) => {
      try {
        setSettings(await api.call('settings.set', changes));
      } catch (error) {
        fail(error);
      }
    },
    [api, fail],
  );

  if (failure instanceof ApiCallError && failure.code === 'unauthorized') {
    forgetToken();
    return <NoToken />;
  }
  if (!info || !status || !settings || !scan) {
    return (
      <main className="centered" aria-busy="true">
        {failure ? <ErrorNote error={failure} /> : <p className="muted">Opening the library…</p>}
      </main>
    );
  }

  const empty = status.roots === 0 && !scan.running;
  const top = route.name;
  const view = (() => {
    switch (route.name) {
      case 'wall':
        return empty ? (
          <Welcome onAddFolder={addFolder} />
        ) : (
          <WallView key={wallMemory.current.id} memory={wallMemory.current} status={status} navigate={navigate} scanning={scan.running} />
        );
      case 'scan':
        return (
          <ScanView
            scan={scan}
            onCancel={() => api.call('scan.cancel').then(setScan, fail)}
            onBrowse={() => navigate.reset({ name: 'wall' })}
            onShowErrors={() => navigate.push({ name: 'errors' })}
          />
        );
      case 'album':
        return <AlbumView key={route.id} id={route.id} preview={route.preview} navigate={navigate} />;
      case 'playlist':
        return (
          <PlaylistView
            key={`${route.albumId}-${route.toAlbumId ?? ''}`}
            albumId={route.albumId}
            toAlbumId={route.toAlbumId}
            kinds={info.kinds}
            settings={settings}
            navigate={navigate}
          />
        );
      case 'settings':
        return (
          <SettingsView
            settings={settings}
            info={info}
            scanning={scan.running}
            onChange={saveSettings}
            onAddFolder={addFolder}
            onRescan={startScan}
            onRootsChanged={() => {
              wallMemory.current = createWallMemory();
              void refreshStatus();
            }}
            onShowErrors={() => navigate.push({ name: 'errors' })}
          />
        );
      case 'map':
        return <MapView navigate={navigate} />;
      case 'playlists':
        return <SavedPlaylistsView />;
      case 'insights':
        return <InsightsView />;
      case 'errors':
        return <ErrorsView />;
    }
  })();

  return (
    <div className={dropHint ? 'app app--drop' : 'app'}>
      <header className="topbar">
        <button type="button" className="brand" onClick={() => navigate.reset({ name: 'wall' })} aria-label="Sleeve: back to the covers">
          <span className="brand__mark" aria-hidden="true" />
          Sleeve
        </button>
        <nav className="topbar__nav" aria-label="Main">
          <button type="button" aria-current={top === 'wall' || top === 'album' || top === 'playlist' ? 'page' : undefined} onClick={() => navigate.reset({ name: 'wall' })}>
            Library
          </button>
          <button type="button" aria-current={top === 'map' ? 'page' : undefined} onClick={() => navigate.reset({ name: 'map' })}>
            Map
          </button>
          <button type="button" aria-current={top === 'playlists' ? 'page' : undefined} onClick={() => navigate.reset({ name: 'playlists' })}>
            Playlists
          </button>
          <button type="button" aria-current={top === 'insights' ? 'page' : undefined} onClick={() => navigate.reset({ name: 'insights' })}>
            Insights
          </button>
          <button type="button" aria-current={top === 'settings' ? 'page' : undefined} onClick={() => navigate.reset({ name: 'settings' })}>
            Settings
          </button>
        </nav>
        <div className="topbar__end">
          {scan.running && top !== 'scan' && <ScanMeter scan={scan} onOpen={() => navigate.push({ name: 'scan' })} />}
          {stack.length > 1 && (
            <button type="button" className="ghost" onClick={navigate.back} title="Back (Esc)">
              ← Back
            </button>
          )}
        </div>
      </header>
      {failure && (
        <div className="banner" role="alert">
          <ErrorNote error={failure} />
          <button type="button" className="ghost" onClick={() => setFailure(undefined)}>
            Dismiss
          </button>
        </div>
      )}
      {status?.refining && (
        <div className="banner" role="status">
          Refining… {status.refining.running ? 'describing' : 'about to describe'} covers with the {status.refining.kind} network: {status.refining.described}{' '}
          of {status.refining.covers}. “Looks like” uses layout and palette until it is done.
        </div>
      )}
      {status?.scanningElsewhere && (
        <div className="banner" role="status">
          A scan of this library is running in another program (process {status.scanningElsewhere.pid}); what it finds appears here when it is done.
        </div>
      )}
      <main className="content">{view}</main>
      {dropHint && <div className="drop-hint">Drop a music folder to add it</div>}
    </div>
  );
}
