/** The generated sample library (silent tracks, generated covers), for front ends, which reach the core only through api. */
export { makeDemoLibrary, type DemoLibraryManifest } from '../demo/make-demo-library.js';
