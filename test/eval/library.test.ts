import { afterEach, describe, expect, it } from 'vitest';
import { DESCRIPTOR_KINDS } from '../../src/main/artwork/kinds.js';
import { evalCommand } from '../../src/main/cli/commands/eval.js';
import { learnCommand } from '../../src/main/cli/commands/learn.js';
import { EXIT_CODES } from '../../src/main/cli/exit-codes.js';
import { runCli } from '../../src/main/cli/run.js';
import { decadeOf, libraryLabels, normaliseLabel } from '../../src/main/eval/labels.js';
import { currentLearnedKind, loadLearnedModel, refreshLearnedVectors } from '../../src/main/index/learned-vectors.js';
import { openDatabase } from '../../src/main/store/db.js';
import { captureContext, fixtureLibrary, type FixtureAlbum, type FixtureLibrary } from './library-fixture.js';

const GENRES = ['Rock', 'Jazz', 'Folk'];

/** 60 albums whose genre follows the colour of their cover. */
function colourfulAlbums(count = 60): FixtureAlbum[] {
  return Array.from({ length: count }, (_, i) => ({ artist: `Artist ${i % 20}`, genre: GENRES[i % 3], year: 1960 + i, colour: i % 3 }));
}

let library: FixtureLibrary | null = null;
afterEach(() => {
  library?.dispose();
  library = null;
});

describe('library labels', () => {
  it('normalises case and white space, falls back to the tracks’ most common genre, and skips albums without one', () => {
    library = fixtureLibrary([
      { artist: 'A', genre: '  Hip  Hop ', colour: 0 },
      { artist: 'B', genre: null, trackGenres: ['Jazz', 'jazz ', 'Soul'], colour: 0 },
      { artist: 'C', genre: '', trackGenres: ['Soul', 'Blues'], colour: 0 },
      { artist: 'D', genre: null, trackGenres: [null], colour: 0 },
    ]);
    const { albums, unlabelled } = libraryLabels(library.db, 'genre');
    expect(albums.map((album) => album.label)).toEqual(['hip hop', 'jazz', 'blues']);
    expect(unlabelled).toBe(1);
  });

  it('takes decades from years and artists from albums, leaving compilations out', () => {
    library = fixtureLibrary([
      { artist: 'The Band', genre: null, year: 1969, colour: 0 },
      { artist: 'Various Artists', genre: null, year: 2003, colour: 0 },
      { artist: 'Mix', genre: null, year: 0, compilation: true, colour: 0 },
    ]);
    expect(libraryLabels(library.db, 'decade').albums.map((album) => album.label)).toEqual(['1960s', '2000s']);
    expect(libraryLabels(library.db, 'artist').albums.map((album) => album.label)).toEqual(['the band']);
    expect(normaliseLabel('ＲＯＣＫ')).toBe('rock');
    expect(decadeOf(1899)).toBeNull();
  });
});

describe('sleeve eval on the library', () => {
  it('reports every kind, the mixes and learned under cross-validation, with how many albums it used', async () => {
    library = fixtureLibrary([...colourfulAlbums(), { artist: 'X', genre: null, colour: 0 }]);
    const { ctx, out } = captureContext(library.dbPath);
    expect(await evalCommand(['--label', 'genre', '--json'], ctx)).toBe(0);
    const report = JSON.parse(out());
    expect(report.labelled).toBe(60);
    expect(report.unlabelled).toBe(1);
    expect(Object.keys(report.kinds)).toEqual(expect.arrayContaining(['tiny', 'gist', 'color', 'gist:0.5,color:0.5', 'learned']));
    expect(report.kinds.color.auc).toBeGreaterThan(0.8);
    expect(report.kinds.tiny.auc).toBeLessThan(0.6);
    expect(report.kinds.learned.crossValidated.folds).toBe(5);
    for (const score of Object.values(report.kinds) as { auc: number; aucWithoutDuplicates: number; precisionAt10: number }[]) {
      expect(score.auc).toBeGreaterThanOrEqual(0);
      expect(score.aucWithoutDuplicates).toBeLessThanOrEqual(1);
      expect(score.precisionAt10).toBeGreaterThanOrEqual(0);
    }
    expect(report.reading).toMatch(/predicts genre here \(best: color/);
  });

  it('prints a table with an honest reading, and scores the saved playlist mix', async () => {
    library = fixtureLibrary(colourfulAlbums());
    library.db.prepare("INSERT INTO settings (key, value) VALUES ('descriptorWeights', ?)").run(JSON.stringify({ gist: 0.7, color: 0.3 }));
    const { ctx, out } = captureContext(library.dbPath);
    expect(await evalCommand(['--no-learned'], ctx)).toBe(0);
    expect(out()).toMatch(/^genre: 60 labelled, 3 labels/);
    expect(out()).toMatch(/gist:0\.7,color:0\.3 +0\.\d{3}/);
    expect(out()).toMatch(/Reading: cover similarity clearly predicts genre here \(best: color/);
  });

  it('says that learned is not offered when labels are too few', async () => {
    library = fixtureLibrary(colourfulAlbums(20));
    const { ctx, out } = captureContext(library.dbPath);
    await evalCommand(['--json'], ctx);
    const report = JSON.parse(out());
    expect(report.kinds.learned).toBeUndefined();
    expect(report.learned).toEqual({ offered: false, reason: expect.stringMatching(/only 20 labelled albums/) });
  });
});

describe('sleeve learn', () => {
  it('stores a versioned model with its labels and writes learned vectors for every described artwork', async () => {
    library = fixtureLibrary(colourfulAlbums());
    const { ctx, out } = captureContext(library.dbPath);
    expect(await learnCommand(['--label', 'genre', '--json'], ctx)).toBe(0);
    const first = JSON.parse(out());
    expect(first).toMatchObject({ kind: 'learned', version: 1, dim: 2, classes: ['folk', 'jazz', 'rock'], albums: 60, written: 60 });

    const db = openDatabase(library.dbPath);
    try {
      const model = loadLearnedModel(db)!;
      expect(model.label).toBe('genre');
      expect(model.albumIds).toHaveLength(60);
      expect(model.inputs.map((input) => input.name)).toEqual(DESCRIPTOR_KINDS.map((kind) => kind.name));
      expect(currentLearnedKind(db)).toEqual({ name: 'learned', version: 1, dim: 2 });
      const rows = db.prepare("SELECT version, length(vector) AS bytes FROM descriptors WHERE kind = 'learned'").all() as { version: number; bytes: number }[];
      expect(rows).toHaveLength(60);
      expect(rows.every((row) => row.version === 1 && row.bytes === 8)).toBe(true);
      // A changed input kind makes the model stale: it is no longer offered.
      const bumped = DESCRIPTOR_KINDS.map((kind) => (kind.name === 'gist' ? { ...kind, version: 2 } : kind));
      expect(currentLearnedKind(db, bumped)).toBeNull();
      // A cover described after learning gets its learned vector on refresh.
      db.prepare("DELETE FROM descriptors WHERE kind = 'learned' AND artwork_id = 1").run();
      expect(refreshLearnedVectors(db)).toBe(60);
      expect(db.prepare("SELECT count(*) AS n FROM descriptors WHERE kind = 'learned'").get()).toEqual({ n: 60 });
      expect(refreshLearnedVectors(db, bumped)).toBeNull();
    } finally {
      db.close();
    }

    // Learning again makes the next version and replaces the vectors.
    const again = captureContext(library.dbPath);
    await learnCommand(['--label', 'genre', '--json'], again.ctx);
    expect(JSON.parse(again.out()).version).toBe(2);
    const versions = library.db.prepare("SELECT DISTINCT version FROM descriptors WHERE kind = 'learned'").all();
    expect(versions).toEqual([{ version: 2 }]);
  });

  it('learned vectors group albums of one label together', async () => {
    library = fixtureLibrary(colourfulAlbums());
    await learnCommand(['--label', 'genre'], captureContext(library.dbPath).ctx);
    const rows = library.db
      .prepare("SELECT a.genre AS genre, d.vector AS vector FROM descriptors d JOIN albums a ON a.artwork_id = d.artwork_id WHERE d.kind = 'learned'")
      .all() as { genre: string; vector: Uint8Array }[];
    const unit = rows.map(({ genre, vector }) => {
      const v = new Float32Array(new Uint8Array(vector).buffer);
      const norm = Math.hypot(...v);
      return { genre, v: Array.from(v, (x) => x / norm) };
    });
    let same = 0;
    let sameCount = 0;
    let other = 0;
    let otherCount = 0;
    for (let i = 0; i < unit.length; i++) {
      for (let j = i + 1; j < unit.length; j++) {
        const cos = unit[i].v.reduce((s, x, k) => s + x * unit[j].v[k], 0);
        if (unit[i].genre === unit[j].genre) (same += cos), sameCount++;
        else (other += cos), otherCount++;
      }
    }
    expect(same / sameCount).toBeGreaterThan(other / otherCount + 0.5);
  });

  it('refuses with a reason when the labels are too few', async () => {
    library = fixtureLibrary(colourfulAlbums(12));
    let stderr = '';
    const code = await runCli(['--db', library.dbPath, 'learn', '--label', 'genre'], { stdout: () => {}, stderr: (text) => (stderr += text), interactive: false });
    expect(code).toBe(EXIT_CODES.unavailable);
    expect(stderr).toMatch(/^sleeve: Cannot learn from genre: only 12 labelled albums/);
    expect(library.db.prepare('SELECT count(*) AS n FROM learned_models').get()).toEqual({ n: 0 });
  });
});
