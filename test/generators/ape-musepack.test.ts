import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { parseFile, type IAudioMetadata } from 'music-metadata';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apeCoverItem, apeTag } from '../../src/main/demo/ape-tag.js';
import { APE_SAMPLE_RATE, apeFile } from '../fixtures/lib/ape.js';
import { MPC_FRAME_SAMPLES, MPC_SAMPLE_RATE, musepackFile } from '../fixtures/lib/musepack.js';

const run = promisify(execFile);
let dir: string;
let cover: Buffer;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sleeve-ape-mpc-'));
  cover = await sharp({ create: { width: 48, height: 48, channels: 3, background: { r: 200, g: 40, b: 90 } } }).jpeg().toBuffer();
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function tag(title: string): Buffer {
  return apeTag([
    { key: 'Title', text: title },
    { key: 'Artist', text: 'Tag Reader' },
    { key: 'Album', text: 'Hand Made' },
    { key: 'Track', text: '3/9' },
    apeCoverItem('cover.jpg', cover),
  ]);
}

async function parsed(name: string, bytes: Buffer, skipPostHeaders = false): Promise<{ file: string; meta: IAudioMetadata }> {
  const file = join(dir, name);
  await writeFile(file, bytes);
  return { file, meta: await parseFile(file, { skipPostHeaders }) };
}

/** Decodes the audio stream with ffmpeg (frame CRCs checked): samples per channel, the loudest sample, and any complaint. */
async function decode(file: string): Promise<{ samples: number; peak: number; stderr: string }> {
  const { stdout, stderr } = await run(
    '/usr/bin/ffmpeg',
    ['-nostdin', '-v', 'error', '-err_detect', 'crccheck', '-i', file, '-map', '0:a', '-f', 's16le', '-ac', '2', '-'],
    { encoding: 'buffer', maxBuffer: 64 << 20 },
  );
  const pcm = stdout as Buffer;
  let peak = 0;
  for (let i = 0; i + 1 < pcm.length; i += 2) peak = Math.max(peak, Math.abs(pcm.readInt16LE(i)));
  return { samples: pcm.length / 4, peak, stderr: stderr.toString() };
}

function expectTags(meta: IAudioMetadata, title: string): void {
  const { common } = meta;
  expect([common.title, common.artist, common.album, common.track]).toEqual([title, 'Tag Reader', 'Hand Made', { no: 3, of: 9 }]);
  expect(common.picture?.length).toBeGreaterThan(0);
  for (const picture of common.picture!) {
    expect([picture.format, picture.description]).toEqual(['image/jpeg', 'cover.jpg']);
    expect(Buffer.from(picture.data).equals(cover)).toBe(true);
  }
}

describe("apeFile (Monkey's Audio)", () => {
  it('is read by music-metadata: container, stream parameters, duration, tags and the cover bytes', async () => {
    const { meta } = await parsed('one.ape', apeFile(1.5, tag('Short APE')));
    expect(meta.format.container).toBe("Monkey's Audio");
    expect(meta.format.lossless).toBe(true);
    expect([meta.format.sampleRate, meta.format.numberOfChannels, meta.format.bitsPerSample]).toEqual([APE_SAMPLE_RATE, 2, 16]);
    expect(meta.format.duration).toBeCloseTo(1.5, 6);
    expect(meta.quality.warnings).toEqual([]);
    expectTags(meta, 'Short APE');
    expect(meta.common.picture).toHaveLength(1);
  });

  it('decodes with ffmpeg to exactly its length of silence, every frame CRC correct, also across frames', async () => {
    for (const seconds of [1.5, 7.5]) {
      const { file, meta } = await parsed(`s${seconds}.ape`, apeFile(seconds, tag('Decoded APE')));
      expect(meta.format.duration).toBeCloseTo(seconds, 6);
      const { samples, peak, stderr } = await decode(file);
      expect(stderr).toBe('');
      expect(samples).toBe(seconds * APE_SAMPLE_RATE);
      expect(peak).toBe(0);
    }
  });

  it('parses without a tag', async () => {
    const { meta } = await parsed('bare.ape', apeFile(1, Buffer.alloc(0)));
    expect(meta.format.duration).toBeCloseTo(1, 6);
    expect(meta.common.title).toBeUndefined();
  });
});

describe('musepackFile (Musepack SV8)', () => {
  it('is read by music-metadata: container, stream parameters, duration, tags and the cover bytes', async () => {
    const { meta } = await parsed('one.mpc', musepackFile(1.5, tag('Short MPC')));
    expect(meta.format.container).toBe('Musepack, SV8');
    expect([meta.format.sampleRate, meta.format.numberOfChannels]).toEqual([MPC_SAMPLE_RATE, 2]);
    expect(meta.format.numberOfSamples).toBe(1.5 * MPC_SAMPLE_RATE);
    expect(meta.format.duration).toBeCloseTo(1.5, 6);
    expect(meta.quality.warnings).toEqual([]);
    expectTags(meta, 'Short MPC');
    // music-metadata 11.16 reads a Musepack file's APEv2 tag twice unless told to skip
    // trailing headers, as the scanner does: then the cover appears once.
    const { meta: scannerView } = await parsed('one.mpc', musepackFile(1.5, tag('Short MPC')), true);
    expectTags(scannerView, 'Short MPC');
    expect(scannerView.common.picture).toHaveLength(1);
  });

  it('decodes with ffmpeg to silence covering its length, in whole frames, without complaint', async () => {
    for (const seconds of [1, 2]) {
      const { file } = await parsed(`s${seconds}.mpc`, musepackFile(seconds, tag('Decoded MPC')));
      const { samples, peak, stderr } = await decode(file);
      expect(stderr).toBe('');
      expect(samples).toBe(Math.ceil((seconds * MPC_SAMPLE_RATE) / MPC_FRAME_SAMPLES) * MPC_FRAME_SAMPLES);
      expect(peak).toBe(0);
    }
  });

  it('parses without a tag', async () => {
    const { meta } = await parsed('bare.mpc', musepackFile(1, Buffer.alloc(0)));
    expect(meta.format.duration).toBeCloseTo(1, 6);
    expect(meta.common.title).toBeUndefined();
  });
});
