import { useState } from 'react';
import type { InsightLabel, Insights } from '../../shared/api-entities.js';
import { ErrorNote } from '../components/ErrorNote.js';
import { kindLabel } from '../components/MixEditor.js';
import { useAsync } from '../hooks.js';
import { useServices } from '../services.js';

/** AUC 0.5 is a coin toss; the bars start there so the differences show. */
const CHANCE = 0.5;

const LABELS: readonly { value: InsightLabel; label: string }[] = [
  { value: 'genre', label: 'the same genre' },
  { value: 'artist', label: 'the same artist' },
  { value: 'decade', label: 'the same decade' },
];

function barWidth(auc: number | null): string {
  return auc === null ? '0%' : `${Math.max(0, (auc - CHANCE) / (1 - CHANCE)) * 100}%`;
}

function fixed(value: number | null): string {
  return value === null ? 'n/a' : value.toFixed(3);
}

function AucChart({ insights }: { insights: Insights }) {
  return (
    <figure className="chart">
      <p className="chart__reading">{insights.reading}</p>
      <div className="chart__legend muted" aria-hidden="true">
        <span className="chart__key chart__key--all" /> all albums
        <span className="chart__key chart__key--nodup" /> near-duplicate covers left out
      </div>
      <ul className="chart__bars">
        {insights.kinds.map((kind) => (
          <li key={kind.kind} className="chart__row">
            <span className="chart__label">
              {kindLabel(kind.kind)}
              {kind.crossValidated && <span className="muted"> (held-out)</span>}
              {kind.kind === insights.playlistKind && <span className="badge badge--embedded">playlists</span>}
            </span>
            <span className="chart__track" aria-hidden="true">
              <span className="chart__bar" style={{ width: barWidth(kind.auc) }} />
              <span className="chart__bar chart__bar--nodup" style={{ width: barWidth(kind.aucWithoutDuplicates) }} />
            </span>
            <span className="chart__value" title="AUC (without near-duplicates)">
              {fixed(kind.auc)} <span className="muted">({fixed(kind.aucWithoutDuplicates)})</span>
            </span>
            <span className="chart__value" title="Precision at 10">
              {kind.precisionAt10 === null ? 'n/a' : `${Math.round(kind.precisionAt10 * 100)}%`}
            </span>
          </li>
        ))}
      </ul>
      <figcaption className="muted">
        AUC: how often a pair of albums with {LABELS.find((l) => l.value === insights.label)?.label} has more alike covers than a pair
        without; 0.5 is chance, 1 perfect. The last column is precision at 10: the share of the ten nearest covers with the same
        label. {insights.labelled.toLocaleString('en')} labelled albums in {insights.classes.toLocaleString('en')} groups;{' '}
        {insights.duplicates.albums.toLocaleString('en')} near-duplicate covers ({insights.duplicates.rule}).
        {insights.learnedUnavailable && ` Learned kind: ${insights.learnedUnavailable}.`}
      </figcaption>
    </figure>
  );
}

/** How well "looks like" predicts "sounds like" in this library, per descriptor kind. */
export function InsightsView() {
  const { api } = useServices();
  const [label, setLabel] = useState<InsightLabel>('genre');
  const insights = useAsync(() => api.call('insights.get', { label }), [label]);
  const data = insights.data;
  const mixTotal = data ? Object.values(data.playlistMix).reduce((sum, weight) => sum + weight, 0) : 0;
  return (
    <section className="insights" aria-labelledby="insights-title">
      <h1 id="insights-title">Insights</h1>
      <section className="panel" aria-labelledby="auc-title">
        <h2 id="auc-title">Do covers predict the music?</h2>
        <label className="toolbar__sort">
          <span>Related albums share</span>
          <select value={label} onChange={(event) => setLabel(event.target.value as InsightLabel)}>
            {LABELS.map((option) => (
              <option key={option.value} value={option.value}>
                {option.label}
              </option>
            ))}
          </select>
        </label>
        {insights.error && <ErrorNote error={insights.error} />}
        {insights.loading && <p className="muted">Measuring your library…</p>}
        {data && !insights.loading && (data.available ? <AucChart insights={data} /> : <p className="empty">{data.note}</p>)}
      </section>
      {data && (
        <section className="panel" aria-labelledby="mix-title">
          <h2 id="mix-title">What playlists use</h2>
          <div className="mixbar" role="img" aria-label="Descriptor mix of playlists">
            {Object.entries(data.playlistMix).map(([kind, weight]) => (
              <span key={kind} className={`mixbar__part mixbar__part--${kind}`} style={{ flexGrow: weight }}>
                {kindLabel(kind)} {Math.round((weight / mixTotal) * 100)}%
              </span>
            ))}
          </div>
          <p className="field__hint">Change the mix in Settings, or for one playlist in its controls.</p>
        </section>
      )}
    </section>
  );
}
