// Bundles the action (dist/index.js) and the CLI (dist/cli/index.js) with ncc.
// Everything runs from dist/ with no node_modules, as the Actions runner does. A dynamic import()
// (the pull-request comment's Octokit) becomes a chunk file beside index.js (`925.index.js`).
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const ncc = [
  'node_modules/@vercel/ncc/dist/ncc/cli.js',
  'build',
  '--target',
  'es2022',
  // One file per chunk: with a fixed name every chunk writes licenses.txt and the last one wins.
  '--license',
  '[name].licenses.txt',
  '--quiet',
];
rmSync('dist', { recursive: true, force: true });
for (const [entry, folder] of [
  ['src/action/index.ts', 'dist'],
  ['src/cli/bin.ts', 'dist/cli'],
]) {
  execFileSync(process.execPath, [...ncc, entry, '-o', folder], { stdio: 'inherit' });
  mergeLicenses(folder);
}
// Each bundle is ESM; a package.json beside it says so wherever dist/ is copied.
writeFileSync('dist/package.json', '{ "type": "module" }\n');

// V8 keeps each script's source in memory; one non-Latin-1 character (a `’` in a comment) makes
// it a two-byte string, twice the size. Escaping the few such characters keeps it one byte per
// character. `\uXXXX` means the same in strings, templates, regular expressions and names.
for (const bundle of javaScriptFiles('dist')) {
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

/** One licenses.txt per folder: the entry chunk's packages, then each lazy chunk's, by name. */
function mergeLicenses(folder) {
  const chunks = readdirSync(folder)
    .filter((name) => name.endsWith('.licenses.txt'))
    .sort();
  const isEntry = (name) => name === 'main.licenses.txt';
  const perChunk = [...chunks.filter(isEntry), ...chunks.filter((name) => !isEntry(name))];
  const texts = perChunk.map((name) => readFileSync(join(folder, name), 'utf8').trimEnd());
  writeFileSync(join(folder, 'licenses.txt'), `${texts.filter(Boolean).join('\n\n')}\n`);
  for (const name of perChunk) rmSync(join(folder, name));
}

function javaScriptFiles(folder) {
  return readdirSync(folder, { recursive: true })
    .filter((name) => name.endsWith('.js'))
    .map((name) => join(folder, name))
    .sort();
}
