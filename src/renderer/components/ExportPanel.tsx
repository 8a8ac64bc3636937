import { useState, type FormEvent } from 'react';
import type { PlaylistFormat } from '../../shared/api-entities.js';
import { ApiCallError } from '../../shared/api-client.js';
import { playlistFileName } from '../format.js';
import { useServices } from '../services.js';
import { ErrorNote } from './ErrorNote.js';

const FORMATS: readonly { value: PlaylistFormat; label: string }[] = [
  { value: 'm3u8', label: 'M3U8 (UTF-8, most players)' },
  { value: 'm3u', label: 'M3U (older players)' },
  { value: 'xspf', label: 'XSPF (XML)' },
];

interface ExportPanelProps {
  readonly trackIds: readonly number[];
  readonly title: string;
  readonly relativeByDefault: boolean;
}

/**
 * Saves the playlist: the native save dialog in the desktop app, a path
 * field in browser mode. An existing file is replaced only when the user
 * says so.
 */
export function ExportPanel({ trackIds, title, relativeByDefault }: ExportPanelProps) {
  const { api, transport } = useServices();
  const [format, setFormat] = useState<PlaylistFormat>('m3u8');
  const [relative, setRelative] = useState(relativeByDefault);
  const [path, setPath] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error>();
  const [exists, setExists] = useState(false);
  const [saved, setSaved] = useState<string>();

  const save = async (target: string, overwrite: boolean) => {
    setBusy(true);
    setError(undefined);
    setExists(false);
    setSaved(undefined);
    try {
      const result = await api.call('playlists.export', { trackIds: [...trackIds], format, path: target, relative, overwrite, title });
      setSaved(`Saved ${result.entries} tracks to ${result.path}`);
    } catch (caught) {
      if (caught instanceof ApiCallError && caught.code === 'conflict') setExists(true);
      setError(caught instanceof Error ? caught : new Error(String(caught)));
    } finally {
      setBusy(false);
    }
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!transport.dialogs) {
      if (path.trim()) await save(path.trim(), false);
      return;
    }
    try {
      const chosen = await api.call('dialog.saveFile', { defaultName: playlistFileName(title, format), format });
      if (chosen.path) {
        setPath(chosen.path);
        // The native dialog already asked before replacing a file.
        await save(chosen.path, true);
      }
    } catch (caught) {
      setError(caught instanceof Error ? caught : new Error(String(caught)));
    }
  };

  return (
    <form className="export" onSubmit={submit} aria-label="Export the playlist">
      <h3>Export</h3>
      <div className="export__options">
        <label className="field">
          <span className="field__label">Format</span>
          <select value={format} onChange={(event) => setFormat(event.target.value as PlaylistFormat)}>
            {FORMATS.map((option) => (
              <option key={option.value} value={option.value}>
                {option.label}
              </option>
            ))}
          </select>
        </label>
        <label className="check">
          <input type="checkbox" checked={relative} onChange={(event) => setRelative(event.target.checked)} />
          Paths relative to the playlist file
        </label>
      </div>
      {!transport.dialogs && (
        <label className="field">
          <span className="field__label">Save as (full path of the playlist file)</span>
          <input
            type="text"
            name="export-path"
            value={path}
            onChange={(event) => setPath(event.target.value)}
            placeholder={`/home/you/Playlists/${playlistFileName(title, format)}`}
            spellCheck={false}
            autoComplete="off"
          />
        </label>
      )}
      <div className="export__actions">
        <button type="submit" className="primary" disabled={busy || trackIds.length === 0 || (!transport.dialogs && path.trim() === '')}>
          {busy ? 'Saving…' : transport.dialogs ? 'Save as…' : 'Save playlist'}
        </button>
        {exists && !transport.dialogs && (
          <button type="button" onClick={() => save(path.trim(), true)} disabled={busy}>
            Replace the existing file
          </button>
        )}
      </div>
      {error && <ErrorNote error={error} />}
      {saved && (
        <p className="success" role="status">
          {saved}
        </p>
      )}
    </form>
  );
}
