import type { DescriptorMix } from '../../shared/api-entities.js';

const KIND_LABELS: Readonly<Record<string, string>> = {
  neural: 'Neural (what the cover shows)',
  tiny: 'Tiny (16×16 grey)',
  gist: 'GIST (layout and texture)',
  color: 'Colour (palette)',
  learned: 'Learned (from your tags)',
};

/** What each kind sees, in one line (Settings). */
export const KIND_HINTS: Readonly<Record<string, string>> = {
  neural: 'A face, people, a scene, a drawing, typography: the cover as a small image network (MobileNetV2) sees it.',
  tiny: 'The cover shrunk to 16×16 grey pixels: light and dark masses only.',
  gist: 'Layout and texture at several scales and orientations (colour GIST).',
  color: 'The palette and where its colours sit, as the eye tells colours apart (CIELAB).',
  learned: 'A projection of the other kinds fitted to your own tags (genre, artist or decade).',
};

/** A kind's name for people; a mix like `gist:0.7,color:0.3` reads "Mix: gist 70% + color 30%". */
export function kindLabel(kind: string): string {
  if (!kind.includes(':') && !kind.includes(',')) return KIND_LABELS[kind] ?? kind;
  const parts = kind.split(',').map((part) => {
    const [name, weight] = part.split(':');
    return `${name} ${Math.round(Number(weight ?? 1) * 100)}%`;
  });
  return `Mix: ${parts.join(' + ')}`;
}

interface MixEditorProps {
  readonly kinds: readonly string[];
  readonly value: DescriptorMix;
  readonly onChange: (mix: DescriptorMix) => void;
}

/** One slider per descriptor kind; the shares shown are the weights divided by their sum. */
export function MixEditor({ kinds, value, onChange }: MixEditorProps) {
  const names = kinds.length > 0 ? kinds : Object.keys(value);
  const total = names.reduce((sum, kind) => sum + (value[kind] ?? 0), 0);
  return (
    <fieldset className="mix">
      <legend>Descriptor mix</legend>
      {names.map((kind) => {
        const weight = value[kind] ?? 0;
        const share = total > 0 ? Math.round((weight / total) * 100) : 0;
        return (
          <label key={kind} className="mix__row">
            <span className="mix__name" title={KIND_HINTS[kind]}>
              {kindLabel(kind)}
            </span>
            <input
              type="range"
              min={0}
              max={1}
              step={0.05}
              value={weight}
              onChange={(event) => onChange({ ...value, [kind]: Number(event.target.value) })}
            />
            <span className="mix__share">{share}%</span>
          </label>
        );
      })}
      {total === 0 && <p className="error-note">Give at least one kind a weight above 0.</p>}
    </fieldset>
  );
}

/** A mix the API accepts: only the kinds with weight, and at least one of them. */
export function usableMix(mix: DescriptorMix): DescriptorMix | undefined {
  const entries = Object.entries(mix).filter(([, weight]) => weight > 0);
  return entries.length > 0 ? Object.fromEntries(entries) : undefined;
}
