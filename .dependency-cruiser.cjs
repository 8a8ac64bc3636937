/**
 * The layers of DESIGN.md, checked by `npm test` (scripts/check-layers.js):
 * shared is pure; the renderer sees only shared; only the Electron shell
 * imports electron; front ends reach the core through api; the core folders
 * import only folders of a lower rank, so no two folders import each other
 * in a circle. The rule names are what a violation prints.
 */
const CORE_RANKS = {
  platform: -1,
  store: 0,
  artwork: 0,
  index: 1,
  library: 2,
  playlists: 2,
  eval: 2,
  demo: 2,
  atlas: 3,
  watch: 3,
  background: 3,
};
const FRONT_ENDS = ['cli', 'serve', 'electron'];
const main = (folder) => `^src/main/${folder}/`;

/** A core folder may import a folder of a lower rank only (same rank: neither imports the other). */
const rankRules = Object.entries(CORE_RANKS).flatMap(([from, rank]) => {
  const forbidden = Object.entries(CORE_RANKS)
    .filter(([to, other]) => to !== from && other >= rank)
    .map(([to]) => to);
  if (forbidden.length === 0) return [];
  return [
    {
      name: `core-layers-${from}`,
      comment: `${from} (rank ${rank}) may import only lower core folders: not ${forbidden.join(', ')}`,
      severity: 'error',
      from: { path: main(from) },
      to: { path: `^src/main/(${forbidden.join('|')})/` },
    },
  ];
});

module.exports = {
  forbidden: [
    {
      name: 'shared-is-pure',
      comment: 'src/shared imports nothing from main, renderer, Node or Electron',
      severity: 'error',
      from: { path: '^src/shared/' },
      to: { pathNot: ['^src/shared/', '^node_modules/zod/'] },
    },
    {
      name: 'renderer-sees-only-shared',
      comment: 'src/renderer imports only src/shared and browser libraries',
      severity: 'error',
      from: { path: '^src/renderer/' },
      to: { path: ['^src/main/', '^node_modules/electron/'] },
    },
    {
      name: 'renderer-no-node',
      comment: 'the renderer runs in a sandboxed page: no Node built-ins',
      severity: 'error',
      from: { path: '^src/renderer/' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'electron-only-in-the-shell',
      comment: 'only src/main/electron imports electron',
      severity: 'error',
      from: { pathNot: '^src/main/electron/' },
      to: { path: '^electron$|^node_modules/electron/' },
    },
    {
      name: 'front-ends-through-api',
      comment: 'cli, serve and electron reach the core only through src/main/api',
      severity: 'error',
      from: { path: `^src/main/(${FRONT_ENDS.join('|')})/` },
      to: { path: `^src/main/(${Object.keys(CORE_RANKS).join('|')})/` },
    },
    {
      name: 'front-ends-stay-apart',
      comment: 'a front end may start browser mode (serve), nothing else of another front end',
      severity: 'error',
      from: { path: `^src/main/(${FRONT_ENDS.join('|')})/` },
      to: { path: `^src/main/(cli|electron)/`, pathNot: '$1' },
    },
    {
      name: 'core-never-imports-front-ends',
      comment: 'the core folders never import api, cli, serve or electron',
      severity: 'error',
      from: { path: `^src/main/(${Object.keys(CORE_RANKS).join('|')})/` },
      to: { path: `^src/main/(api|${FRONT_ENDS.join('|')})/` },
    },
    {
      name: 'api-is-not-a-front-end',
      comment: 'api implements the contract for every front end and imports none of them',
      severity: 'error',
      from: { path: '^src/main/api/' },
      to: { path: `^src/main/(${FRONT_ENDS.join('|')})/` },
    },
    {
      name: 'known-folders-only',
      comment: 'every folder of src/main has a place in the layers (add a new one to CORE_RANKS)',
      severity: 'error',
      from: { path: '^src/main/' },
      to: { path: '^src/main/', pathNot: `^src/main/(${[...Object.keys(CORE_RANKS), 'api', ...FRONT_ENDS].join('|')})/` },
    },
    {
      name: 'no-circular',
      comment: 'modules never import each other in a circle',
      severity: 'error',
      from: {},
      to: { circular: true, dependencyTypesNot: ['type-only'] },
    },
    ...rankRules,
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '\\.d\\.ts$' },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: { extensions: ['.ts', '.tsx', '.cts', '.js', '.mjs', '.cjs', '.json'] },
  },
};
