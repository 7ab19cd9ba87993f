import { readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import {
  copyOfFixture,
  DISTRIBUTION,
  FIXTURE_FILE_COUNT,
  startWorld,
  type World,
} from './support/deploy-world.js';

let world: World;
let site: { dir: string; remove(): void };
beforeEach(async () => {
  world = await startWorld();
  site = copyOfFixture();
});
afterEach(async () => {
  site.remove();
  await world.stop();
});

describe('a first deploy of a Pelican site', () => {
  test('uploads every file with the Content-Type of its extension and no uploader metadata', async () => {
    const { result } = await world.deploy({ dir: site.dir });
    expect(result.plan.uploads).toHaveLength(FIXTURE_FILE_COUNT);
    expect(result.plan.uploads.every((upload) => upload.reason === 'new')).toBe(true);
    const keys = await world.keys();
    expect(keys).toContain('index.html');
    expect(keys).toContain('posts/hello-fixture/index.html');
    expect(keys).toContain('.s3-cf-sync.json');
    // The state (which holds the lock) and this deploy's record: the action's own objects.
    expect(keys.filter((key) => key.startsWith('.s3-cf-sync.deploy.'))).toHaveLength(1);
    expect(keys).toHaveLength(FIXTURE_FILE_COUNT + 2);
    const types = Object.fromEntries(
      await Promise.all(
        [
          'index.html',
          'theme/css/main.css',
          'theme/js/site.js',
          'theme/fonts/inter.woff2',
          'images/photo.png',
          'feeds/all.atom.xml',
          'theme/images/logo.svg',
          'extra/c++ tips.txt',
        ].map(async (key) => [key, (await world.head(key)).contentType]),
      ),
    );
    expect(types).toEqual({
      'index.html': 'text/html; charset=utf-8',
      'theme/css/main.css': 'text/css; charset=utf-8',
      'theme/js/site.js': 'text/javascript; charset=utf-8',
      'theme/fonts/inter.woff2': 'font/woff2',
      'images/photo.png': 'image/png',
      'feeds/all.atom.xml': 'application/atom+xml; charset=utf-8',
      'theme/images/logo.svg': 'image/svg+xml',
      'extra/c++ tips.txt': 'text/plain; charset=utf-8',
    });
    expect((await world.head('index.html')).metadata).toEqual({});
  });

  test('uploads assets before any HTML page', async () => {
    const { result } = await world.deploy({ dir: site.dir });
    const order = result.plan.uploads.map((upload) => upload.file.key.endsWith('.html'));
    expect(order.indexOf(true)).toBeGreaterThan(0);
    expect(order.slice(order.indexOf(true)).every(Boolean)).toBe(true);
  });

  test('with a distribution, invalidates every new path once, in one request', async () => {
    const { result } = await world.deploy({
      dir: site.dir,
      distribution: DISTRIBUTION,
      'invalidation-max-paths': '3000',
    });
    const invalidations = world.cloudFront.invalidations(DISTRIBUTION);
    expect(invalidations).toHaveLength(1);
    expect(result.invalidations[0]?.ids).toEqual([invalidations[0]?.id]);
    expect(invalidations[0]?.paths).toContain('/posts/hello-fixture/');
    expect(invalidations[0]?.paths).toContain('/posts/hello-fixture/index.html');
    expect(invalidations[0]?.paths).toContain('/');
    expect(invalidations[0]?.paths).toContain('/extra/c++%20tips.txt');
    expect(invalidations[0]?.paths).toContain('/extra/%C3%BCn%C3%AFcode.txt');
    expect(invalidations[0]?.paths).toContain('/extra/runtime*');
  });
});

describe('re-deploying', () => {
  test('an unchanged tree uploads nothing and invalidates nothing', async () => {
    await world.deploy({ dir: site.dir, distribution: DISTRIBUTION });
    const before = world.cloudFront.requests.length;
    const { result } = await world.deploy({ dir: site.dir, distribution: DISTRIBUTION });
    expect(result.plan.uploads).toHaveLength(0);
    expect(result.plan.unchanged).toHaveLength(FIXTURE_FILE_COUNT);
    expect(result.invalidations).toEqual([]);
    expect(world.cloudFront.requests.length).toBe(before);
  });

  test('after a fresh checkout (every mtime new, same content) uploads nothing', async () => {
    await world.deploy({ dir: site.dir });
    const later = new Date(Date.now() + 3_600_000);
    for (const entry of readdirSync(site.dir, { recursive: true, withFileTypes: true })) {
      if (entry.isFile()) utimesSync(join(entry.parentPath, entry.name), later, later);
    }
    const { result } = await world.deploy({ dir: site.dir });
    expect(result.plan.uploads).toHaveLength(0);
  });

  test('after editing one page uploads exactly that file and invalidates its URL and pretty URL', async () => {
    await world.deploy({ dir: site.dir, distribution: DISTRIBUTION });
    writeFileSync(
      join(site.dir, 'posts/night-trains/index.html'),
      '<html><body>edited</body></html>\n',
    );
    const { result } = await world.deploy({ dir: site.dir, distribution: DISTRIBUTION });
    expect(result.plan.uploads.map((upload) => [upload.file.key, upload.reason])).toEqual([
      ['posts/night-trains/index.html', 'changed'],
    ]);
    expect(result.changedPaths).toEqual(['/posts/night-trains/index.html']);
    const last = world.cloudFront.invalidations(DISTRIBUTION).at(-1);
    expect(last?.paths.slice().sort()).toEqual([
      '/posts/night-trains/',
      '/posts/night-trains/index.html',
    ]);
    expect(await world.body('posts/night-trains/index.html')).toContain('edited');
  });
});

describe('deleting removed files', () => {
  test('happens only with delete-removed, after the uploads', async () => {
    await world.deploy({ dir: site.dir });
    rmSync(join(site.dir, 'tag/trains/index.html'));
    writeFileSync(join(site.dir, 'new.html'), '<p>new</p>');
    const kept = await world.deploy({ dir: site.dir });
    expect(kept.result.plan.deletes).toHaveLength(0);
    expect(await world.keys()).toContain('tag/trains/index.html');

    const { result, log } = await world.deploy({ dir: site.dir, 'delete-removed': 'true' });
    expect(result.plan.deletes.map((object) => object.key)).toEqual(['tag/trains/index.html']);
    expect(await world.keys()).not.toContain('tag/trains/index.html');
    expect(log.findIndex((line) => line.startsWith('Deleted'))).toBeGreaterThan(
      log.findIndex((line) => line.startsWith('Added new.html')),
    );
  });

  test('an empty folder never empties the bucket', async () => {
    await world.deploy({ dir: site.dir });
    const empty = copyOfFixture();
    rmSync(empty.dir, { recursive: true });
    const { mkdirSync } = await import('node:fs');
    mkdirSync(empty.dir);
    await expect(world.deploy({ dir: empty.dir, 'delete-removed': 'true' })).rejects.toThrow(
      /"dir" has no files.*all 40 objects/,
    );
    expect(await world.keys()).toHaveLength(FIXTURE_FILE_COUNT + 2);
    empty.remove();
  });

  test('more deletions than max-deletes stop the deploy before anything is written', async () => {
    await world.deploy({ dir: site.dir });
    rmSync(join(site.dir, 'tag'), { recursive: true });
    writeFileSync(join(site.dir, 'index.html'), 'changed');
    await expect(
      world.deploy({ dir: site.dir, 'delete-removed': 'true', 'max-deletes': '3' }),
    ).rejects.toThrow(/Refusing to delete 8 of 40 objects: more than max-deletes \(3\)/);
    expect(await world.body('index.html')).not.toBe('changed');
    expect(await world.keys()).toContain('tag/trains/index.html');
  });
});

describe('a prefix', () => {
  test('publishes under the folder and never touches objects outside it', async () => {
    await world.deploy({ dir: site.dir });
    const { result } = await world.deploy({
      dir: site.dir,
      prefix: 'blog',
      'delete-removed': 'true',
      distribution: DISTRIBUTION,
    });
    expect(result.plan.uploads).toHaveLength(FIXTURE_FILE_COUNT);
    expect(result.plan.deletes).toHaveLength(0);
    expect(await world.keys('blog/')).toContain('blog/index.html');
    expect(await world.keys()).toContain('index.html');
    // 40 files and their pretty URLs exceed the default budget of 50 paths: one scoped wildcard.
    expect(result.invalidations[0]?.paths).toEqual(['/blog/*']);
    expect(result.invalidations[0]?.exactPathCount).toBeGreaterThan(50);
  });
});

describe('a dry run', () => {
  test('plans exactly what the real run then does, and writes nothing', async () => {
    await world.deploy({ dir: site.dir });
    writeFileSync(join(site.dir, 'index.html'), 'changed');
    rmSync(join(site.dir, 'about/index.html'));
    const before = await world.keys();
    const dry = await world.deploy({
      dir: site.dir,
      'dry-run': 'true',
      'delete-removed': 'true',
      distribution: DISTRIBUTION,
    });
    expect(dry.result.dryRun).toBe(true);
    expect(await world.keys()).toEqual(before);
    expect(world.cloudFront.invalidations(DISTRIBUTION)).toHaveLength(0);
    const real = await world.deploy({
      dir: site.dir,
      'delete-removed': 'true',
      distribution: DISTRIBUTION,
    });
    expect(real.result.changedPaths).toEqual(dry.result.changedPaths);
    expect(real.result.invalidations[0]?.paths).toEqual(dry.result.invalidations[0]?.paths);
  });
});

describe('header rules', () => {
  test('a changed cache rule rewrites matching objects in place without re-uploading them', async () => {
    await world.deploy({ dir: site.dir });
    const rules = 'theme/**: public, max-age=31536000, immutable\n*.html: no-cache';
    const { result } = await world.deploy({
      dir: site.dir,
      'cache-control': rules,
      distribution: DISTRIBUTION,
    });
    expect(result.plan.uploads).toHaveLength(0);
    expect(result.plan.headerUpdates.length).toBeGreaterThan(20);
    expect((await world.head('theme/css/main.css')).cacheControl).toBe(
      'public, max-age=31536000, immutable',
    );
    expect((await world.head('index.html')).cacheControl).toBe('no-cache');
    expect((await world.head('index.html')).contentType).toBe('text/html; charset=utf-8');
    expect((await world.head('images/photo.png')).cacheControl).toBeUndefined();
    const again = await world.deploy({ dir: site.dir, 'cache-control': rules });
    expect(again.result.plan.headerUpdates).toHaveLength(0);
  });
});
