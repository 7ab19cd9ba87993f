// Deterministic, site-like trees for the benchmark: the same seed gives the same bytes.
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

const MIN_SIZE = 1024;
const MAX_SIZE = 30 * 1024;
const SECTION_COUNT = 50;

/** mulberry32: a small, fast, seedable PRNG returning floats in [0, 1). */
export function prng(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = (
  'static site deploy bucket cache page post draft theme layout archive tag category feed ' +
  'author summary content image figure gallery index about contact release notes guide ' +
  'tutorial reference install configure build publish review update change version the a of ' +
  'and to in for with on by from at as is are was be this that it we you they'
).split(' ');

/** About 1 MiB of word soup; text files are slices of it behind a unique header. */
function corpus(random) {
  const parts = [];
  let length = 0;
  while (length < 1024 * 1024) {
    const line = [];
    const count = 6 + Math.floor(random() * 12);
    for (let i = 0; i < count; i++) line.push(WORDS[Math.floor(random() * WORDS.length)]);
    const text = `${line.join(' ')}.\n`;
    parts.push(text);
    length += text.length;
  }
  return Buffer.from(parts.join(''));
}

function randomBytes(random, size) {
  const bytes = Buffer.allocUnsafe(size);
  for (let i = 0; i < size; i++) bytes[i] = Math.floor(random() * 256);
  return bytes;
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function textFile(kind, key, size, text, random) {
  const heads = {
    html: `<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>${key}</title></head><body><article>\n`,
    css: `/* ${key} */\n:root { --accent: #${Math.floor(random() * 0xffffff).toString(16)}; }\n`,
    js: `// ${key}\n'use strict';\nexport const id = ${JSON.stringify(key)};\n/*\n`,
    xml: `<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom"><id>${key}</id>\n<!--\n`,
  };
  const tails = {
    html: '\n</article></body></html>\n',
    css: '\n',
    js: '\n*/\n',
    xml: '\n--></feed>\n',
  };
  const head = Buffer.from(heads[kind]);
  const tail = Buffer.from(tails[kind]);
  const bodySize = Math.max(0, size - head.length - tail.length);
  const start = Math.floor(random() * (text.length - bodySize));
  return Buffer.concat([head, text.subarray(start, start + bodySize), tail]);
}

/**
 * The file list of a site of `count` files in ~50 sections, laid out like Pelican's output:
 * one folder per post holding its index.html and its figures, a feed and tag feeds per
 * section, per-section stylesheets and scripts under assets/. About 40% html, 30% png,
 * 10% each css, js and xml. Keys are unique.
 */
function layout(count, random) {
  const sections = Array.from(
    { length: SECTION_COUNT },
    (_, i) => `${WORDS[i % WORDS.length]}-${i}`,
  );
  const posts = new Array(SECTION_COUNT).fill(0);
  const files = [];
  for (let i = 0; i < count; i++) {
    const s = i % SECTION_COUNT;
    const section = sections[s];
    const roll = random();
    let kind;
    let key;
    if (i < SECTION_COUNT) [kind, key] = ['html', `${section}/index.html`];
    else if (i < 2 * SECTION_COUNT) [kind, key] = ['xml', `${section}/feed.xml`];
    else if (roll < 0.4) {
      posts[s] += 1;
      [kind, key] = ['html', `${section}/post-${posts[s]}/index.html`];
    } else if (roll < 0.7) [kind, key] = ['png', `${section}/post-${posts[s]}/figure-${i}.png`];
    else if (roll < 0.8) [kind, key] = ['css', `assets/${section}/css/style-${i}.css`];
    else if (roll < 0.9) [kind, key] = ['js', `assets/${section}/js/app-${i}.js`];
    else [kind, key] = ['xml', `${section}/tags/tag-${i}.xml`];
    const size = MIN_SIZE + Math.floor(random() * (MAX_SIZE - MIN_SIZE + 1));
    files.push({ kind, key, size });
  }
  return files;
}

/** Writes the tree into `dir` with every mtime set to `mtimeSeconds`; returns {key, size}[]. */
export function generateTree(dir, { count, seed, mtimeSeconds }) {
  const random = prng(seed);
  const text = corpus(prng(seed ^ 0x5eed));
  const files = layout(count, random);
  const made = new Set();
  for (const file of files) {
    const path = join(dir, file.key);
    const folder = dirname(path);
    if (!made.has(folder)) {
      mkdirSync(folder, { recursive: true });
      made.add(folder);
    }
    const body =
      file.kind === 'png'
        ? Buffer.concat([PNG_SIGNATURE, randomBytes(random, file.size - PNG_SIGNATURE.length)])
        : textFile(file.kind, file.key, file.size, text, random);
    writeFileSync(path, body);
    utimesSync(path, mtimeSeconds, mtimeSeconds);
  }
  assertS3rverListsInKeyOrder(files.map((file) => file.key));
  return files.map(({ key, kind }) => ({ key, kind }));
}

/**
 * s3rver lists a bucket in the order of its on-disk walk (each folder's entries sorted,
 * objects stored as `NAME._S3rver_object`), not in S3's byte order of keys. The two differ
 * when a name is a prefix of a sibling's name followed by a character below '/' (e.g.
 * `theme/` and `theme-8/`, or `a` and `a-b`): then aws s3 sync, which merges sorted
 * listings, deletes live objects, and paginated listings skip keys (`key <= StartAfter`).
 * Trees for the benchmark must avoid that, so this checks it.
 */
export function assertS3rverListsInKeyOrder(keys) {
  const root = new Map();
  for (const key of keys) {
    const parts = key.split('/');
    let folder = root;
    for (const part of parts.slice(0, -1)) {
      if (!folder.has(part)) folder.set(part, new Map());
      folder = folder.get(part);
    }
    folder.set(`${parts[parts.length - 1]}._S3rver_object`, key);
  }
  const walked = [];
  const walk = (folder) => {
    for (const name of [...folder.keys()].sort(byBytes)) {
      const entry = folder.get(name);
      if (typeof entry === 'string') walked.push(entry);
      else walk(entry);
    }
  };
  walk(root);
  const sorted = [...keys].sort(byBytes);
  const at = walked.findIndex((key, i) => key !== sorted[i]);
  if (at !== -1) {
    throw new Error(
      `s3rver would list "${walked[at]}" where S3 lists "${sorted[at]}": change the tree's names`,
    );
  }
}

function byBytes(a, b) {
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}

/** Every regular file under `dir`, as keys with `/` separators, sorted. */
export function listKeys(dir, prefix = '') {
  const keys = [];
  for (const entry of readdirSync(join(dir, prefix), { withFileTypes: true })) {
    const key = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) keys.push(...listKeys(dir, key));
    else if (entry.isFile()) keys.push(key);
  }
  return keys.sort();
}

/** "A fresh checkout": every file's mtime set to now (the whole second), contents untouched. */
export function touchAll(dir, keys, seconds) {
  for (const key of keys) utimesSync(join(dir, key), seconds, seconds);
}

/**
 * The same `share` of files edited for every tool, chosen by the seed: even picks are
 * rewritten in place at the same size, odd picks grow by a line. Returns the edited keys.
 */
export function editTree(dir, keys, { share, seed }) {
  const random = prng(seed ^ 0xed17);
  const pool = [...keys];
  const count = Math.max(1, Math.round(keys.length * share));
  const edited = [];
  for (let i = 0; i < count; i++) {
    const pick = i + Math.floor(random() * (pool.length - i));
    [pool[i], pool[pick]] = [pool[pick], pool[i]];
    const key = pool[i];
    const path = join(dir, key);
    const body = readFileSync(path);
    if (i % 2 === 0) {
      const stamp = Buffer.from(` edit ${i} ${seed} `);
      const at = Math.max(0, Math.floor(body.length / 2) - stamp.length);
      const before = Buffer.from(body);
      stamp.copy(body, at);
      if (body.equals(before)) body[at] ^= 0xff;
    }
    writeFileSync(path, i % 2 === 0 ? body : Buffer.concat([body, Buffer.from(`\nedit ${i}\n`)]));
    edited.push(key);
  }
  return edited.sort();
}

export function md5OfFile(path) {
  return createHash('md5').update(readFileSync(path)).digest('hex');
}

export function treeBytes(dir, keys) {
  let total = 0;
  for (const key of keys) total += statSync(join(dir, key)).size;
  return total;
}
