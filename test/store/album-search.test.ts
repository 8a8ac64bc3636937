import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { albumPage } from '../../src/main/store/album-search.js';
import { openDatabase, type Db } from '../../src/main/store/db.js';

const ALBUMS: [artist: string, album: string, year: number | null][] = [
  ['The Beatles', 'Abbey Road', 1969],
  ['beatles tribute', 'Let It Be Again', 2001],
  ['Björk', 'Homogenic', 1997],
  ['AC/DC', 'Back in Black', 1980],
  ['100% Pure', 'Under_score', null],
  ['Nina Simone', 'Pastel Blues', 1965],
  ['Miles Davis', 'Kind of Blue', 1959],
  ['Say "Hello"', 'Quotes', 2010],
];

describe('album paging and search', () => {
  let db: Db;
  const ids = new Map<string, number>();
  beforeEach(() => {
    db = openDatabase(':memory:');
    const insert = db.prepare('INSERT INTO albums (key, artist, album, year, folder) VALUES (?, ?, ?, ?, ?)');
    for (const [artist, album, year] of ALBUMS) {
      ids.set(album, Number(insert.run(`${artist}\u0000${album}`, artist, album, year, `/music/${album}`).lastInsertRowid));
    }
  });
  afterEach(() => db.close());

  const titles = (page: { ids: number[] }) =>
    page.ids.map((id) => db.prepare('SELECT album FROM albums WHERE id = ?').pluck().get(id) as string);

  it('finds a substring of the artist or the title in any case, as search-as-you-type types it', () => {
    expect(titles(albumPage(db, { search: 'beatl' }))).toEqual(['Let It Be Again', 'Abbey Road']);
    expect(titles(albumPage(db, { search: 'BLUE' }))).toEqual(['Kind of Blue', 'Pastel Blues']);
    expect(titles(albumPage(db, { search: 'eatles trib' }))).toEqual(['Let It Be Again']);
    expect(titles(albumPage(db, { search: 'björk' }))).toEqual(['Homogenic']);
    expect(albumPage(db, { search: 'zeppelin' })).toEqual({ total: 0, ids: [] });
  });

  it('searches shorter than three characters, and takes % _ " / literally', () => {
    expect(titles(albumPage(db, { search: 'bL', sort: 'album' }))).toEqual(['Back in Black', 'Kind of Blue', 'Pastel Blues']);
    expect(titles(albumPage(db, { search: '%' }))).toEqual(['Under_score']);
    expect(titles(albumPage(db, { search: '0% p' }))).toEqual(['Under_score']);
    expect(titles(albumPage(db, { search: 'r_s' }))).toEqual(['Under_score']);
    expect(titles(albumPage(db, { search: '"Hello"' }))).toEqual(['Quotes']);
    expect(titles(albumPage(db, { search: 'ac/dc' }))).toEqual(['Back in Black']);
  });

  it('pages through each order without overlap, the total on every page', () => {
    for (const sort of ['artist', 'album', 'year', 'added'] as const) {
      const all = albumPage(db, { sort });
      expect(all.total).toBe(ALBUMS.length);
      const pages = [0, 3, 6].map((offset) => albumPage(db, { sort, offset, limit: 3 }));
      expect(pages.every((page) => page.total === ALBUMS.length)).toBe(true);
      expect(pages.flatMap((page) => page.ids)).toEqual(all.ids);
    }
    expect(titles(albumPage(db, { sort: 'year', limit: 2 }))).toEqual(['Quotes', 'Let It Be Again']);
    expect(titles(albumPage(db, { sort: 'year' })).at(-1)).toBe('Under_score');
    expect(titles(albumPage(db, { sort: 'artist', limit: 3 }))).toEqual(['Under_score', 'Back in Black', 'Let It Be Again']);
  });

  it('follows albums added, renamed and removed', () => {
    db.prepare("INSERT INTO albums (key, artist, album, folder) VALUES ('k', 'Portishead', 'Dummy', '/d')").run();
    expect(titles(albumPage(db, { search: 'tishe' }))).toEqual(['Dummy']);
    db.prepare("UPDATE albums SET artist = 'Massive Attack' WHERE album = 'Dummy'").run();
    expect(albumPage(db, { search: 'tishe' }).total).toBe(0);
    expect(titles(albumPage(db, { search: 'massive' }))).toEqual(['Dummy']);
    db.prepare('DELETE FROM albums WHERE id = ?').run(ids.get('Abbey Road'));
    expect(titles(albumPage(db, { search: 'beatles' }))).toEqual(['Let It Be Again']);
  });
});
