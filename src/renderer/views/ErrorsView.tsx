import { useState } from 'react';
import type { ScanErrorEntry } from '../../shared/api-entities.js';
import { ErrorNote } from '../components/ErrorNote.js';
import { formatCount } from '../format.js';
import { useAsync } from '../hooks.js';
import { useServices } from '../services.js';

const PAGE = 200;

/** Files the scans could not read, and why. */
export function ErrorsView() {
  const { api } = useServices();
  const [more, setMore] = useState<readonly ScanErrorEntry[]>([]);
  const first = useAsync(() => api.call('errors.list', { offset: 0, limit: PAGE }), []);
  const items = [...(first.data?.items ?? []), ...more];
  const total = first.data?.total ?? 0;
  const loadMore = async () => {
    const next = await api.call('errors.list', { offset: items.length, limit: PAGE });
    setMore((current) => [...current, ...next.items]);
  };
  return (
    <section className="errors panel" aria-labelledby="errors-title">
      <h1 id="errors-title">What could not be read</h1>
      {first.error && <ErrorNote error={first.error} />}
      {first.data && total === 0 && <p className="empty">Every file was read. Nothing to report.</p>}
      {total > 0 && <p className="muted">{formatCount(total, 'problem')}. The files are left as they are; fix them and rescan.</p>}
      <ul className="errors__list">
        {items.map((entry) => (
          <li key={entry.id}>
            <code>{entry.path}</code>
            <span>{entry.reason}</span>
          </li>
        ))}
      </ul>
      {items.length < total && (
        <button type="button" onClick={loadMore}>
          Show more
        </button>
      )}
    </section>
  );
}
