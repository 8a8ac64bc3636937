/**
 * App start for bench/scale, in a fresh process: opens the library database,
 * the three kinds' indexes (index/kind-indexes.ts, as the app's cover
 * sessions do) and the album catalogue, answers a first page and a first
 * "looks like", then reports the times and the process's RSS once idle.
 *
 *   node --import tsx bench/lib/scale-open.ts DB INDEX_DIR ALBUM_ID
 */
import { SCAN_KINDS } from '../../src/main/artwork/kinds.js';
import { KindIndexes } from '../../src/main/index/kind-indexes.js';
import { AlbumCatalog, CoverSpace } from '../../src/main/playlists/cover-space.js';
import { loadAlbums } from '../../src/main/playlists/library-view.js';
import { albumPage } from '../../src/main/store/album-search.js';
import { openDatabase } from '../../src/main/store/db.js';
import { getAlbum } from '../../src/main/store/queries.js';

const [dbPath, indexDir, albumText] = process.argv.slice(2);
const IDLE_MS = 2000;
const PAGE = 60;

const started = performance.now();
const db = openDatabase(dbPath);
const databaseMs = performance.now() - started;

let at = performance.now();
const page = albumPage(db, { limit: PAGE }).ids.map((id) => getAlbum(db, id));
const firstPageMs = performance.now() - at;

at = performance.now();
const indexes = new KindIndexes(db, indexDir, (message) => process.stderr.write(`${message}\n`), { background: true });
const opened = SCAN_KINDS.map((kind) => indexes.index(kind));
const sizes = opened.map((index) => index.size);
const indexesMs = performance.now() - at;

at = performance.now();
const catalog = new AlbumCatalog(loadAlbums(db));
const catalogMs = performance.now() - at;

at = performance.now();
const kinds = SCAN_KINDS.filter((kind) => kind.name !== 'tiny');
const space = new CoverSpace(
  catalog,
  kinds.map((kind) => ({ name: kind.name, weight: kind.name === 'gist' ? 0.7 : 0.3, dim: kind.dim, index: indexes.index(kind) })),
);
const albumId = Number(albumText);
const embedding = space.embedAlbum(albumId);
if (!embedding) throw new Error(`album ${albumId} has no cover in the mix`);
const similar = space.nearest(embedding, 12, (album) => album.id !== albumId);
const firstSimilarMs = performance.now() - at;

await new Promise((resolve) => setTimeout(resolve, IDLE_MS));
process.stdout.write(
  `${JSON.stringify({
    databaseMs,
    firstPageMs,
    indexesMs,
    catalogMs,
    firstSimilarMs,
    sizes,
    modes: opened.map((index) => index.mode),
    pageAlbums: page.length,
    similarAlbums: similar.length,
    rebuilding: indexes.progress().length,
    idleRssMb: process.memoryUsage().rss / 2 ** 20,
  })}\n`,
);
db.close();
