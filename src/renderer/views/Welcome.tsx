import { FolderField } from '../components/FolderField.js';
import { useServices } from '../services.js';

/** First run: one thing to do, add a music folder. */
export function Welcome({ onAddFolder }: { onAddFolder: (path: string) => Promise<void> }) {
  const { transport } = useServices();
  return (
    <section className="welcome" aria-labelledby="welcome-title">
      <div className="welcome__art" aria-hidden="true">
        <span />
        <span />
        <span />
      </div>
      <h1 id="welcome-title">Welcome to Sleeve</h1>
      <p className="welcome__lead">
        Sleeve reads the album art in your music folders and makes playlists of albums whose covers look alike. Your files are
        only read, never changed.
      </p>
      <FolderField onAdd={onAddFolder} buttonLabel="Add a music folder" />
      {transport.dropFolders && <p className="muted">…or drag a folder onto this window.</p>}
    </section>
  );
}
