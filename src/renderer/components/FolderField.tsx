import { useState, type FormEvent } from 'react';
import { useServices } from '../services.js';
import { ErrorNote } from './ErrorNote.js';

interface FolderFieldProps {
  readonly onAdd: (path: string) => Promise<void>;
  readonly buttonLabel?: string;
}

/**
 * Adding a music folder: the native folder dialog in the desktop app, a path
 * field in browser mode (the page cannot open the server's file dialogs).
 */
export function FolderField({ onAdd, buttonLabel = 'Add folder' }: FolderFieldProps) {
  const { api, transport } = useServices();
  const [path, setPath] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error>();

  const add = async (chosen: string) => {
    setBusy(true);
    setError(undefined);
    try {
      await onAdd(chosen);
      setPath('');
    } catch (caught) {
      setError(caught instanceof Error ? caught : new Error(String(caught)));
    } finally {
      setBusy(false);
    }
  };

  if (transport.dialogs) {
    const choose = async () => {
      try {
        const picked = await api.call('dialog.openFolder', { title: 'Choose a music folder' });
        if (picked.path) await add(picked.path);
      } catch (caught) {
        setError(caught instanceof Error ? caught : new Error(String(caught)));
      }
    };
    return (
      <div className="folder-field">
        <button type="button" className="primary" onClick={choose} disabled={busy}>
          {busy ? 'Adding…' : `${buttonLabel}…`}
        </button>
        {error && <ErrorNote error={error} />}
      </div>
    );
  }

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (path.trim()) void add(path.trim());
  };
  return (
    <form className="folder-field" onSubmit={submit}>
      <label className="field">
        <span className="field__label">Music folder (full path)</span>
        <span className="field__row">
          <input
            type="text"
            name="folder"
            value={path}
            onChange={(event) => setPath(event.target.value)}
            placeholder="/home/you/Music"
            spellCheck={false}
            autoComplete="off"
          />
          <button type="submit" className="primary" disabled={busy || path.trim() === ''}>
            {busy ? 'Adding…' : buttonLabel}
          </button>
        </span>
      </label>
      {error && <ErrorNote error={error} />}
    </form>
  );
}
