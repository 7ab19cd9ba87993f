import { describe, expect, test } from 'vitest';
import {
  type CommentSource,
  commentMarker,
  formatDollars,
  MAX_COMMENT_BYTES,
  pullRequestComment,
  reviewWarnings,
} from '../../src/report/pull-request-comment.js';
import {
  hashed,
  headerUpdate,
  plannedInvalidation,
  remote,
  resultOf,
  settingsFor,
  times,
  upload,
} from '../support/deploy-results.js';

const SHA = 'abcdef0123456789abcdef0123456789abcdef01';
const source: CommentSource = {
  runUrl: 'https://github.com/octo/blog/actions/runs/4242',
  head: { sha: SHA, url: `https://github.com/octo/blog/pull/7/commits/${SHA}` },
};
const settings = settingsFor({ 'delete-removed': 'true' });

/** 2 new, 1 updated, 1 header rewrite, 2 deleted, 10 unchanged; 7 paths to invalidate. */
const typical = resultOf({
  uploads: [
    upload('new', 'posts/hello/index.html'),
    upload('new', 'theme/css/print.css'),
    upload('changed', 'index.html'),
  ],
  headerUpdates: [headerUpdate('theme/css/main.css', ['Cache-Control'])],
  deletes: [remote('posts/draft/index.html'), remote('old.html')],
  unchanged: times(10, (i) => hashed(`page-${i}.html`)),
  invalidation: plannedInvalidation([
    '/blog/',
    '/blog/index.html',
    '/blog/old.html',
    '/blog/posts/draft/',
    '/blog/posts/draft/index.html',
    '/blog/posts/hello/',
    '/blog/posts/hello/index.html',
  ]),
});

describe('the plan comment', () => {
  test('after a deploy, names its deploy ID; a rollback also names the deploy it went back to', () => {
    const deployed = { ...typical, dryRun: false, deployId: '20261203-141502-a1b2' };
    expect(pullRequestComment(deployed, settings, [], source)).toContain(
      'Deploy ID <code>20261203-141502-a1b2</code> (rollback-to: <code>20261203-141502-a1b2</code> brings this state back).',
    );
    const rolledBack = { ...deployed, rollbackTo: '20261202-090000-ffff' };
    const body = pullRequestComment(rolledBack, settings, [], source);
    expect(body).toContain(
      'Rolled back to the state right after deploy <code>20261202-090000-ffff</code>.',
    );
    expect(body).toContain('3 restored, 1 headers updated, 2 deleted');
  });

  test('starts with the hidden marker of its target, then says what a deploy would do', () => {
    const body = pullRequestComment(typical, settings, [], source);
    expect(body.split('\n')[0]).toBe(commentMarker(settings));
    expect(body).toContain(
      '### Plan for <code>s3://example-site/blog/</code>: 3 to upload, 1 headers to update, 2 to delete, 10 unchanged, 7 paths to invalidate',
    );
    expect(body).toContain('Dry run: nothing was written.');
    expect(body).toContain(`[this workflow run](${source.runUrl})`);
    expect(body).toContain(`[abcdef0](${source.head?.url})`);
    expect(body).toContain('| New | 2 |');
    expect(body).toContain('| Deleted | 2 |');
  });

  test('lists the pages that will change and, open, what will be deleted', () => {
    const body = pullRequestComment(typical, settings, [], source);
    expect(body).toContain('#### Pages that will change');
    expect(body).toContain('<li><code>/blog/posts/hello/index.html</code></li>');
    expect(body).toContain('<li><code>/blog/theme/css/main.css — Cache-Control</code></li>');
    expect(body).toContain('#### What will be deleted');
    expect(body).toContain('<details open><summary>Deleted (2)</summary>');
    expect(body).toContain('<li><code>/blog/old.html</code></li>');
  });

  test('gives the invalidation paths, that they were not collapsed, and what they may cost', () => {
    const body = pullRequestComment(typical, settings, [], source);
    expect(body).toContain(
      '**CloudFront** <code>E2QWRUHAPOMQZL</code>: would invalidate 7 paths. Not collapsed',
    );
    expect(body).toContain('<li><code>/blog/posts/draft/</code></li>');
    expect(body).toContain(
      "If this month's free 1,000 paths are used up, this invalidation costs $0.035 (7 paths at $0.005).",
    );
  });

  test('says when the changed URLs were collapsed into wildcards', () => {
    const result = resultOf({
      uploads: times(80, (i) => upload('new', `posts/${i}/index.html`)),
      invalidation: plannedInvalidation(['/blog/posts/*'], 160),
    });
    const body = pullRequestComment(result, settings, [], source);
    expect(body).toContain(
      'would invalidate 1 path. The 160 changed URLs are collapsed into wildcards to fit invalidation-max-paths (50).',
    );
    expect(body).toContain('this invalidation costs $0.005 (1 path at $0.005)');
  });

  test('says so when there is no distribution to invalidate', () => {
    const body = pullRequestComment(typical, settingsFor({ distribution: '' }), [], source);
    expect(body).toContain('no distribution given, nothing to invalidate');
    expect(body).not.toContain('costs');
  });

  test('reports an up-to-date site without lists', () => {
    const result = resultOf({ unchanged: times(3, (i) => hashed(`${i}.html`)) });
    const body = pullRequestComment(result, settings, [], source);
    expect(body).toContain(': the site is up to date');
    expect(body).not.toContain('<details');
  });

  test('says the changes are live when the run was not a dry run', () => {
    const body = pullRequestComment({ ...typical, dryRun: false }, settings, [], source);
    expect(body).toContain('### Deployed to <code>s3://example-site/blog/</code>');
    expect(body).toContain('Not a dry run: these changes are live');
    expect(body).toContain('#### What was deleted');
  });

  test('escapes file names: no HTML, no Markdown, no line breaks from a key', () => {
    const result = resultOf({
      uploads: [upload('new', '<img src=x onerror=alert(1)>\n### *fake*|heading.html')],
    });
    const body = pullRequestComment(result, settings, [], source);
    expect(body).not.toContain('<img');
    expect(body).not.toContain('\n### *fake*');
    expect(body).toContain(
      '&#60;img src=x onerror=alert(1)&#62;&#92;n### &#42;fake&#42;&#124;heading.html',
    );
  });

  test('one marker per bucket and prefix', () => {
    expect(commentMarker(settingsFor())).toBe(commentMarker(settingsFor({ prefix: 'blog/' })));
    expect(commentMarker(settingsFor())).not.toBe(commentMarker(settingsFor({ prefix: 'docs' })));
    expect(commentMarker(settingsFor())).not.toBe(
      commentMarker(settingsFor({ bucket: 'other-site' })),
    );
    expect(commentMarker(settingsFor())).toMatch(/^<!-- s3-cf-sync plan [0-9a-f]{16} -->$/);
  });
});

describe('warnings a reviewer should see', () => {
  const deleting = (n: number) =>
    resultOf({ deletes: times(n, (i) => remote(`old-${i}.html`)), unchanged: [hashed('a.html')] });

  test('deletions from 80% of max-deletes', () => {
    const capped = settingsFor({ 'delete-removed': 'true', 'max-deletes': '100' });
    expect(reviewWarnings(deleting(80), capped, [])).toEqual([
      '80 deletions: 80% of max-deletes (100). A deploy with more than 100 stops before writing anything.',
    ]);
    expect(reviewWarnings(deleting(79), capped, [])).toEqual([]);
    const uncapped = settingsFor({ 'delete-removed': 'true', 'max-deletes': '-1' });
    expect(reviewWarnings(deleting(79), uncapped, [])).toEqual([]);
  });

  test('header rewrites, with how many objects each header changes on', () => {
    const result = resultOf({
      headerUpdates: [
        headerUpdate('a.css', ['Cache-Control']),
        headerUpdate('b.css', ['Cache-Control', 'Content-Type']),
        headerUpdate('c.css', ['ACL']),
      ],
    });
    expect(reviewWarnings(result, settings, [])).toEqual([
      'Headers of 3 unchanged objects are rewritten in place: Cache-Control on 2, Content-Type on 1, ACL on 1.',
    ]);
  });

  test('the deploy’s own warnings, escaped, in the comment', () => {
    const logged = ['Skipped <drafts>/x.html: the link points outside "dir" (/tmp).'];
    const body = pullRequestComment(typical, settings, logged, source);
    expect(body).toContain('> [!WARNING]');
    expect(body).toContain(
      '> - Skipped &#60;drafts&#62;/x.html: the link points outside &#34;dir&#34; (/tmp).',
    );
  });
});

describe('GitHub’s 65,536-character limit', () => {
  test('a long list ends "and N more"', () => {
    const result = resultOf({ uploads: times(5000, (i) => upload('new', `posts/${i}.html`)) });
    const body = pullRequestComment(result, settings, [], source);
    expect(body).toContain('<li><em>and 4,950 more</em></li>');
  });

  test('a huge plan with long names and many warnings still fits, with every section', () => {
    const long = (i: number) => `${'\u0001'.repeat(900)}${'ü'.repeat(60)}-${i}.html`;
    const result = resultOf({
      uploads: times(20_000, (i) => upload(i % 2 ? 'new' : 'changed', long(i))),
      headerUpdates: times(5000, (i) => headerUpdate(`h-${long(i)}`, ['Cache-Control'])),
      deletes: times(999, (i) => remote(`d-${long(i)}`)),
      invalidation: plannedInvalidation(
        times(50, (i) => `/blog/${'x'.repeat(3900)}${i}*`),
        70_000,
      ),
    });
    const warnings = times(2000, (i) => `${'Skipped a very long name '.repeat(200)}${i}`);
    const body = pullRequestComment(result, settings, warnings, source);
    expect(Buffer.byteLength(body)).toBeLessThan(MAX_COMMENT_BYTES);
    expect(body.split('\n')[0]).toBe(commentMarker(settings));
    for (const heading of [
      '#### Pages that will change',
      '#### What will be deleted',
      '> [!WARNING]',
    ])
      expect(body).toContain(heading);
    expect(body).toMatch(/and [\d,]+ more/);
  });

  test.each([50_000, 70_000])(
    'so does the plan for a %i-character prefix (shorter lists, then a note)',
    (length) => {
      const prefix = 'p'.repeat(length);
      const long = settingsFor({ prefix, 'delete-removed': 'true' });
      const result = resultOf(
        {
          uploads: times(200, (i) => upload('new', `${i}.html`)),
          deletes: times(200, (i) => remote(`old/${i}.html`)),
        },
        `${prefix}/`,
      );
      const body = pullRequestComment(result, long, [], source);
      expect(Buffer.byteLength(body)).toBeLessThan(MAX_COMMENT_BYTES);
      expect(body.split('\n')[0]).toBe(commentMarker(long));
      expect(body).toContain('200 to upload, 200 to delete');
    },
  );
});

describe('formatDollars', () => {
  test.each([
    [5, '$0.005'],
    [10, '$0.01'],
    [35, '$0.035'],
    [1000, '$1.00'],
    [1234, '$1.234'],
    [15_000, '$15.00'],
    [5_000_000, '$5,000.00'],
  ])('%i tenths of a cent is %s', (tenths, text) => {
    expect(formatDollars(tenths)).toBe(text);
  });
});
