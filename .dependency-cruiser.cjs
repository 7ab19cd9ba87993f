// The import rules of src/ (CONTRIBUTING.md, "Where things live"). The folders are the stages of a
// deploy, and each may import only the folders below it in this list, so that a reader can start
// at the bottom and never meet a name from further up:
//   base -> inputs -> local -> aws -> bucket -> cloudfront -> plan -> report -> deploy.ts -> action, cli
// `npm run depcheck` runs this (over src/ and test/, where no-circular applies too) in CI; `npm run import-graph` prints the graph's depth and circles.
const LAYERS = ['base', 'inputs', 'local', 'aws', 'bucket', 'cloudfront', 'plan', 'report'];

/** A folder importing from a folder above it: the types it needs belong lower down. */
const upward = LAYERS.map((folder, index) => ({
  name: `${folder}-imports-down-only`,
  comment:
    `src/${folder}/ may import only ${LAYERS.slice(0, index).join(', ') || 'nothing of src/'}: ` +
    'a stage that reached up would tie it to the stages that use it. Move the shared type down.',
  severity: 'error',
  from: { path: `^src/${folder}/` },
  to: {
    path: `^src/(${[...LAYERS.slice(index + 1), 'action', 'cli'].join('|')})/|^src/deploy\\.ts$`,
  },
}));

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment:
        'A circle of imports (types included) means no file in it can be read or tested without ' +
        'the others: split the shared part into a file below both.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    ...upward,
    {
      name: 'deploy-below-entry-points',
      comment:
        'deploy.ts and rollback.ts are the engine both entry points run: they must not know which ' +
        'one runs them.',
      severity: 'error',
      from: { path: '^src/(deploy|rollback)\\.ts$' },
      to: { path: '^src/(action|cli)/' },
    },
    {
      name: 'entry-points-apart',
      comment:
        'The action and the CLI are two thin front ends of one engine: what they share lives below ' +
        'them, so that neither bundle carries the other.',
      severity: 'error',
      from: { path: '^src/action/' },
      to: { path: '^src/cli/' },
    },
    {
      name: 'entry-points-apart-cli',
      comment: 'As above, the other way round.',
      severity: 'error',
      from: { path: '^src/cli/' },
      to: { path: '^src/action/' },
    },
    {
      name: 'no-loose-files',
      comment:
        'Every module lives in the folder of its stage; only the two orchestrations, deploy.ts and ' +
        'rollback.ts, sit at the top of src/.',
      severity: 'error',
      from: { path: '^src/[^/]+$', pathNot: '^src/(deploy|rollback)\\.ts$' },
      to: {},
    },
    {
      name: 'src-not-to-test',
      comment: 'What users run (dist/, bundled from src/) must not depend on test code.',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: '^test/' },
    },
    {
      name: 'src-not-to-dev-dependencies',
      comment:
        'dist/ bundles src/ for a runner that installs nothing: a devDependency would be missing ' +
        'from the package a user gets, or bundled by accident.',
      severity: 'error',
      from: { path: '^src/' },
      to: { dependencyTypes: ['npm-dev'] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // Type-only imports tie files together for a reader as much as value imports do.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default'],
    },
  },
};
