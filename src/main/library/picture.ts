/**
 * Image type detection from the bytes themselves. Declared MIME strings in
 * tags are unreliable ("image/jpg", "jpeg", "image/JPEG\0", "application/
 * octet-stream"), and some parsers hand back ASF/WMA pictures a few bytes off
 * their real start, so the signature is searched near the beginning.
 */
export type PictureFormat = 'jpeg' | 'png' | 'gif' | 'webp' | 'bmp' | 'tiff';

/** How far into a picture's bytes the real signature may start. */
const MAX_SIGNATURE_OFFSET = 64;

interface Signature {
  readonly format: PictureFormat;
  readonly bytes: readonly number[];
  /** Extra check on the bytes at the candidate start. */
  readonly confirm?: (data: Uint8Array, at: number) => boolean;
}

const ascii = (s: string): number[] => [...s].map((c) => c.charCodeAt(0));

const SIGNATURES: readonly Signature[] = [
  { format: 'jpeg', bytes: [0xff, 0xd8, 0xff] },
  { format: 'png', bytes: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
  { format: 'gif', bytes: ascii('GIF8') },
  {
    format: 'webp',
    bytes: ascii('RIFF'),
    confirm: (d, at) => matches(d, at + 8, ascii('WEBP')),
  },
  { format: 'bmp', bytes: ascii('BM'), confirm: (d, at) => d.length - at > 26 && d[at + 14] >= 12 && d[at + 15] === 0 },
  { format: 'tiff', bytes: [0x49, 0x49, 0x2a, 0x00] },
  { format: 'tiff', bytes: [0x4d, 0x4d, 0x00, 0x2a] },
];

function matches(data: Uint8Array, at: number, bytes: readonly number[]): boolean {
  if (at + bytes.length > data.length) return false;
  for (let i = 0; i < bytes.length; i++) if (data[at + i] !== bytes[i]) return false;
  return true;
}

export interface SniffedPicture {
  readonly format: PictureFormat;
  /** Where the image really starts in the given bytes (0 unless shifted). */
  readonly offset: number;
}

/** The picture's real format and start, or null when the bytes are not a known image. */
export function sniffPicture(data: Uint8Array): SniffedPicture | null {
  const limit = Math.min(MAX_SIGNATURE_OFFSET, data.length);
  for (let at = 0; at < limit; at++) {
    for (const sig of SIGNATURES) {
      if (matches(data, at, sig.bytes) && (!sig.confirm || sig.confirm(data, at))) return { format: sig.format, offset: at };
    }
  }
  return null;
}

/** A short, printable rendering of a declared MIME string for error messages. */
export function describeDeclaredType(mime: string | undefined): string {
  if (!mime) return 'no declared type';
  const printable = mime.replace(/[^\x20-\x7e]/g, '?').slice(0, 40);
  return `declared as "${printable}"`;
}
