import { describe, expect, it } from 'vitest';
import { DeployError } from '../../src/base/errors.js';
import type { RemoteObject } from '../../src/bucket/objects.js';
import { Exclusion } from '../../src/inputs/exclusion.js';
import { parseHeaderRules } from '../../src/inputs/header-rules.js';
import type { ObjectHeaders } from '../../src/inputs/object-headers.js';
import type { HashedFile } from '../../src/local/hashing.js';
import { type PlanOptions, planHeaderUpdates, planSync, sameContent } from '../../src/plan/plan.js';

const MD5_A = '0cc175b9c0f1b6a831c399e269772661';
const MD5_B = '92eb5ffee6ae2fec3ad71c777531578f';
const MULTIPART = 'e2fc714c4727ee9395f324cd2e7f331f-3';

function file(key: string, md5 = MD5_A, size = 100): HashedFile {
  return { key, path: `/site/${key}`, size, md5 };
}

function object(key: string, etag = MD5_A, size = 100): RemoteObject {
  return { key, size, etag };
}

function options(overrides: Partial<PlanOptions> & { exclude?: string[] } = {}): PlanOptions {
  const exclusion = new Exclusion(overrides.exclude ?? []);
  return {
    deleteRemoved: false,
    maxDeletes: 1000,
    isExcluded: (key) => exclusion.excludes(key),
    skipped: [],
    cacheControl: [],
    contentType: [],
    ...overrides,
  };
}

const keys = (items: readonly { key: string }[]) => items.map((item) => item.key);
const uploadKeys = (plan: ReturnType<typeof planSync>) => plan.uploads.map((u) => u.file.key);

describe('planSync', () => {
  it('re-deploying an unchanged tree uploads nothing', () => {
    const local = [file('index.html'), file('theme/main.css', MD5_B, 42)];
    const remote = [object('index.html'), object('theme/main.css', MD5_B, 42)];
    const plan = planSync(local, remote, options({ deleteRemoved: true }));
    expect(plan.uploads).toEqual([]);
    expect(plan.deletes).toEqual([]);
    expect(keys(plan.unchanged)).toEqual(['index.html', 'theme/main.css']);
  });

  it('uploads a file missing remotely as new', () => {
    const plan = planSync([file('about.html')], [], options());
    expect(plan.uploads.map((u) => [u.file.key, u.reason])).toEqual([['about.html', 'new']]);
  });

  it('uploads a file whose content differs as changed', () => {
    const plan = planSync([file('index.html', MD5_B)], [object('index.html', MD5_A)], options());
    expect(plan.uploads.map((u) => [u.file.key, u.reason])).toEqual([['index.html', 'changed']]);
    expect(plan.unchanged).toEqual([]);
  });

  it('uploads a file whose size differs even when the ETag matches', () => {
    const plan = planSync([file('a.css', MD5_A, 10)], [object('a.css', MD5_A, 11)], options());
    expect(uploadKeys(plan)).toEqual(['a.css']);
  });

  it('keeps a multipart object the file was shown to reproduce', () => {
    const local = { ...file('video.mp4', MD5_A, 20_000_000), multipartEtag: MULTIPART };
    const plan = planSync([local], [object('video.mp4', MULTIPART, 20_000_000)], options());
    expect(plan.uploads).toEqual([]);
    expect(keys(plan.unchanged)).toEqual(['video.mp4']);
  });

  it('re-uploads a multipart object the file did not reproduce', () => {
    const local = file('video.mp4', MD5_A, 20_000_000);
    const plan = planSync([local], [object('video.mp4', MULTIPART, 20_000_000)], options());
    expect(uploadKeys(plan)).toEqual(['video.mp4']);
  });

  it('gives each upload the headers its rules ask for', () => {
    const plan = planSync(
      [file('index.html'), file('theme/app.js')],
      [],
      options({ cacheControl: parseHeaderRules('cache-control', '*.html: no-cache') }),
    );
    expect(plan.uploads.map((u) => [u.file.key, u.headers])).toEqual([
      ['theme/app.js', { contentType: 'text/javascript; charset=utf-8', cacheControl: undefined }],
      ['index.html', { contentType: 'text/html; charset=utf-8', cacheControl: 'no-cache' }],
    ]);
  });

  it('uploads assets before HTML pages, each group by key', () => {
    const local = ['posts/b/index.html', 'index.html', 'theme/z.css', 'a.png', 'old.htm', 'b.js'];
    const plan = planSync(
      local.map((key) => file(key)),
      [],
      options(),
    );
    expect(uploadKeys(plan)).toEqual([
      'a.png',
      'b.js',
      'theme/z.css',
      'index.html',
      'old.htm',
      'posts/b/index.html',
    ]);
  });

  it('keeps objects missing locally when delete-removed is off', () => {
    const plan = planSync(
      [file('index.html')],
      [object('index.html'), object('gone.html')],
      options(),
    );
    expect(plan.deletes).toEqual([]);
    expect(keys(plan.kept)).toEqual(['gone.html']);
  });

  it('deletes objects missing locally when delete-removed is on, sorted by key', () => {
    const remote = [object('index.html'), object('z.html'), object('gone.css'), object('a/b.png')];
    const plan = planSync([file('index.html')], remote, options({ deleteRemoved: true }));
    expect(keys(plan.deletes)).toEqual(['a/b.png', 'gone.css', 'z.html']);
    expect(plan.kept).toEqual([]);
  });

  it('never deletes an excluded remote object', () => {
    const remote = [object('index.html'), object('.well-known/security.txt'), object('old.html')];
    const plan = planSync(
      [file('index.html')],
      remote,
      options({ deleteRemoved: true, exclude: ['.well-known/**'] }),
    );
    expect(keys(plan.deletes)).toEqual(['old.html']);
    expect(keys(plan.kept)).toEqual(['.well-known/security.txt']);
  });

  it.each(['tag/', 'tag'])(
    'never deletes what is under an excluded folder "%s", at the root and nested',
    (glob) => {
      const remote = [
        object('index.html'),
        object('tag/s3/index.html'),
        object('posts/tag/x.html'),
        object('posts/tags/y.html'),
        object('tags.html'),
      ];
      const plan = planSync(
        [file('index.html')],
        remote,
        options({ deleteRemoved: true, exclude: [glob] }),
      );
      expect(keys(plan.deletes)).toEqual(['posts/tags/y.html', 'tags.html']);
      expect(keys(plan.kept)).toEqual(['tag/s3/index.html', 'posts/tag/x.html']);
    },
  );

  it('keeps the object of every skipped local entry, and everything under it', () => {
    const remote = [
      object('index.html'),
      object('photo.png'),
      object('theme/fonts/inter.woff2'),
      object('theme/fonts/sub/a.woff2'),
      object('theme/fonts-old/b.woff2'),
      object('theme/fontsx'),
      object('old.html'),
    ];
    const plan = planSync(
      [file('index.html')],
      remote,
      options({ deleteRemoved: true, skipped: ['photo.png', 'theme/fonts'] }),
    );
    expect(keys(plan.deletes)).toEqual(['old.html', 'theme/fonts-old/b.woff2', 'theme/fontsx']);
    expect(keys(plan.kept)).toEqual([
      'photo.png',
      'theme/fonts/inter.woff2',
      'theme/fonts/sub/a.woff2',
    ]);
  });

  it('refuses to delete everything when dir is empty, naming the count', () => {
    const remote = [object('index.html'), object('a.css'), object('keep/x', MD5_A)];
    const act = () => planSync([], remote, options({ deleteRemoved: true, exclude: ['keep/**'] }));
    expect(act).toThrow(DeployError);
    expect(act).toThrow(/"dir" has no files.*delete all 2 objects/);
  });

  it('an empty dir without delete-removed plans nothing and does not throw', () => {
    const plan = planSync([], [object('index.html')], options());
    expect(plan.uploads).toEqual([]);
    expect(keys(plan.kept)).toEqual(['index.html']);
  });

  it('refuses more deletions than max-deletes, naming both counts', () => {
    const remote = [object('index.html'), object('a'), object('b'), object('c')];
    const act = () =>
      planSync([file('index.html')], remote, options({ deleteRemoved: true, maxDeletes: 2 }));
    expect(act).toThrow(DeployError);
    expect(act).toThrow(/Refusing to delete 3 of 4 objects: more than max-deletes \(2\)/);
  });

  it('allows exactly max-deletes deletions', () => {
    const remote = [object('index.html'), object('a'), object('b')];
    const plan = planSync(
      [file('index.html')],
      remote,
      options({ deleteRemoved: true, maxDeletes: 2 }),
    );
    expect(keys(plan.deletes)).toEqual(['a', 'b']);
  });

  it('max-deletes 0 refuses any deletion', () => {
    const act = () =>
      planSync(
        [file('index.html')],
        [object('index.html'), object('a')],
        options({ deleteRemoved: true, maxDeletes: 0 }),
      );
    expect(act).toThrow(/max-deletes \(0\)/);
  });

  it('max-deletes -1 puts no cap on deletions', () => {
    const remote = Array.from({ length: 5000 }, (_, index) => object(`old/${index}.html`));
    const plan = planSync(
      [file('index.html')],
      remote,
      options({ deleteRemoved: true, maxDeletes: -1 }),
    );
    expect(plan.deletes).toHaveLength(5000);
  });
});

describe('sameContent', () => {
  it('is true for equal size and MD5', () => {
    expect(sameContent(file('a'), object('a'))).toBe(true);
  });

  it('is false for a different MD5', () => {
    expect(sameContent(file('a', MD5_A), object('a', MD5_B))).toBe(false);
  });

  it('is false for a different size', () => {
    expect(sameContent(file('a', MD5_A, 1), object('a', MD5_A, 2))).toBe(false);
  });

  it('accepts a multipart ETag only when it is the one the file reproduced', () => {
    const reproduced = { ...file('a'), multipartEtag: MULTIPART };
    expect(sameContent(reproduced, object('a', MULTIPART))).toBe(true);
    expect(sameContent(reproduced, object('a', `${MD5_B}-3`))).toBe(false);
    expect(sameContent(file('a'), object('a', MULTIPART))).toBe(false);
  });
});

describe('planHeaderUpdates', () => {
  const rules = {
    cacheControl: parseHeaderRules('cache-control', 'theme/**: max-age=31536000\n*.html: no-cache'),
    contentType: parseHeaderRules('content-type', '*.atom.xml: application/atom+xml'),
  };
  const current = (entries: Array<[string, ObjectHeaders]>) => new Map(entries);

  it('leaves objects whose headers already match', () => {
    const updates = planHeaderUpdates(
      [file('index.html'), file('theme/a.css')],
      [object('index.html'), object('theme/a.css')],
      current([
        ['index.html', { contentType: 'text/html;charset=UTF-8', cacheControl: 'no-cache' }],
        [
          'theme/a.css',
          { contentType: 'text/css; charset=utf-8', cacheControl: 'max-age=31536000' },
        ],
      ]),
      { ...rules, aclChanged: false },
    );
    expect(updates).toEqual([]);
  });

  it('rewrites an object whose Cache-Control drifted, with the ETag it was listed with and all it had', () => {
    const stored = {
      contentType: 'text/html; charset=utf-8',
      cacheControl: undefined,
      size: 100,
      kept: { ContentDisposition: 'inline', Metadata: { owner: 'docs' } },
    };
    const updates = planHeaderUpdates(
      [file('index.html')],
      [object('index.html', MD5_B)],
      current([['index.html', stored]]),
      { ...rules, aclChanged: false },
    );
    expect(updates).toEqual([
      {
        file: file('index.html'),
        etag: MD5_B,
        headers: { contentType: 'text/html; charset=utf-8', cacheControl: 'no-cache' },
        differences: ['Cache-Control'],
        stored,
      },
    ]);
  });

  it('rewrites an object whose Content-Type drifted', () => {
    const updates = planHeaderUpdates(
      [file('feeds/all.atom.xml')],
      [object('feeds/all.atom.xml')],
      current([
        ['feeds/all.atom.xml', { contentType: 'application/xml', cacheControl: undefined }],
      ]),
      { ...rules, aclChanged: false },
    );
    expect(updates.map((u) => [u.file.key, u.differences, u.headers.contentType])).toEqual([
      ['feeds/all.atom.xml', ['Content-Type'], 'application/atom+xml'],
    ]);
  });

  it('rewrites every unchanged object when the ACL changed, assets before pages', () => {
    const updates = planHeaderUpdates(
      [file('index.html'), file('theme/a.css')],
      [object('index.html'), object('theme/a.css')],
      current([]),
      { ...rules, aclChanged: true },
    );
    expect(updates.map((u) => [u.file.key, u.differences])).toEqual([
      ['theme/a.css', ['ACL']],
      ['index.html', ['ACL']],
    ]);
  });

  it('lists both header differences and the ACL together', () => {
    const updates = planHeaderUpdates(
      [file('index.html')],
      [object('index.html')],
      current([['index.html', { contentType: 'text/plain', cacheControl: 'max-age=60' }]]),
      { ...rules, aclChanged: true },
    );
    expect(updates[0]?.differences).toEqual(['Content-Type', 'Cache-Control', 'ACL']);
  });

  it('does not rewrite objects whose headers were not read, unless the ACL changed', () => {
    const updates = planHeaderUpdates([file('index.html')], [object('index.html')], current([]), {
      ...rules,
      aclChanged: false,
    });
    expect(updates).toEqual([]);
  });
});
