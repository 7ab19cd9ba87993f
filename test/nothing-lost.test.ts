import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { SMALL_FILE_BYTES } from '../src/local/hashing.js';
import {
  copyOfFixture,
  FIXTURE_FILE_COUNT,
  startWorld,
  type World,
} from './support/deploy-world.js';
import { asUnprivilegedUser } from './support/unprivileged.js';

// Through the real SDK against s3rver: what `exclude` leaves out, and what the walk has to skip,
// is neither uploaded nor deleted.

let world: World;
let site: { dir: string; remove(): void };
let outside: string;
beforeEach(async () => {
  world = await startWorld();
  site = copyOfFixture();
  // mkdtemp makes the copy 0700: open it to the unprivileged user below.
  chmodSync(site.dir, 0o755);
  outside = mkdtempSync(join(tmpdir(), 'outside-'));
});
afterEach(async () => {
  site.remove();
  rmSync(outside, { recursive: true, force: true });
  await world.stop();
});

const TAG_KEYS = [
  'tag/cloudfront/index.html',
  'tag/europe/index.html',
  'tag/http/index.html',
  'tag/meta/index.html',
  'tag/pelican/index.html',
  'tag/photos/index.html',
  'tag/s3/index.html',
  'tag/trains/index.html',
];

/** The fixture plus a nested `posts/tag/` folder, all deployed. */
async function deployedWithNestedTag(): Promise<string[]> {
  mkdirSync(join(site.dir, 'posts/tag'));
  writeFileSync(join(site.dir, 'posts/tag/x.html'), '<p>nested</p>');
  await world.deploy({ dir: site.dir });
  return world.keys();
}

/** Edits and removes files under both `tag/` folders. */
function editBothTagFolders(): void {
  writeFileSync(join(site.dir, 'tag/s3/index.html'), 'edited');
  writeFileSync(join(site.dir, 'posts/tag/x.html'), 'edited');
  rmSync(join(site.dir, 'tag/trains/index.html'));
}

describe('an excluded folder', () => {
  test.each(['tag/', 'tag'])(
    '"%s" is neither uploaded nor deleted, at the root and nested',
    async (glob) => {
      const before = await deployedWithNestedTag();
      editBothTagFolders();
      const { result, log } = await world.deploy({
        dir: site.dir,
        exclude: glob,
        'delete-removed': 'true',
      });
      expect(result.plan.uploads).toEqual([]);
      expect(result.plan.deletes).toEqual([]);
      expect(result.plan.kept.map((object) => object.key).sort()).toEqual([
        'posts/tag/x.html',
        ...TAG_KEYS,
      ]);
      expect(await world.keys()).toEqual(before);
      expect(await world.body('tag/s3/index.html')).not.toBe('edited');
      expect(await world.body('posts/tag/x.html')).toBe('<p>nested</p>');
      expect(log).toContain(`Skipped tag: excluded by "${glob}".`);
      expect(log).toContain(`Skipped posts/tag: excluded by "${glob}".`);
    },
  );

  test('a glob with an inner "/" is anchored at dir: "posts/tag/" leaves the root tag/ alone', async () => {
    await deployedWithNestedTag();
    editBothTagFolders();
    const { result } = await world.deploy({
      dir: site.dir,
      exclude: 'posts/tag/',
      'delete-removed': 'true',
    });
    expect(result.plan.uploads.map((upload) => upload.file.key)).toEqual(['tag/s3/index.html']);
    expect(result.plan.deletes.map((object) => object.key)).toEqual(['tag/trains/index.html']);
    expect(result.plan.kept.map((object) => object.key)).toEqual(['posts/tag/x.html']);
    expect(await world.body('posts/tag/x.html')).toBe('<p>nested</p>');
  });

  test('a leading "/" anchors a glob at dir: "/tag/" leaves the nested posts/tag/ alone', async () => {
    await deployedWithNestedTag();
    editBothTagFolders();
    const { result } = await world.deploy({
      dir: site.dir,
      exclude: '/tag/',
      'delete-removed': 'true',
    });
    expect(result.plan.uploads.map((upload) => upload.file.key)).toEqual(['posts/tag/x.html']);
    expect(result.plan.deletes).toEqual([]);
    expect(result.plan.kept.map((object) => object.key).sort()).toEqual(TAG_KEYS);
  });
});

describe('skipped local entries', () => {
  let socket: Server | undefined;
  afterEach(async () => {
    await new Promise((resolve) => (socket ? socket.close(resolve) : resolve(undefined)));
    socket = undefined;
  });

  test('keep their objects: links leaving dir, a broken link, a FIFO, a socket', async () => {
    await world.deploy({ dir: site.dir });
    const before = await world.keys();
    writeFileSync(join(outside, 'photo.png'), 'not part of the site');
    mkdirSync(join(outside, 'fonts'));
    writeFileSync(join(outside, 'fonts/inter.woff2'), 'not part of the site');
    replace('images/photo.png', (path) => symlinkSync(join(outside, 'photo.png'), path));
    replace('theme/fonts', (path) => symlinkSync(join(outside, 'fonts'), path));
    replace('extra/c++ tips.txt', (path) => symlinkSync('missing.txt', path));
    replace('favicon.ico', (path) => execFileSync('mkfifo', [path]));
    socket = await listenOn(replace('theme/site.webmanifest', () => {}));

    const { result, log } = await world.deploy({ dir: site.dir, 'delete-removed': 'true' });
    expect(result.plan.deletes).toEqual([]);
    expect(result.plan.uploads).toEqual([]);
    expect(result.plan.kept.map((object) => object.key).sort()).toEqual([
      'extra/c++ tips.txt',
      'favicon.ico',
      'images/photo.png',
      'theme/fonts/inter.woff2',
      'theme/site.webmanifest',
    ]);
    expect(await world.keys()).toEqual(before);
    const warnings = log.filter((line) => line.startsWith('warning: Skipped'));
    expect(warnings).toHaveLength(5);
    expect(warnings).toContainEqual(
      expect.stringMatching(
        /^warning: Skipped theme\/fonts: the link points outside "dir" .*; the objects under it in the bucket are kept\.$/,
      ),
    );
    expect(warnings).toContain(
      'warning: Skipped favicon.ico: not a regular file; its object in the bucket, if any, is kept.',
    );
  });

  test('keep their objects: unreadable files, small and streamed, and an unreadable folder', async () => {
    // From 1 MiB a file is hashed as a stream, after the walk found it.
    writeFileSync(join(site.dir, 'images/large.bin'), Buffer.alloc(SMALL_FILE_BYTES, 1));
    await world.deploy({ dir: site.dir });
    const before = await world.keys();
    chmodSync(join(site.dir, 'about/index.html'), 0o000);
    chmodSync(join(site.dir, 'images/large.bin'), 0o000);
    chmodSync(join(site.dir, 'category/notes'), 0o000);
    const { result, log } = await asUnprivilegedUser(() =>
      world.deploy({ dir: site.dir, 'delete-removed': 'true' }),
    );
    expect(result.plan.deletes).toEqual([]);
    expect(result.plan.kept.map((object) => object.key).sort()).toEqual([
      'about/index.html',
      'category/notes/index.html',
      'images/large.bin',
    ]);
    expect(await world.keys()).toEqual(before);
    expect(log).toContain(
      'warning: Skipped about/index.html: permission denied (EACCES); its object in the bucket, if any, is kept.',
    );
    expect(log).toContain(
      'warning: Skipped images/large.bin: permission denied (EACCES); its object in the bucket, if any, is kept.',
    );
    expect(log).toContain(
      'warning: Skipped category/notes: permission denied (EACCES); the objects under it in the bucket are kept.',
    );
  });

  test('an unreadable dir itself is bad input, refused before any request', async () => {
    await world.deploy({ dir: site.dir });
    chmodSync(site.dir, 0o000);
    const attempt = asUnprivilegedUser(() =>
      world.deploy({ dir: site.dir, 'delete-removed': 'true' }),
    );
    await expect(attempt).rejects.toThrow(/Input "dir" is invalid: .* cannot be read \(EACCES\)/);
    expect(await world.keys()).toHaveLength(FIXTURE_FILE_COUNT + 2); // site, state (with the lock), record
  });
});

/** Removes the file or folder at `key` and lets `make` put something else there. */
function replace(key: string, make: (path: string) => void): string {
  const path = join(site.dir, key);
  rmSync(path, { recursive: true });
  make(path);
  return path;
}

async function listenOn(path: string): Promise<Server> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(path, resolve));
  return server;
}
