/** Where the library lives by default, and where its index files go: for front ends, which reach the store only through api. */
export { defaultDatabasePath, findLibraryLocation, indexDirectory, libraryLocation, type LibraryLocation } from '../store/paths.js';
