// Bundles the action (dist/index.js) and the CLI (dist/cli/index.js) with ncc.
// Everything runs from dist/ with no node_modules, as the Actions runner does.
import { execFileSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';

const ncc = [
  'node_modules/@vercel/ncc/dist/ncc/cli.js',
  'build',
  '--target',
  'es2022',
  '--license',
  'licenses.txt',
  '--quiet',
];
rmSync('dist', { recursive: true, force: true });
execFileSync(process.execPath, [...ncc, 'src/index.ts', '-o', 'dist'], { stdio: 'inherit' });
execFileSync(process.execPath, [...ncc, 'src/bin.ts', '-o', 'dist/cli'], { stdio: 'inherit' });
// Each bundle is ESM; a package.json beside it says so wherever dist/ is copied.
writeFileSync('dist/package.json', '{ "type": "module" }\n');
