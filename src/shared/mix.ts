import { SleeveError } from './errors.js';

/** One descriptor kind in a mix and its share of the similarity (shares sum to 1). */
export interface KindWeight {
  readonly name: string;
  readonly weight: number;
}

/**
 * Parses a descriptor mix as typed: a single kind (`gist`) or a weighted mix
 * (`gist:0.7,color:0.3`). A kind without a weight counts 1; the weights are
 * then divided by their sum, so `gist:7,color:3` is the same mix.
 */
export function parseKindMix(spec: string, known: readonly string[]): KindWeight[] {
  const entries = spec.split(',').map((entry) => entry.trim());
  if (entries.length === 0 || entries.some((entry) => entry.length === 0)) {
    throw new SleeveError('bad_request', `The descriptor mix "${spec}" is empty or has an empty entry; write e.g. gist or gist:0.7,color:0.3.`);
  }
  const parsed: KindWeight[] = [];
  for (const entry of entries) {
    const colon = entry.indexOf(':');
    const name = (colon < 0 ? entry : entry.slice(0, colon)).trim();
    const weightText = colon < 0 ? '1' : entry.slice(colon + 1).trim();
    if (!known.includes(name)) {
      throw new SleeveError('bad_request', `Unknown descriptor kind "${name}" (known kinds: ${known.join(', ')}).`);
    }
    if (parsed.some((kind) => kind.name === name)) {
      throw new SleeveError('bad_request', `The descriptor kind "${name}" appears twice in "${spec}".`);
    }
    const weight = weightText.length > 0 ? Number(weightText) : Number.NaN;
    if (!Number.isFinite(weight) || weight <= 0) {
      throw new SleeveError('bad_request', `The weight "${weightText}" of the kind "${name}" must be a positive number.`);
    }
    parsed.push({ name, weight });
  }
  const total = parsed.reduce((sum, kind) => sum + kind.weight, 0);
  return parsed.map((kind) => ({ name: kind.name, weight: kind.weight / total }));
}

/** The mix written back as text, e.g. for summaries: `gist:0.7,color:0.3`. */
export function formatKindMix(mix: readonly KindWeight[]): string {
  if (mix.length === 1) return mix[0].name;
  return mix.map((kind) => `${kind.name}:${Number(kind.weight.toFixed(3))}`).join(',');
}

/**
 * A mix as stored and compared: weights divided by their sum, kinds with
 * weight 0 left out, in name order, so equal mixes have one spelling.
 */
export function normaliseMix(mix: Readonly<Record<string, number>>, known: readonly string[]): Record<string, number> {
  const entries = Object.entries(mix)
    .filter(([, weight]) => weight > 0)
    .sort(([a], [b]) => a.localeCompare(b));
  const unknown = entries.find(([name]) => !known.includes(name));
  if (unknown) throw new SleeveError('bad_request', `Unknown descriptor kind "${unknown[0]}" (known kinds: ${known.join(', ')}).`);
  if (entries.length === 0) throw new SleeveError('bad_request', 'The descriptor mix needs at least one kind with a weight above 0.');
  const total = entries.reduce((sum, [, weight]) => sum + weight, 0);
  return Object.fromEntries(entries.map(([name, weight]) => [name, weight / total]));
}
