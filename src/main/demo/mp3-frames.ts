/**
 * Silent MPEG-1 Layer III audio made by hand (ISO/IEC 11172-3 §2.4.1): each
 * frame is a 4-byte header, all-zero side information (part2_3_length = 0,
 * big_values = 0: every granule decodes to zero samples) and zero main data.
 * An optional Xing/"Info" frame first carries the frame and byte counts, so
 * players know the duration without scanning the file (Xing VBR header as
 * written by LAME for constant-bitrate files).
 */

export const MP3_SAMPLES_PER_FRAME = 1152;

export interface SilentMp3Options {
  readonly sampleRate?: 44100 | 48000 | 32000;
  /** A Layer III bitrate in kbit/s; default 32, the smallest, so files stay tiny. */
  readonly bitrateKbps?: 32 | 40 | 48 | 56 | 64 | 80 | 96 | 112 | 128 | 160 | 192 | 224 | 256 | 320;
  readonly channels?: 1 | 2;
  /** Write the leading "Info" frame; default true. */
  readonly xing?: boolean;
}

const BITRATE_INDEX: Record<number, number> = {
  32: 1, 40: 2, 48: 3, 56: 4, 64: 5, 80: 6, 96: 7, 112: 8, 128: 9, 160: 10, 192: 11, 224: 12, 256: 13, 320: 14,
};
const SAMPLE_RATE_INDEX: Record<number, number> = { 44100: 0, 48000: 1, 32000: 2 };
const CHANNEL_MODE_STEREO = 0b00;
const CHANNEL_MODE_MONO = 0b11;
/** MPEG-1 Layer III side information: 17 bytes mono, 32 bytes stereo. */
const SIDE_INFO_BYTES = { 1: 17, 2: 32 } as const;
const XING_FLAG_FRAMES = 0x1;
const XING_FLAG_BYTES = 0x2;

/** Silent audio lasting at least `seconds` (whole frames), optionally led by an Info frame. */
export function silentMp3(seconds: number, options: SilentMp3Options = {}): Buffer {
  const sampleRate = options.sampleRate ?? 44100;
  const bitrate = (options.bitrateKbps ?? 32) * 1000;
  const channels = options.channels ?? 1;
  const audioFrames = Math.max(1, Math.ceil((seconds * sampleRate) / MP3_SAMPLES_PER_FRAME));
  const withXing = options.xing ?? true;
  const total = audioFrames + (withXing ? 1 : 0);

  // Frame length is 144 * bitrate / sampleRate bytes; the fraction is carried
  // by setting the padding bit (one extra byte) whenever it has accumulated,
  // exactly as constant-bitrate encoders do.
  const exact = (144 * bitrate) / sampleRate;
  const base = Math.floor(exact);
  const lengths: number[] = [];
  let carried = 0;
  for (let f = 0; f < total; f++) {
    carried += exact - base;
    const padded = carried >= 1;
    if (padded) carried -= 1;
    lengths.push(base + (padded ? 1 : 0));
  }
  const size = lengths.reduce((a, b) => a + b, 0);
  const out = Buffer.alloc(size);
  let offset = 0;
  for (let f = 0; f < total; f++) {
    writeHeader(out, offset, bitrate / 1000, sampleRate, channels, lengths[f] > base);
    offset += lengths[f];
  }
  if (withXing) {
    const at = 4 + SIDE_INFO_BYTES[channels];
    out.write('Info', at, 'latin1');
    out.writeUInt32BE(XING_FLAG_FRAMES | XING_FLAG_BYTES, at + 4);
    // LAME counts the audio frames after the Info frame and the bytes of the whole stream.
    out.writeUInt32BE(audioFrames, at + 8);
    out.writeUInt32BE(size, at + 12);
  }
  return out;
}

/** Duration in seconds of silentMp3(seconds, options): whole frames of 1152 samples. */
export function silentMp3Duration(seconds: number, sampleRate = 44100): number {
  return (Math.max(1, Math.ceil((seconds * sampleRate) / MP3_SAMPLES_PER_FRAME)) * MP3_SAMPLES_PER_FRAME) / sampleRate;
}

function writeHeader(out: Buffer, at: number, kbps: number, sampleRate: number, channels: 1 | 2, padded: boolean): void {
  out[at] = 0xff;
  // Sync (3 more bits), MPEG-1 (11), Layer III (01), no CRC (1).
  out[at + 1] = 0xfb;
  out[at + 2] = (BITRATE_INDEX[kbps] << 4) | (SAMPLE_RATE_INDEX[sampleRate] << 2) | (padded ? 0b10 : 0);
  // Channel mode, no mode extension, not copyrighted, original, no emphasis.
  out[at + 3] = ((channels === 1 ? CHANNEL_MODE_MONO : CHANNEL_MODE_STEREO) << 6) | 0b0100;
}
