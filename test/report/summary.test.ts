import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import type { HeaderUpdate, RemoteObject, Upload } from '../../src/bucket/objects.js';
import { parseSettings, type Settings } from '../../src/inputs/settings.js';
import type { HashedFile } from '../../src/local/hashing.js';
import type { DeployResult } from '../../src/report/deploy-result.js';
import { summaryMarkdown } from '../../src/report/summary.js';
import { terminalSummary } from '../../src/report/terminal-summary.js';
import type { DeployOrigin } from '../../src/report/text.js';
import { resultOf as baseResultOf, type Deploy } from '../support/deploy-results.js';
import {
  pngSize,
  SCREENSHOT_WIDTH,
  screenshot,
  summaryHtml,
  summaryPage,
} from '../support/render-summary.js';

const DISTRIBUTION = 'E2QWRUHAPOMQZL';
const INVALIDATION_ID = 'I2J0I21PCUYOIK';
const SHA = '0123456789abcdef0123456789abcdef01234567';
const origin: DeployOrigin = {
  repository: 'octo/blog',
  sha: SHA,
  serverUrl: 'https://github.com',
};

function settingsFor(inputs: Record<string, string> = {}): Settings {
  const all: Record<string, string> = {
    dir: 'output',
    bucket: 'example-site',
    prefix: 'blog',
    distribution: DISTRIBUTION,
    'invalidation-max-paths': '10',
    ...inputs,
  };
  return parseSettings((name) => all[name] ?? '', {});
}

const hashed = (key: string, size: number): HashedFile => ({
  key,
  path: `/site/output/${key}`,
  size,
  md5: '0'.repeat(32),
});
const upload = (reason: Upload['reason'], key: string, size: number): Upload => ({
  file: hashed(key, size),
  reason,
  headers: { contentType: 'text/html', cacheControl: undefined },
});
const headerUpdate = (key: string, size: number, differences: string[]): HeaderUpdate => ({
  file: hashed(key, size),
  etag: '0'.repeat(32),
  headers: { contentType: 'text/css', cacheControl: 'max-age=31536000' },
  differences,
});
const remote = (key: string, size: number): RemoteObject => ({ key, size, etag: '0'.repeat(32) });
const times = <T>(n: number, make: (index: number) => T): T[] =>
  Array.from({ length: n }, (_, i) => make(i));

/** A real deploy, unless it says it is a dry run. */
const resultOf = (deploy: Deploy, prefix?: string): DeployResult =>
  baseResultOf({ dryRun: false, durationMs: 12_345, ...deploy }, prefix);

const KiB = 1024;
const NEW_POSTS = [
  'hello-world',
  'static-sites-on-s3',
  'cloudfront-invalidation',
  'pelican-themes',
  'a-year-of-writing',
];
/** 12 new, 3 updated, 2 headers, 3 deleted, 4,021 unchanged; 31 URLs collapsed into 9 paths. */
const typical: Deploy = {
  uploads: [
    ...NEW_POSTS.map((slug) => upload('new', `images/${slug}/cover.webp`, 20 * KiB)),
    upload('new', 'theme/css/print.css', 20 * KiB),
    ...NEW_POSTS.map((slug) => upload('new', `posts/${slug}/index.html`, 32 * KiB)),
    upload('new', 'tag/aws/index.html', 20 * KiB),
    upload('changed', 'feeds/all.atom.xml', 600 * KiB),
    upload('changed', 'archives/index.html', 400 * KiB),
    upload('changed', 'index.html', 228 * KiB),
  ],
  headerUpdates: [
    headerUpdate('theme/css/main.css', KiB, ['Cache-Control']),
    headerUpdate('theme/js/site.js', KiB, ['Cache-Control', 'Content-Type']),
  ],
  deletes: [
    remote('drafts/old-post/index.html', 2 * KiB),
    remote('drafts/index.html', 2 * KiB),
    remote('tag/draft/index.html', 2 * KiB),
  ],
  unchanged: times(4021, (i) => hashed(`posts/archive-${i}/index.html`, 10 * KiB)),
  invalidation: {
    paths: [
      '/blog/',
      '/blog/archives/*',
      '/blog/drafts/*',
      '/blog/feeds/all.atom.xml',
      '/blog/images/*',
      '/blog/index.html',
      '/blog/posts/*',
      '/blog/tag/*',
      '/blog/theme/*',
    ],
    exactPathCount: 31,
    collapsed: true,
    ids: [INVALIDATION_ID],
    waitedSeconds: 41,
  },
};
const upToDate: Deploy = {
  unchanged: times(4021, (i) => hashed(`posts/archive-${i}/index.html`, 10 * KiB)),
};
const dryRun: Deploy = {
  ...typical,
  dryRun: true,
  durationMs: 900,
  invalidation: typical.invalidation && {
    ...typical.invalidation,
    ids: [],
    waitedSeconds: undefined,
  },
};

const consoleLink = `https://us-east-1.console.aws.amazon.com/cloudfront/v4/home#/distributions/${DISTRIBUTION}/invalidations/details/${INVALIDATION_ID}`;
const typicalSummary = () => summaryMarkdown(resultOf(typical), settingsFor(), origin);

/** The text a reader sees in an HTML fragment: tags dropped, character references decoded. */
function visibleText(html: string): string {
  return html
    .replace(/<[^>]*>/g, '')
    .replace(/&#(\d+);/g, (_, code: string) => String.fromCodePoint(Number(code)))
    .replace(/&#x([0-9a-f]+);/gi, (_, code: string) =>
      String.fromCodePoint(Number.parseInt(code, 16)),
    )
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&quot;', '"')
    .replaceAll('&amp;', '&');
}

/** The entries of the collapsed list whose title starts with `title`, as HTML. */
function listEntries(markdown: string, title: string): string[] {
  const start = markdown.indexOf(`<details><summary>${title}`);
  if (start < 0) throw new Error(`no list "${title}" in:\n${markdown}`);
  const list = markdown.slice(start, markdown.indexOf('</details>', start));
  return [...list.matchAll(/<li>(.*)<\/li>/g)].map((match) => match[1] ?? '');
}

describe('the job summary of a typical deploy', () => {
  test('opens with the headline, then what was deployed where, the numbers, then the lists', () => {
    const markdown = typicalSummary();
    const blocks = markdown.split('\n\n');
    expect(blocks[0]).toBe(
      '### 15 uploaded, 2 headers updated, 3 deleted, 4,021 unchanged, 1 invalidation',
    );
    expect(blocks[2]?.startsWith('| | Files | Size |')).toBe(true);
    expect(blocks[3]?.startsWith('**CloudFront**')).toBe(true);
    expect(markdown.indexOf('<details>')).toBeGreaterThan(markdown.indexOf('| Unchanged |'));
  });

  test('names the repository and commit deployed, linked, the target and the duration', () => {
    expect(typicalSummary().split('\n\n')[1]).toBe(
      `Deployed [octo/blog@0123456](https://github.com/octo/blog/commit/${SHA}) to <code>s3://example-site/blog/</code> in 12.3 s.`,
    );
  });

  test('tabulates files and bytes for each kind of change', () => {
    const markdown = typicalSummary();
    expect(markdown).toContain('| | Files | Size |');
    expect(markdown).toContain('| New | 12 | 300 KiB |');
    expect(markdown).toContain('| Updated | 3 | 1.2 MiB |');
    expect(markdown).toContain('| Headers updated | 2 | 2.0 KiB |');
    expect(markdown).toContain('| Deleted | 3 | 6.0 KiB |');
    expect(markdown).toContain('| Unchanged | 4,021 | 39 MiB |');
    expect(markdown).not.toContain('Kept');
  });

  test('links the invalidation ID to the CloudFront console and says what was collapsed', () => {
    const markdown = typicalSummary();
    expect(markdown).toContain(
      `**CloudFront** <code>${DISTRIBUTION}</code>: invalidation [<code>${INVALIDATION_ID}</code>](${consoleLink}) of 9 paths completed after 41 s. The 31 changed URLs are collapsed into wildcards to fit invalidation-max-paths (10).`,
    );
    expect(listEntries(markdown, 'Invalidation paths (9)').map(visibleText)).toContain(
      '/blog/posts/*',
    );
  });

  test('lists the changed paths grouped new / updated / headers / deleted, all collapsed', () => {
    const markdown = typicalSummary();
    const titles = [...markdown.matchAll(/<details><summary>(.*)<\/summary>/g)].map((m) => m[1]);
    expect(titles).toEqual([
      'Invalidation paths (9)',
      'New (12)',
      'Updated (3)',
      'Headers updated (2)',
      'Deleted (3)',
    ]);
    expect(markdown).not.toContain('<details open');
    expect(listEntries(markdown, 'New')).toContain(
      '<code>/blog/posts/hello-world/index.html</code>',
    );
    expect(listEntries(markdown, 'Updated')).toEqual([
      '<code>/blog/feeds/all.atom.xml</code>',
      '<code>/blog/archives/index.html</code>',
      '<code>/blog/index.html</code>',
    ]);
    expect(listEntries(markdown, 'Headers updated')).toEqual([
      '<code>/blog/theme/css/main.css</code> — Cache-Control',
      '<code>/blog/theme/js/site.js</code> — Cache-Control, Content-Type',
    ]);
    expect(listEntries(markdown, 'Deleted')).toContain('<code>/blog/drafts/index.html</code>');
  });

  test('renders as GitHub would: one table of five rows and five collapsed lists', () => {
    const html = summaryHtml(typicalSummary());
    expect(html.match(/<table>/g)).toHaveLength(1);
    expect(html.match(/<tr>/g)).toHaveLength(6);
    expect(html.match(/<details>/g)).toHaveLength(5);
    expect(html).toContain(`<a href="${consoleLink}"><code>${INVALIDATION_ID}</code></a>`);
  });

  test('renders to a readable PNG with headless Chromium', async () => {
    const out = join(tmpdir(), 's3-cf-sync-summary-typical.png');
    await screenshot(summaryPage(typicalSummary()), out);
    console.log(`Job summary screenshot: ${out}`);
    expect(existsSync(out)).toBe(true);
    expect(pngSize(out).width).toBe(SCREENSHOT_WIDTH);
  });
});

describe('the job summary of a re-deploy with nothing to change', () => {
  const markdown = summaryMarkdown(resultOf(upToDate), settingsFor(), origin);

  test('says the site is up to date, with the commit, and no empty table or lists', () => {
    expect(markdown.split('\n\n').slice(0, 2)).toEqual([
      '### The site is up to date',
      `Deployed [octo/blog@0123456](https://github.com/octo/blog/commit/${SHA}) to <code>s3://example-site/blog/</code> in 12.3 s: all 4,021 files unchanged, nothing uploaded or deleted.`,
    ]);
    expect(markdown).not.toContain('| New |');
    expect(markdown).not.toContain('<details>');
    expect(markdown).toContain(
      `**CloudFront** <code>${DISTRIBUTION}</code>: nothing changed, so nothing to invalidate.`,
    );
  });
});

describe('the job summary of a deploy whose last state write failed', () => {
  test('says so in a warning above the deployed sentence', () => {
    const unrecorded =
      'The site is deployed (3 uploaded), but the last write of its state <x> failed.';
    const markdown = summaryMarkdown({ ...resultOf(upToDate), unrecorded }, settingsFor(), origin);
    expect(markdown.split('\n\n')[1]).toBe(
      '> [!WARNING]\n> The site is deployed (3 uploaded), but the last write of its state &#60;x&#62; failed.',
    );
  });
});

describe('the job summary of a dry run', () => {
  const markdown = summaryMarkdown(resultOf(dryRun), settingsFor({ 'dry-run': 'true' }), origin);

  test('says "dry run" in its heading and in a banner right below it', () => {
    const blocks = markdown.split('\n\n');
    expect(blocks[0]).toBe(
      '### Dry run: 15 to upload, 2 headers to update, 3 to delete, 4,021 unchanged, 9 paths to invalidate',
    );
    expect(blocks[1]).toBe(
      '> [!WARNING]\n> **Dry run**: nothing was uploaded, deleted or invalidated. This is what a deploy would do.',
    );
  });

  test('says what would happen, not what happened, and links no invalidation', () => {
    expect(markdown).toContain(
      `Planned a deploy of [octo/blog@0123456](https://github.com/octo/blog/commit/${SHA}) to <code>s3://example-site/blog/</code> in 0.9 s.`,
    );
    expect(markdown).toContain(
      `**CloudFront** <code>${DISTRIBUTION}</code>: would invalidate 9 paths`,
    );
    expect(markdown).toContain('#### Changes to make');
    expect(markdown).not.toContain('console.aws.amazon.com');
    const banner = /> \[!WARNING\]\n.*\n/;
    expect(markdown).toMatch(banner);
    expect(markdown.replace(banner, '')).not.toMatch(
      /\buploaded\b|\bdeleted\b|\binvalidation [A-Z]/,
    );
  });

  test('renders its banner as an alert', async () => {
    const html = summaryHtml(markdown);
    expect(html).toContain(
      '<p class="markdown-alert-title">Warning</p><p><strong>Dry run</strong>',
    );
    const out = join(tmpdir(), 's3-cf-sync-summary-dryrun.png');
    await screenshot(summaryPage(markdown), out);
    console.log(`Dry-run summary screenshot: ${out}`);
    expect(pngSize(out).width).toBe(SCREENSHOT_WIDTH);
  });
});

describe('the job summary of a huge deploy', () => {
  // Near S3's 1,024-byte key limit, with underscores that grow fivefold when escaped.
  const directory = `assets/generated/${'very_long_directory_name/'.repeat(36)}`;
  const uploads = times(50_000, (i) => upload('new', `${directory}chunk-${i}.js`, 4 * KiB));
  const markdown = summaryMarkdown(
    resultOf({
      uploads,
      invalidation: {
        paths: ['/blog/*'],
        exactPathCount: 50_000,
        collapsed: true,
        ids: [INVALIDATION_ID],
        waitedSeconds: undefined,
      },
    }),
    settingsFor(),
    origin,
  );

  test('stays far below the 1 MiB limit', () => {
    expect(Buffer.byteLength(markdown)).toBeLessThan(100 * KiB);
  });

  test('lists the first paths and says how many more there are', () => {
    expect(markdown).toContain('### 50,000 uploaded, 0 deleted, 0 unchanged, 1 invalidation\n');
    expect(markdown).toContain('| New | 50,000 | 195 MiB |');
    const entries = listEntries(markdown, 'New (50,000)');
    const more = /^<em>and ([\d,]+) more<\/em>$/.exec(entries.at(-1) ?? '');
    expect(more, entries.at(-1)).not.toBeNull();
    const listed = entries.length - 1;
    expect(listed).toBeGreaterThanOrEqual(10);
    expect(listed + Number(more?.[1]?.replaceAll(',', ''))).toBe(50_000);
    expect(visibleText(entries[0] ?? '')).toBe(`/blog/${directory}chunk-0.js`);
  });
});

describe('the job summary of paths that look like Markdown or HTML', () => {
  const keys = [
    '<script>alert(1)</script>.html',
    'a|b|c.html',
    'code-`tick`-``double``.html',
    '*not-bold*.html',
    '_not_italic_.html',
    '[not a link](https://example.com).html',
    'line\n\nbreak.html',
  ];
  const settings = settingsFor({ prefix: 'odd_*name*_' });
  const markdown = summaryMarkdown(
    resultOf({ uploads: keys.map((key) => upload('new', key, KiB)) }, settings.prefix),
    settings,
    origin,
  );
  const html = summaryHtml(markdown);

  test('shows every path literally, with control characters visible', () => {
    const shown = listEntries(html, 'New').map(visibleText);
    expect(shown).toEqual(keys.map((key) => `/odd_*name*_/${key.replaceAll('\n', '\\n')}`));
  });

  test('lets nothing through as markup: no script, emphasis, link or extra table cell', () => {
    expect(html).not.toMatch(/<script|<em>|<a href="https:\/\/example\.com/);
    expect(html.match(/<strong>/g)).toHaveLength(1);
    expect(html.match(/<td/g)).toHaveLength(15);
    const deployed = html.split('\n').find((line) => line.startsWith('<p>Deployed'));
    expect(visibleText(deployed ?? '')).toBe(
      'Deployed octo/blog@0123456 to s3://example-site/odd_*name*_/ in 12.3 s.',
    );
  });
});

describe('the job summary of the other cases', () => {
  test('links each invalidation when the paths took several requests', () => {
    const result = resultOf({
      ...typical,
      invalidation: typical.invalidation && {
        ...typical.invalidation,
        ids: ['IAAAAAAAAAAAA1', 'IBBBBBBBBBBBB2'],
        waitedSeconds: undefined,
      },
    });
    const markdown = summaryMarkdown(result, settingsFor(), origin);
    expect(markdown).toContain(
      '### 15 uploaded, 2 headers updated, 3 deleted, 4,021 unchanged, 2 invalidations\n',
    );
    expect(markdown).toContain(
      '/invalidations/details/IAAAAAAAAAAAA1), [<code>IBBBBBBBBBBBB2</code>](',
    );
    expect(markdown).toContain(
      `](${consoleLink.replace(INVALIDATION_ID, 'IBBBBBBBBBBBB2')}) of 9 paths started.`,
    );
  });

  test('without a distribution or a known commit, says so plainly', () => {
    const markdown = summaryMarkdown(
      resultOf({ ...typical, invalidation: undefined }),
      settingsFor({ distribution: '' }),
      undefined,
    );
    expect(markdown).toContain('No CloudFront distribution given: nothing to invalidate.');
    expect(markdown.split('\n\n')[1]).toBe(
      'Deployed to <code>s3://example-site/blog/</code> in 12.3 s.',
    );
  });

  test('a dry run of an unchanged site says both in its heading', () => {
    const markdown = summaryMarkdown(
      resultOf({ ...upToDate, dryRun: true }),
      settingsFor({ 'dry-run': 'true' }),
      origin,
    );
    expect(markdown.split('\n')[0]).toBe('### Dry run: the site is up to date');
    expect(markdown).toContain('all 4,021 files unchanged, nothing to upload or delete.');
  });

  test('with invalidate none, says invalidation is off rather than that nothing changed', () => {
    const markdown = summaryMarkdown(
      resultOf({ ...typical, invalidation: undefined }),
      settingsFor({ invalidate: 'none' }),
      origin,
    );
    expect(markdown).toContain(
      `**CloudFront** <code>${DISTRIBUTION}</code>: not invalidated (invalidate is none).`,
    );
  });

  test('counts objects left in the bucket because delete-removed is off', () => {
    const markdown = summaryMarkdown(
      resultOf({ ...typical, deletes: [], kept: [remote('old.html', 3 * KiB)] }),
      settingsFor(),
      origin,
    );
    expect(markdown).toContain('| Deleted | 0 | — |');
    expect(markdown).toContain('| Kept (not in dir) | 1 | 3.0 KiB |');
  });
});

describe('the terminal summary', () => {
  test('gives the target, the headline, the invalidation and the first changes', () => {
    const text = terminalSummary(resultOf(typical), settingsFor());
    const lines = text.split('\n');
    expect(lines.slice(0, 4)).toEqual([
      'Deployed to s3://example-site/blog/ in 12.3 s.',
      '15 uploaded, 2 headers updated, 3 deleted, 4,021 unchanged, 1 invalidation.',
      'Uploaded: 1.5 MiB.',
      `CloudFront ${DISTRIBUTION}: invalidation ${INVALIDATION_ID} for 9 paths (wildcards covering 31 changed URLs), completed after 41 s:`,
    ]);
    expect(lines).toContain('  new      /blog/posts/hello-world/index.html');
    expect(lines).toContain('  headers  /blog/theme/js/site.js (Cache-Control, Content-Type)');
    expect(lines).toContain('  deleted  /blog/drafts/index.html');
    expect(lines.at(-1)).toBe('  deleted  /blog/tag/draft/index.html');
  });

  test('caps the lists it prints and says how many more', () => {
    const uploads = times(25, (i) => upload('new', `page-${i}.html`, KiB));
    const text = terminalSummary(resultOf({ uploads }), settingsFor({ distribution: '' }));
    expect(text.split('\n').at(-1)).toBe('  and 5 more');
  });

  test('says a dry run wrote nothing, and an unchanged site is up to date', () => {
    const dry = terminalSummary(resultOf(dryRun), settingsFor({ 'dry-run': 'true' }));
    expect(dry.split('\n').slice(0, 2)).toEqual([
      'Dry run, nothing written: the plan for s3://example-site/blog/ (0.9 s).',
      '15 to upload, 2 headers to update, 3 to delete, 4,021 unchanged, 9 paths to invalidate.',
    ]);
    expect(terminalSummary(resultOf(upToDate), settingsFor())).toBe(
      'Deployed to s3://example-site/blog/ in 12.3 s.\nUp to date: all 4,021 files unchanged.',
    );
  });

  test('shows control characters in file names instead of sending them to the terminal', () => {
    const uploads = [upload('new', 'evil\u001b[2Jname\n.html', KiB)];
    const text = terminalSummary(resultOf({ uploads }), settingsFor({ distribution: '' }));
    expect(text).toContain('  new      /blog/evil\\u001b[2Jname\\n.html');
    expect(text).not.toContain('\u001b');
  });
});
