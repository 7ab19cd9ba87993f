// Bundles the action (dist/index.js) and the CLI (dist/cli/index.js) with ncc.
// Everything runs from dist/ with no node_modules, as the Actions runner does.
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';

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

// V8 keeps each script's source in memory; one non-Latin-1 character (a `’` in a comment) makes
// it a two-byte string, twice the size. Escaping the few such characters keeps it one byte per
// character. `\uXXXX` means the same in strings, templates, regular expressions and names.
for (const bundle of ['dist/index.js', 'dist/cli/index.js']) {
  const source = readFileSync(bundle, 'utf8');
  // After a backslash the escape would mean something else: refuse rather than guess.
  if (/\\[\u0080-\uffff]/.test(source))
    throw new Error(`${bundle}: a non-ASCII character follows a \\`);
  const escaped = source.replace(
    /[\u0080-\uffff]/g,
    (character) => `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
  writeFileSync(bundle, escaped);
}
