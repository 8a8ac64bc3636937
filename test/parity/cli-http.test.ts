import { execFile } from 'node:child_process';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT_CODES } from '../../src/main/cli/exit-codes.js';
import { startServe, type ServeProcess } from '../e2e/serve-process.js';
import { temporaryFolders } from '../support/temp-dirs.js';

/**
 * The command line and browser mode are two front ends of one service: the
 * same request with the same random seed gives the same tracks in the same
 * order, and the same bad request the same error.
 */
const run = promisify(execFile);
const SLEEVE = resolve('bin/sleeve.js');
const tempDir = temporaryFolders();

interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

async function sleeve(args: string[]): Promise<CliRun> {
  try {
    const { stdout, stderr } = await run(process.execPath, [SLEEVE, ...args], { env: { ...process.env, SLEEVE_DB: '' }, maxBuffer: 16 << 20 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

let dbPath: string;
let serve: ServeProcess;
let albumIds: number[];

async function http(method: string, args: unknown): Promise<{ status: number; body: { ok: boolean; result?: any; error?: { code: string; message: string } } }> {
  const response = await fetch(`${serve.origin}/api/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-sleeve-token': serve.token },
    body: JSON.stringify(args),
  });
  return { status: response.status, body: await response.json() };
}

beforeAll(async () => {
  const home = tempDir('sleeve-parity-');
  const demo = await sleeve(['demo', '--no-serve', '--albums', '14', '--dir', home]);
  expect(demo.code, demo.stderr).toBe(0);
  dbPath = demo.stdout.trim();
  expect(dbPath).toBe(join(home, 'library.db'));
  albumIds = (JSON.parse((await sleeve(['albums', '--json', '--db', dbPath])).stdout) as { id: number; cover: unknown }[])
    .filter((album) => album.cover !== null)
    .map((album) => album.id);
  expect(albumIds.length).toBeGreaterThan(4);
  serve = await startServe(dbPath);
});
afterAll(async () => {
  await serve?.stop();
});

describe('the CLI and browser mode give the same answers', () => {
  it('for a playlist with the contract defaults and one random seed', async () => {
    const cli = await sleeve(['playlist', '--seed', String(albumIds[0]), '--random-seed', '4242', '--json', '--db', dbPath]);
    expect(cli.code, cli.stderr).toBe(0);
    const api = await http('playlists.build', { albumId: albumIds[0], seed: 4242 });
    expect(api.status).toBe(200);
    const cliTracks = (JSON.parse(cli.stdout) as { tracks: { trackId: number }[] }).tracks.map((track) => track.trackId);
    expect(cliTracks.length).toBeGreaterThan(0);
    expect(cliTracks).toEqual(api.body.result.tracks.map((track: { trackId: number }) => track.trackId));
    expect(JSON.parse(cli.stdout).randomSeed).toBe(api.body.result.seed);
  });

  it('for a playlist with every option the app now has', async () => {
    const cli = await sleeve([
      'playlist',
      '--seed', String(albumIds[1]),
      '--seed', String(albumIds[2]),
      '--minutes', '20',
      '--tracks-per-album', '1',
      '--max-per-artist', '1',
      '--exclude-seed-artist',
      '--no-seed-tracks',
      '--diversity', '0.5',
      '--kind', 'gist:0.5,color:0.5',
      '--random-seed', '77',
      '--json',
      '--db', dbPath,
    ]);
    expect(cli.code, cli.stderr).toBe(0);
    const api = await http('playlists.build', {
      seeds: [albumIds[1], albumIds[2]],
      minutes: 20,
      tracksPerAlbum: 1,
      perArtist: 1,
      excludeSeedArtist: true,
      seedTracksFirst: false,
      diversity: 0.5,
      mix: { gist: 0.5, color: 0.5 },
      seed: 77,
    });
    expect(api.status).toBe(200);
    const cliReport = JSON.parse(cli.stdout) as { tracks: { trackId: number }[]; seeds: unknown };
    expect(cliReport.tracks.map((track) => track.trackId)).toEqual(api.body.result.tracks.map((track: { trackId: number }) => track.trackId));
    expect(cliReport.seeds).toEqual(api.body.result.seeds);
  });

  it('for a journey with a random seed', async () => {
    const [from, to] = [albumIds[0], albumIds.at(-1) as number];
    const cli = await sleeve(['playlist', '--from', String(from), '--to', String(to), '--random-seed', '9', '--json', '--db', dbPath]);
    expect(cli.code, cli.stderr).toBe(0);
    const api = await http('playlists.journey', { fromAlbumId: from, toAlbumId: to, seed: 9 });
    expect(api.status).toBe(200);
    const cliReport = JSON.parse(cli.stdout) as { tracks: { trackId: number }[]; albums: { albumId: number }[] };
    expect(cliReport.tracks.map((track) => track.trackId)).toEqual(api.body.result.tracks.map((track: { trackId: number }) => track.trackId));
    expect(cliReport.albums[0].albumId).toBe(from);
    expect(cliReport.albums.at(-1)?.albumId).toBe(to);
  });

  it('for similar covers', async () => {
    const cli = await sleeve(['similar', String(albumIds[3]), '--json', '--db', dbPath]);
    expect(cli.code, cli.stderr).toBe(0);
    const api = await http('albums.similar', { id: albumIds[3] });
    expect(api.status).toBe(200);
    const cliList = JSON.parse(cli.stdout) as { albumId: number; score: number }[];
    expect(cliList.map((hit) => hit.albumId)).toEqual(api.body.result.map((hit: { album: { id: number } }) => hit.album.id));
    cliList.forEach((hit, i) => expect(hit.score).toBeCloseTo(api.body.result[i].similarity, 6));
  });

  it.each([
    ['an album that is not there', ['similar', '987654'], 'albums.similar', { seed: 987654 }, 'not_found'],
    ['a length of 0', ['playlist', '--seed', '1', '--length', '0', '--json'], 'playlists.build', { albumId: 1, length: 0 }, 'bad_request'],
    ['a random seed past 32 bits', ['playlist', '--seed', '1', '--random-seed', String(2 ** 32), '--json'], 'playlists.build', { albumId: 1, seed: 2 ** 32 }, 'bad_request'],
    ['an unknown kind', ['similar', '1', '--kind', 'sparkle'], 'albums.similar', { id: 1, mix: { sparkle: 1 } }, 'bad_request'],
    ['a journey of one album', ['playlist', '--from', '1', '--to', '1', '--json'], 'playlists.journey', { fromAlbumId: 1, toAlbumId: 1 }, 'bad_request'],
  ] as const)('for a bad request: %s', async (_, cliArgs, method, args, code) => {
    const cli = await sleeve([...cliArgs, '--db', dbPath]);
    const api = await http(method, args);
    expect(api.body.ok).toBe(false);
    expect(api.body.error?.code).toBe(code);
    expect(cli.code).toBe(EXIT_CODES[code]);
    expect(cli.stderr).toMatch(/^sleeve: \S/);
    expect(cli.stderr).not.toMatch(/\n\s+at /);
  });
});
