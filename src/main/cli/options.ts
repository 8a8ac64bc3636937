import { resolve } from 'node:path';
import { existsSync } from 'node:fs';
import { formatKindMix, parseKindMix } from '../../shared/mix.js';
import { UsageError } from './context.js';

/** A number option, refused with the flag's name when it is not a number. */
export function numberOption(name: string, text: string): number {
  const value = Number(text);
  if (text.trim().length === 0 || !Number.isFinite(value)) throw new UsageError(`--${name} must be a number (got "${text}")`);
  return value;
}

export function wholeNumberOption(name: string, text: string, min: number, max: number): number {
  const value = Number(text);
  if (!/^\d+$/.test(text.trim()) || value < min || value > max) {
    throw new UsageError(`--${name} must be a whole number from ${min} to ${max} (got "${text}")`);
  }
  return value;
}

/**
 * ALBUM as typed on the command line: an id stays a number; an existing file
 * (relative to where the command runs) becomes its absolute path, since the
 * service knows nothing of this shell's folder; anything else is a name.
 */
export function seedArgument(text: string): number | string {
  const trimmed = text.trim();
  if (/^\d+$/.test(trimmed) && Number(trimmed) > 0 && Number.isSafeInteger(Number(trimmed))) return Number(trimmed);
  const path = resolve(trimmed);
  return existsSync(path) ? path : trimmed;
}

/** A path argument made absolute against the folder the command runs in. */
export function pathArgument(text: string): string {
  return resolve(text);
}

/** `gist` or `gist:0.7,color:0.3` as the contract's mix object; the kinds are checked against those the library offers. */
export function mixArgument(spec: string, known: readonly string[]): Record<string, number> {
  return Object.fromEntries(parseKindMix(spec, known).map(({ name, weight }) => [name, weight]));
}

/** A mix written back as text: `gist`, or `gist:0.7,color:0.3`. */
export function formatMix(mix: Readonly<Record<string, number>>): string {
  return formatKindMix(Object.entries(mix).map(([name, weight]) => ({ name, weight })));
}
