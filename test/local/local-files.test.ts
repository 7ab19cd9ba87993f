import { execFileSync } from 'node:child_process';
import { chmod, mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DeployError } from '../../src/base/errors.js';
import { memoryLogger } from '../../src/base/logger.js';
import { Exclusion } from '../../src/inputs/exclusion.js';
import { INPUT_DEFAULTS } from '../../src/inputs/settings.js';
import { listLocalFiles } from '../../src/local/local-files.js';
import { asUnprivilegedUser } from '../support/unprivileged.js';

const DEFAULT_EXCLUDE = INPUT_DEFAULTS.exclude.split('\n');

let scratch: string;
let site: string;

beforeEach(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'local-files-test-'));
  site = join(scratch, 'output');
  await mkdir(site);
  await chmod(scratch, 0o755); // mkdtemp makes it 0700; asUnprivilegedUser must get in
});

afterEach(async () => {
  await rm(scratch, { recursive: true, force: true });
});

async function put(relativePath: string, content = 'x'): Promise<void> {
  const path = join(site, relativePath);
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, content);
}

async function list(options: { exclude?: string[]; prefix?: string } = {}) {
  const logger = memoryLogger();
  const { files, skipped } = await listLocalFiles(site, {
    exclude: options.exclude ?? DEFAULT_EXCLUDE,
    prefix: options.prefix ?? '',
    logger,
  });
  return { files, skipped, keys: files.map((file) => file.key), lines: logger.lines };
}

describe('listLocalFiles', () => {
  it('lists every file with a "/"-separated key, its path and size', async () => {
    await put('index.html', '<p>hi</p>');
    await put('theme/css/main.css', 'body{}');
    await put('posts/2024/hello/index.html');
    const { files, lines } = await list();
    expect(files.map(({ key, path, size }) => ({ key, path, size }))).toEqual([
      { key: 'index.html', path: join(site, 'index.html'), size: 9 },
      {
        key: 'posts/2024/hello/index.html',
        path: join(site, 'posts', '2024', 'hello', 'index.html'),
        size: 1,
      },
      { key: 'theme/css/main.css', path: join(site, 'theme', 'css', 'main.css'), size: 6 },
    ]);
    expect(lines).toEqual([]);
  });

  it('lists an empty folder as no files', async () => {
    await mkdir(join(site, 'empty'));
    expect((await list()).files).toEqual([]);
  });

  it('skips .git and .DS_Store by default, logging each', async () => {
    await put('index.html');
    await put('.git/HEAD', 'ref: refs/heads/main');
    await put('.DS_Store');
    await put('images/.DS_Store');
    await put('images/a.png');
    const { keys, lines } = await list();
    expect(keys).toEqual(['images/a.png', 'index.html']);
    expect(lines).toContain('Skipped .git: excluded by ".git/**".');
    expect(lines).toContain('Skipped .DS_Store: excluded by ".DS_Store".');
    expect(lines).toContain('Skipped images/.DS_Store: excluded by ".DS_Store".');
  });

  it('skips files matching the given excludes, which replace the defaults', async () => {
    await put('index.html');
    await put('drafts/post.html');
    await put('theme/app.js.map');
    await put('.git/HEAD');
    const { keys, lines } = await list({ exclude: ['drafts/**', '*.map'] });
    expect(keys).toEqual(['.git/HEAD', 'index.html']);
    expect(lines).toEqual([
      'Skipped drafts: excluded by "drafts/**".',
      'Skipped theme/app.js.map: excluded by "*.map".',
    ]);
  });

  it('treats a glob ending in "/" as folders only, as .gitignore does', async () => {
    await put('drafts');
    await put('posts/a.html');
    const { keys, lines } = await list({ exclude: ['drafts/', 'posts/'] });
    expect(keys).toEqual(['drafts']);
    expect(lines).toEqual(['Skipped posts: excluded by "posts/".']);
  });

  it.each(['tag/', 'tag'])(
    'excludes the folder "%s" at the root and nested, never entering it',
    async (glob) => {
      await put('tag/a/index.html');
      await put('posts/tag/x.html');
      await put('posts/tags/y.html');
      const { keys, skipped, lines } = await list({ exclude: [glob] });
      expect(keys).toEqual(['posts/tags/y.html']);
      expect(skipped).toEqual([]);
      expect(lines.sort()).toEqual([
        `Skipped posts/tag: excluded by "${glob}".`,
        `Skipped tag: excluded by "${glob}".`,
      ]);
    },
  );

  it('anchors a glob with a leading or an inner "/" at dir', async () => {
    await put('tag/a.html');
    await put('posts/tag/x.html');
    expect((await list({ exclude: ['/tag/'] })).keys).toEqual(['posts/tag/x.html']);
    expect((await list({ exclude: ['/tag'] })).keys).toEqual(['posts/tag/x.html']);
    expect((await list({ exclude: ['posts/tag/'] })).keys).toEqual(['tag/a.html']);
  });

  it('excludes a link by a folders-only glob only when it leads to a folder', async () => {
    await put('real/page.html');
    await put('file.html');
    await symlink('real', join(site, 'drafts'));
    await symlink('file.html', join(site, 'notes'));
    const { keys, lines } = await list({ exclude: ['drafts/', 'notes/'] });
    expect(keys).toEqual(['file.html', 'notes', 'real/page.html']);
    expect(lines).toEqual(['Skipped drafts: excluded by "drafts/".']);
  });

  it('skips a FIFO and a socket, listing their keys as skipped', async () => {
    await put('index.html');
    execFileSync('mkfifo', [join(site, 'pipe')]);
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(join(site, 'socket'), resolve));
    try {
      const { keys, skipped, lines } = await list();
      expect(keys).toEqual(['index.html']);
      expect(skipped.sort()).toEqual(['pipe', 'socket']);
      expect(lines.sort()).toEqual([
        'warning: Skipped pipe: not a regular file; its object in the bucket, if any, is kept.',
        'warning: Skipped socket: not a regular file; its object in the bucket, if any, is kept.',
      ]);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('skips a folder it may not read, listing it as skipped, and walks on', async () => {
    await put('index.html');
    await put('private/a.html');
    await put('public/b.html');
    await chmod(join(site, 'private'), 0o000);
    const { keys, skipped, lines } = await asUnprivilegedUser(() => list());
    expect(keys).toEqual(['index.html', 'public/b.html']);
    expect(skipped).toEqual(['private']);
    expect(lines).toEqual([
      'warning: Skipped private: permission denied (EACCES); the objects under it in the bucket are kept.',
    ]);
  });

  it('skips a link it may not follow, listing it as skipped', async () => {
    await put('index.html');
    await put('locked/page.html');
    await symlink('locked/page.html', join(site, 'latest.html'));
    await chmod(join(site, 'locked'), 0o000);
    const { keys, skipped, lines } = await asUnprivilegedUser(() => list());
    expect(keys).toEqual(['index.html']);
    expect(skipped.sort()).toEqual(['latest.html', 'locked']);
    expect(lines.sort()).toEqual([
      'warning: Skipped latest.html: permission denied (EACCES); its object in the bucket, if any, is kept.',
      'warning: Skipped locked: permission denied (EACCES); the objects under it in the bucket are kept.',
    ]);
  });

  it('shows control characters in the names it logs', async () => {
    await symlink('missing', join(site, 'bad\nname'));
    const { skipped, lines } = await list();
    expect(skipped).toEqual(['bad\nname']);
    expect(lines).toEqual([
      'warning: Skipped bad\\nname: the link is broken or loops; its object in the bucket, if any, is kept.',
    ]);
  });

  it('leaves out exactly the keys the planner counts as excluded (one predicate)', async () => {
    const names = ['tag', 'tags', 'a', 'x.tmp', '.git'];
    const keys: string[] = [];
    for (const first of names) {
      for (const second of names) {
        keys.push(`${first}/${second}/page.html`, `${first}/${second}.html`, `${first}/${second}`);
      }
    }
    // A file and a folder cannot share a name: keep the deeper key where they would.
    const folders = new Set(keys.map((key) => key.slice(0, key.lastIndexOf('/'))));
    const tree = keys.filter((key) => !folders.has(key));
    for (const key of tree) await put(key);
    const globs = ['tag/', '/a/x.tmp', '.git/**', '*.tmp', 'tags/a/', 'a/tags'];
    const { keys: listed } = await list({ exclude: globs });
    const exclusion = new Exclusion(globs);
    expect(listed).toEqual(tree.filter((key) => !exclusion.excludes(key)).sort());
    expect(listed.length).toBeGreaterThan(0);
    expect(listed.length).toBeLessThan(tree.length / 2);
  });

  it('follows a link to a file inside dir, under the link name', async () => {
    await put('posts/latest.html', 'newest post');
    await symlink(join(site, 'posts', 'latest.html'), join(site, 'latest.html'));
    const { files, lines } = await list();
    expect(files.map(({ key, size }) => [key, size])).toEqual([
      ['latest.html', 11],
      ['posts/latest.html', 11],
    ]);
    expect(lines).toEqual([]);
  });

  it('follows a relative link to a sibling folder, listing both the folder and the link', async () => {
    await put('2024/post.html');
    await symlink('2024', join(site, 'latest'));
    await symlink('2024', join(site, 'a-link'));
    const { keys, lines } = await list();
    expect(keys).toEqual(['2024/post.html', 'a-link/post.html', 'latest/post.html']);
    expect(lines).toEqual([]);
  });

  it('skips a link that points outside dir, with a warning', async () => {
    await writeFile(join(scratch, 'secret.txt'), 'do not publish');
    await put('index.html');
    await symlink(join(scratch, 'secret.txt'), join(site, 'secret.txt'));
    await symlink(scratch, join(site, 'parent'));
    const { keys, skipped, lines } = await list();
    expect(keys).toEqual(['index.html']);
    expect(skipped.sort()).toEqual(['parent', 'secret.txt']);
    expect(lines).toContainEqual(
      expect.stringMatching(
        /^warning: Skipped parent: the link points outside "dir" .*; the objects under it in the bucket are kept\.$/,
      ),
    );
    expect(lines).toContainEqual(
      expect.stringMatching(
        /^warning: Skipped secret\.txt: the link points outside "dir" .*; its object in the bucket, if any, is kept\.$/,
      ),
    );
  });

  it('skips a link that loops back to a containing folder, with a warning', async () => {
    await put('docs/page.html');
    await symlink('..', join(site, 'docs', 'up'));
    await symlink('.', join(site, 'docs', 'self'));
    const { keys, skipped, lines } = await list();
    expect(keys).toEqual(['docs/page.html']);
    expect(skipped.sort()).toEqual(['docs/self', 'docs/up']);
    expect(lines).toEqual([
      'warning: Skipped docs/self: the link loops back to a folder that contains it; the objects under it in the bucket are kept.',
      'warning: Skipped docs/up: the link loops back to a folder that contains it; the objects under it in the bucket are kept.',
    ]);
  });

  it('skips a link to itself and a broken link, with a warning', async () => {
    await put('index.html');
    await symlink('loop', join(site, 'loop'));
    await symlink('missing.html', join(site, 'broken.html'));
    const { keys, skipped, lines } = await list();
    expect(keys).toEqual(['index.html']);
    expect(skipped.sort()).toEqual(['broken.html', 'loop']);
    expect(lines).toEqual([
      'warning: Skipped broken.html: the link is broken or loops; its object in the bucket, if any, is kept.',
      'warning: Skipped loop: the link is broken or loops; its object in the bucket, if any, is kept.',
    ]);
  });

  it('fails for a missing dir, naming the dir input', async () => {
    const missing = join(scratch, 'not-built');
    const act = () => listLocalFiles(missing, { exclude: [], prefix: '', logger: memoryLogger() });
    await expect(act()).rejects.toThrow(DeployError);
    await expect(act()).rejects.toThrow(
      `Input "dir" is invalid: ${JSON.stringify(missing)} is not a folder`,
    );
  });

  it('fails when dir is a file, naming the dir input', async () => {
    const file = join(scratch, 'file.txt');
    await writeFile(file, 'x');
    await expect(
      listLocalFiles(file, { exclude: [], prefix: '', logger: memoryLogger() }),
    ).rejects.toThrow(/Input "dir" is invalid/);
  });

  it('accepts a key of exactly 1,024 bytes with the prefix', async () => {
    await put('index.html');
    const { keys } = await list({ prefix: `${'a'.repeat(1013)}/` });
    expect(keys).toEqual(['index.html']);
  });

  it('fails for a key over 1,024 bytes of UTF-8, naming the file', async () => {
    await put('index.html');
    // 521 characters but 1,031 bytes: the limit is in bytes.
    const prefix = `${'é'.repeat(510)}/`;
    const act = () => list({ prefix });
    await expect(act()).rejects.toThrow(DeployError);
    await expect(act()).rejects.toThrow(`The file ${join(site, 'index.html')}`);
    await expect(act()).rejects.toThrow(/of 1031 bytes; S3 keys are at most 1024 bytes/);
  });

  it('fails for a deep path over 1,024 bytes without a prefix', async () => {
    const deep = Array.from({ length: 5 }, (_, index) => `${index}${'d'.repeat(220)}`).join('/');
    await put(`${deep}/index.html`);
    await expect(list()).rejects.toThrow(/index\.html.*S3 keys are at most 1024 bytes/);
  });
});
