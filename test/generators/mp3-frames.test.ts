import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { parseBuffer } from 'music-metadata';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MP3_SAMPLES_PER_FRAME, silentMp3, silentMp3Duration } from '../../src/main/demo/mp3-frames.js';

const run = promisify(execFile);
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sleeve-mp3-frames-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Decodes with ffmpeg to 16-bit PCM: returns the samples per channel and anything ffmpeg complained about. */
async function decode(bytes: Buffer, channels: number): Promise<{ samples: number; stderr: string; peak: number }> {
  const file = join(dir, `t${Math.random().toString(36).slice(2)}.mp3`);
  await writeFile(file, bytes);
  const { stdout, stderr } = await run('/usr/bin/ffmpeg', ['-nostdin', '-v', 'error', '-i', file, '-f', 's16le', '-'], {
    encoding: 'buffer',
    maxBuffer: 64 << 20,
  });
  const pcm = stdout as Buffer;
  let peak = 0;
  for (let i = 0; i + 1 < pcm.length; i += 2) peak = Math.max(peak, Math.abs(pcm.readInt16LE(i)));
  return { samples: pcm.length / 2 / channels, stderr: stderr.toString(), peak };
}

describe('silentMp3', () => {
  it('announces its duration in the Info header, so a reader need not scan the frames', async () => {
    const meta = await parseBuffer(silentMp3(3), { mimeType: 'audio/mpeg' }, { duration: false });
    expect(meta.format.codec).toBe('MPEG 1 Layer 3');
    expect(meta.format.sampleRate).toBe(44100);
    expect(meta.format.duration).toBeCloseTo(silentMp3Duration(3), 6);
    expect(meta.format.duration).toBeGreaterThanOrEqual(3);
    expect(meta.format.duration).toBeLessThan(3 + MP3_SAMPLES_PER_FRAME / 44100);
  });

  it('decodes cleanly with ffmpeg to exactly the announced number of silent samples', async () => {
    for (const [channels, bitrateKbps] of [[1, 32], [2, 128]] as const) {
      const { samples, stderr, peak } = await decode(silentMp3(2, { channels, bitrateKbps }), channels);
      expect(stderr).toBe('');
      expect(samples).toBe(silentMp3Duration(2) * 44100);
      expect(peak).toBe(0);
    }
  });

  it('keeps the nominal bitrate by padding frames the way CBR encoders do', () => {
    const seconds = 10;
    const bytes = silentMp3(seconds, { xing: false });
    const frames = Math.ceil((seconds * 44100) / MP3_SAMPLES_PER_FRAME);
    const nominal = (frames * MP3_SAMPLES_PER_FRAME * 32000) / 44100 / 8;
    expect(Math.abs(bytes.length - nominal)).toBeLessThanOrEqual(1);
  });

  it('without the Info header still parses when the reader scans it', async () => {
    const meta = await parseBuffer(silentMp3(2, { xing: false }), { mimeType: 'audio/mpeg' }, { duration: true });
    expect(meta.format.duration).toBeCloseTo(silentMp3Duration(2), 1);
  });
});
