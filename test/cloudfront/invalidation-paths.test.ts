import { describe, expect, test } from 'vitest';
import {
  encodeCloudFrontPath,
  type InvalidationOptions,
  MAX_WILDCARDS_IN_PROGRESS,
  noWildcardsCanFit,
  planInvalidation,
  urlPathsForKey,
} from '../../src/cloudfront/invalidation-paths.js';
import { seededRandom } from '../support/seeded-random.js';

const defaults: InvalidationOptions = {
  mode: 'changed',
  extraPaths: [],
  indexForms: true,
  maxPaths: 3000,
};

function plan(keys: readonly string[], options: Partial<InvalidationOptions> = {}) {
  return planInvalidation(keys, { ...defaults, ...options });
}

const isWildcard = (path: string) => path.endsWith('*');

/** A wildcard covers every path starting with what precedes its `*`; an exact path only itself. */
function covers(sent: string, path: string): boolean {
  return sent === path || (isWildcard(sent) && path.startsWith(sent.slice(0, -1)));
}

function range(count: number): number[] {
  return Array.from({ length: count }, (_, index) => index);
}

/** Fisher-Yates with the seeded generator. */
function shuffle<T>(random: () => number, items: readonly T[]): T[] {
  const shuffled = [...items];
  for (let index = shuffled.length - 1; index > 0; index--) {
    const other = Math.floor(random() * (index + 1));
    [shuffled[index], shuffled[other]] = [shuffled[other] as T, shuffled[index] as T];
  }
  return shuffled;
}

function pick<T>(random: () => number, items: readonly T[]): T {
  const item = items[Math.floor(random() * items.length)];
  if (item === undefined) throw new Error('pick from an empty list');
  return item;
}

describe('encodeCloudFrontPath', () => {
  test.each([
    [' ', '%20'],
    ['"', '%22'],
    ['#', '%23'],
    ['%', '%25'],
    ['<', '%3C'],
    ['>', '%3E'],
    ['{', '%7B'],
    ['}', '%7D'],
    ['|', '%7C'],
    ['\\', '%5C'],
    ['^', '%5E'],
    ['`', '%60'],
    ['[', '%5B'],
    [']', '%5D'],
  ])('encodes the RFC 1738 unsafe character %j as %s', (character, encoded) => {
    expect(encodeCloudFrontPath(`/a${character}b`)).toBe(`/a${encoded}b`);
  });

  test('encodes ? as %3F, since a raw one would start a query string', () => {
    expect(encodeCloudFrontPath('/what?.html')).toBe('/what%3F.html');
  });

  test.each([
    ['+'],
    ['!'],
    ['$'],
    ['&'],
    ["'"],
    ['('],
    [')'],
    [','],
    [';'],
    ['='],
    [':'],
    ['@'],
    ['-'],
    ['.'],
    ['_'],
    ['/'],
  ])('leaves the reserved or safe character %j as it is', (character) => {
    expect(encodeCloudFrontPath(`/a${character}b`)).toBe(`/a${character}b`);
  });

  test('leaves letters and digits as they are', () => {
    const alphanumerics = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
    expect(encodeCloudFrontPath(`/${alphanumerics}`)).toBe(`/${alphanumerics}`);
  });

  test.each([
    ['/ünï/', '/%C3%BCn%C3%AF/'],
    ['/日本/', '/%E6%97%A5%E6%9C%AC/'],
    ['/😀.png', '/%F0%9F%98%80.png'],
    // No Unicode normalisation: the key's own bytes are what the browser sends.
    ['/e\u0301', '/e%CC%81'],
    ['/\uD800', '/%EF%BF%BD'],
  ])('encodes non-ASCII %j as its UTF-8 bytes in uppercase hex: %s', (path, encoded) => {
    expect(encodeCloudFrontPath(path)).toBe(encoded);
  });

  test.each([
    ['\u0000', '%00'],
    ['\t', '%09'],
    ['\n', '%0A'],
    ['\r', '%0D'],
    ['\u001f', '%1F'],
    ['\u007f', '%7F'],
  ])('encodes the control character %j as %s', (character, encoded) => {
    expect(encodeCloudFrontPath(`/a${character}b`)).toBe(`/a${encoded}b`);
  });

  test('encodes a path the way a browser sends it', () => {
    expect(encodeCloudFrontPath('/posts/c++ tips/')).toBe('/posts/c++%20tips/');
    expect(encodeCloudFrontPath('/100% [draft] #1.html')).toBe('/100%25%20%5Bdraft%5D%20%231.html');
  });
});

describe('urlPathsForKey', () => {
  test('a key becomes its encoded path', () => {
    expect(urlPathsForKey('theme/css/main.css', true)).toEqual(['/theme/css/main.css']);
    expect(urlPathsForKey('posts/c++ tips/notes.txt', false)).toEqual([
      '/posts/c++%20tips/notes.txt',
    ]);
  });

  test('with index forms, an index.html also invalidates its pretty URL', () => {
    expect(urlPathsForKey('blog/posts/x/index.html', true)).toEqual([
      '/blog/posts/x/',
      '/blog/posts/x/index.html',
    ]);
    expect(urlPathsForKey('ünï/index.html', true)).toEqual([
      '/%C3%BCn%C3%AF/',
      '/%C3%BCn%C3%AF/index.html',
    ]);
  });

  test('without index forms, an index.html invalidates only itself', () => {
    expect(urlPathsForKey('blog/posts/x/index.html', false)).toEqual(['/blog/posts/x/index.html']);
    expect(urlPathsForKey('index.html', false)).toEqual(['/index.html']);
  });

  test('the root index.html also invalidates /', () => {
    expect(urlPathsForKey('index.html', true)).toEqual(['/', '/index.html']);
  });

  test('only a file named exactly index.html is an index page', () => {
    expect(urlPathsForKey('myindex.html', true)).toEqual(['/myindex.html']);
    expect(urlPathsForKey('a/myindex.html', true)).toEqual(['/a/myindex.html']);
    expect(urlPathsForKey('a/index.htm', true)).toEqual(['/a/index.htm']);
  });

  test('a key with ~ becomes a wildcard ending just before the ~', () => {
    expect(urlPathsForKey('static/js/runtime~main.js', true)).toEqual(['/static/js/runtime*']);
    expect(urlPathsForKey('static/js/a~b~c.js', true)).toEqual(['/static/js/a*']);
  });

  test('a ~ in a directory name gives one wildcard that also covers the pretty URL', () => {
    expect(urlPathsForKey('docs/~user/index.html', true)).toEqual(['/docs/*']);
  });

  test('a literal * in a key never acts as a wildcard by accident', () => {
    expect(urlPathsForKey('a*b.txt', true)).toEqual(['/a*']);
    expect(urlPathsForKey('notes/x*y/index.html', true)).toEqual(['/notes/x*']);
  });

  test('the part before the wildcard is encoded as usual', () => {
    expect(urlPathsForKey('ünï/c++ x~y.js', true)).toEqual(['/%C3%BCn%C3%AF/c++%20x*']);
  });

  test('a root key starting with ~ can only be covered by /*', () => {
    expect(urlPathsForKey('~backup.html', true)).toEqual(['/*']);
  });

  test('a path over 4,000 characters becomes the wildcard of its directory', () => {
    const key = `deep/${'x'.repeat(3999)}.html`;
    expect(urlPathsForKey(key, true)).toEqual(['/deep/*']);
    expect(urlPathsForKey(`d/${'x'.repeat(3995)}`, true)).toEqual([`/d/${'x'.repeat(3995)}`]);
  });

  test('a path whose directory alone passes 4,000 characters becomes a prefix wildcard', () => {
    const key = `${'ü'.repeat(700)}/page.html`;
    const full = `/${encodeCloudFrontPath(key)}`;
    const [path, ...rest] = urlPathsForKey(key, true);
    expect(rest).toEqual([]);
    expect(path?.length).toBeLessThanOrEqual(4000);
    // Cut on a %XX boundary, and still a prefix of the full path.
    expect(path).toMatch(/^\/(%[0-9A-F]{2})+\*$/);
    expect(covers(path ?? '', full)).toBe(true);
  });
});

describe('planInvalidation: what gets invalidated', () => {
  test('a one-page edit invalidates exactly that page and its pretty URL', () => {
    expect(plan(['blog/posts/hello/index.html'])).toEqual({
      paths: ['/blog/posts/hello/', '/blog/posts/hello/index.html'],
      exactPathCount: 2,
      collapsed: false,
    });
  });

  test('paths are distinct and sorted whatever order the keys come in', () => {
    const keys = ['z.css', 'a/index.html', 'index.html', 'a/index.html', 'M.js'];
    expect(plan(keys).paths).toEqual([
      '/',
      '/M.js',
      '/a/',
      '/a/index.html',
      '/index.html',
      '/z.css',
    ]);
    expect(plan([...keys].reverse())).toEqual(plan(keys));
  });

  test('with index forms off, only the files themselves are invalidated', () => {
    expect(plan(['index.html', 'a/index.html'], { indexForms: false }).paths).toEqual([
      '/a/index.html',
      '/index.html',
    ]);
  });

  test('mode all invalidates /* and nothing else', () => {
    expect(plan(['a.css', 'b/index.html'], { mode: 'all', extraPaths: ['/feed.xml'] })).toEqual({
      paths: ['/*'],
      exactPathCount: 4,
      collapsed: false,
    });
  });

  test('mode all with nothing changed sends only the extra paths', () => {
    expect(plan([], { mode: 'all' }).paths).toEqual([]);
    expect(plan([], { mode: 'all', extraPaths: ['/feed.xml'] }).paths).toEqual(['/feed.xml']);
  });

  test('mode none invalidates nothing, except the extra paths', () => {
    expect(plan(['a.css'], { mode: 'none' })).toEqual({
      paths: [],
      exactPathCount: 0,
      collapsed: false,
    });
    expect(plan(['a.css'], { mode: 'none', extraPaths: ['/feed.xml', '/api/*'] }).paths).toEqual([
      '/api/*',
      '/feed.xml',
    ]);
  });

  test('no changes and no extra paths plan nothing', () => {
    expect(plan([])).toEqual({ paths: [], exactPathCount: 0, collapsed: false });
  });

  test('extra paths are added verbatim, not encoded again', () => {
    expect(plan(['a.css'], { extraPaths: ['/already%20encoded/', '/a.css'] }).paths).toEqual([
      '/a.css',
      '/already%20encoded/',
    ]);
  });

  test('an extra path with ~ or an inner * becomes a wildcard CloudFront accepts', () => {
    expect(plan([], { extraPaths: ['/js/runtime~main.js', '/x*y'] }).paths).toEqual([
      '/js/runtime*',
      '/x*',
    ]);
  });

  test('a wildcard drops the exact paths it already covers', () => {
    const keys = ['static/js/runtime~main.js', 'static/js/runtime.js', 'static/js/app.js'];
    expect(plan(keys)).toEqual({
      paths: ['/static/js/app.js', '/static/js/runtime*'],
      exactPathCount: 3,
      collapsed: false,
    });
    expect(
      plan(['img/a.png', 'img/b/c.png', 'imgs.html'], { extraPaths: ['/img/*'] }).paths,
    ).toEqual(['/img/*', '/imgs.html']);
  });

  test('a root key starting with ~ makes the plan /*', () => {
    expect(plan(['~backup.html', 'a.css']).paths).toEqual(['/*']);
  });

  test('maxPaths below 1 is a programming error', () => {
    expect(() => plan(['a'], { maxPaths: 0 })).toThrow(RangeError);
    expect(() => plan(['a'], { maxPaths: 1.5 })).toThrow(RangeError);
  });
});

/** 4,000 theme files in four directories, as a theme change produces. */
function themeKeys(): string[] {
  const spread: [string, number, string][] = [
    ['css', 40, 'css'],
    ['js', 60, 'js'],
    ['fonts', 3000, 'woff2'],
    ['img', 900, 'svg'],
  ];
  return spread.flatMap(([directory, count, extension]) =>
    range(count).map((index) => `theme/${directory}/file-${index}.${extension}`),
  );
}

describe('planInvalidation: collapsing into wildcards to fit the budget', () => {
  const page = 'blog/new-post/index.html';

  test('4,000 changed theme files plus one page: one theme wildcard, the page kept exact', () => {
    for (const maxPaths of [50, 3000]) {
      const result = plan([...themeKeys(), page], { maxPaths });
      expect(result).toEqual({
        paths: ['/blog/new-post/', '/blog/new-post/index.html', '/theme/*'],
        exactPathCount: 4002,
        collapsed: true,
      });
    }
  });

  test('a tighter budget swallows the page into its own, deepest, directory wildcard', () => {
    expect(plan([...themeKeys(), page], { maxPaths: 2 }).paths).toEqual([
      '/blog/new-post/*',
      '/theme/*',
    ]);
    expect(plan([...themeKeys(), page], { maxPaths: 1 }).paths).toEqual(['/*']);
  });

  test('the wildcard goes to the deepest directory that covers the same paths', () => {
    const keys = range(51).map((index) => `blog/2024/spring/post-${index}.html`);
    expect(plan(keys, { maxPaths: 50 }).paths).toEqual(['/blog/2024/spring/*']);
  });

  test('trap wildcards are subsumed by a covering directory wildcard', () => {
    const keys = [...themeKeys(), 'theme/js/runtime~main.js', 'theme/js/vendors~app.js'];
    expect(plan(keys, { maxPaths: 50 }).paths).toEqual(['/theme/*']);
  });

  test('more than 15 ~ wildcards collapse even when the path count fits', () => {
    const keys = [
      ...range(16).map((index) => `static/chunk-${index}/runtime~main.js`),
      'index.html',
    ];
    const result = plan(keys);
    expect(result.collapsed).toBe(true);
    expect(result.paths).toEqual(['/', '/index.html', '/static/*']);
  });

  test('60 changed sections, budget 50: /* is the only plan that fits', () => {
    // 15 wildcards can cover 15 sections; the other 45 need at least one path each: 60 > 50.
    const keys = range(60).flatMap((section) =>
      range(3).map((page) => `section-${section}/page-${page}/index.html`),
    );
    expect(plan(keys, { maxPaths: 50 })).toEqual({
      paths: ['/*'],
      exactPathCount: 360,
      collapsed: true,
    });
  });

  test('60 changed sections, 15 of them busy: exactly 15 wildcards fill the budget, no /*', () => {
    const busy = range(15).flatMap((section) =>
      range(40).map((page) => `busy-${section}/page-${page}.html`),
    );
    const quiet = range(45).map((section) => `quiet-${section}/page.html`);
    const keys = [...busy, ...quiet];
    const result = plan(keys, { maxPaths: 60, indexForms: false });
    expect(result.paths).toHaveLength(60);
    expect(result.paths.filter(isWildcard)).toEqual(
      range(15)
        .map((section) => `/busy-${section}/*`)
        .sort(),
    );
    expect(result.paths).toEqual(expect.arrayContaining(quiet.map((key) => `/${key}`)));
    // One path less and the wildcard cap leaves nothing but /*.
    expect(plan(keys, { maxPaths: 59, indexForms: false }).paths).toEqual(['/*']);
  });

  test('a large tree is planned quickly', () => {
    const keys = range(500).flatMap((post) =>
      range(40).map((file) => `blog/${post % 7}/post-${post}/asset-${file}.png`),
    );
    const started = performance.now();
    const result = plan(keys, { maxPaths: 100 });
    expect(performance.now() - started).toBeLessThan(5000);
    expect(result.paths.length).toBeLessThanOrEqual(100);
    expect(result.paths).not.toContain('/*');
  });
});

const segments = ['a', 'b', 'blog', 'ünï', 'c++ x', 'static', 'js', 'run~time', 'x*y', '%20'];
const fileNames = ['index.html', 'index.html', 'page.html', 'app.js', 'chunk~1.js', 'style.css'];

/** A random site change: keys minDepth to depth directories deep, over a small alphabet. */
function randomKeys(random: () => number, count: number, depth: number, minDepth = 0): string[] {
  return range(count).map(() => {
    const levels = minDepth + Math.floor(random() * (depth - minDepth + 1));
    const directories = range(levels).map(() => pick(random, segments));
    return [...directories, pick(random, fileNames)].join('/');
  });
}

function requestedPaths(keys: readonly string[], options: InvalidationOptions): string[] {
  return [...keys.flatMap((key) => urlPathsForKey(key, options.indexForms)), ...options.extraPaths];
}

describe('planInvalidation: properties on generated trees', () => {
  const random = seededRandom(20240611);
  const cases = range(300).map(() => {
    const keys = randomKeys(random, 1 + Math.floor(random() * 300), 4);
    const options: InvalidationOptions = {
      mode: 'changed',
      extraPaths: random() < 0.3 ? ['/feed.xml', '/blog/*'] : [],
      indexForms: random() < 0.7,
      maxPaths: 1 + Math.floor(random() * 60),
    };
    return { keys, options };
  });

  const planned = cases.map(({ keys, options }) => ({
    keys,
    options,
    paths: planInvalidation(keys, options).paths,
  }));

  test('every changed path is covered by a sent path', () => {
    for (const [index, { keys, options, paths }] of planned.entries()) {
      for (const path of requestedPaths(keys, options)) {
        expect(
          paths.some((sent) => covers(sent, path)),
          `case ${index}: ${path}`,
        ).toBe(true);
      }
    }
  });

  test('the plan stays within the budget and the wildcard cap', () => {
    for (const [index, { options, paths }] of planned.entries()) {
      expect(paths.length, `case ${index}`).toBeLessThanOrEqual(options.maxPaths);
      const wildcards = paths.filter(isWildcard).length;
      expect(wildcards, `case ${index}`).toBeLessThanOrEqual(MAX_WILDCARDS_IN_PROGRESS);
    }
  });

  test('paths are sorted, distinct, valid for CloudFront, and none covers another', () => {
    for (const [index, { paths }] of planned.entries()) {
      expect(paths, `case ${index}`).toEqual([...new Set(paths)].sort());
      for (const path of paths) {
        expect(path, `case ${index}`).toMatch(/^\/[^~*]*\*?$/);
        expect(
          paths.filter((other) => covers(other, path)),
          `case ${index}`,
        ).toEqual([path]);
      }
    }
  });

  test('planning the plan again changes nothing', () => {
    for (const [index, { options, paths }] of planned.entries()) {
      const again = planInvalidation([], { ...options, mode: 'none', extraPaths: paths });
      expect(again.paths, `case ${index}`).toEqual(paths);
    }
  });

  test('the order of the changed keys does not change the plan', () => {
    for (const [index, { keys, options }] of planned.entries()) {
      const expected = planInvalidation(keys, options);
      expect(planInvalidation(shuffle(random, keys), options), `case ${index}`).toEqual(expected);
    }
  });
});

interface Outcome {
  readonly wildcards: number;
  readonly total: number;
  readonly specificity: number;
}

/** The planner's order: fewest wildcards, then fewest paths, then deepest wildcards. */
function isBetterOutcome(a: Outcome, b: Outcome | undefined): boolean {
  if (b === undefined) return true;
  if (a.wildcards !== b.wildcards) return a.wildcards < b.wildcards;
  if (a.total !== b.total) return a.total < b.total;
  return a.specificity > b.specificity;
}

function outcomeOf(paths: readonly string[]): Outcome {
  const wildcards = paths.filter(isWildcard);
  const depth = (wildcard: string) => {
    const prefix = wildcard.slice(0, -1);
    return prefix.split('/').length - 1 + (prefix.endsWith('/') ? 0 : 1);
  };
  return {
    wildcards: wildcards.length,
    total: paths.length,
    specificity: wildcards.reduce((sum, wildcard) => sum + depth(wildcard), 0),
  };
}

/** Every directory above a path, '/' excluded: the places a scoped wildcard can go. */
function directoriesAbove(path: string): string[] {
  const directories: string[] = [];
  for (let slash = path.indexOf('/', 1); slash >= 0; slash = path.indexOf('/', slash + 1)) {
    directories.push(path.slice(0, slash + 1));
  }
  return directories;
}

/** Tries every set of directory wildcards; undefined when none fits (the planner then sends /*). */
function bruteForceBest(requested: readonly string[], maxPaths: number): Outcome | undefined {
  const candidates = [...new Set(requested.flatMap(directoriesAbove))].map((d) => `${d}*`);
  let best: Outcome | undefined;
  for (let mask = 0; mask < 2 ** candidates.length; mask++) {
    const chosen = candidates.filter((_, index) => mask & (2 ** index));
    const all = [...new Set([...requested, ...chosen])];
    const sent = all.filter((path) => !all.some((other) => other !== path && covers(other, path)));
    const outcome = outcomeOf(sent);
    const fits = outcome.total <= maxPaths && outcome.wildcards <= MAX_WILDCARDS_IN_PROGRESS;
    if (fits && isBetterOutcome(outcome, best)) best = outcome;
  }
  return best;
}

describe('planInvalidation: collapsing is optimal', () => {
  const random = seededRandom(7);
  const cases = range(800)
    .map(() => {
      const keys = randomKeys(random, 1 + Math.floor(random() * 12), 3, random() < 0.8 ? 1 : 0);
      const indexForms = random() < 0.5;
      const requested = [...new Set(requestedPaths(keys, { ...defaults, indexForms }))];
      // Budgets from a third of the exact list up to all of it: mostly collapsing, mostly feasible.
      const smallest = Math.ceil(requested.length / 3);
      const maxPaths = smallest + Math.floor(random() * (requested.length - smallest + 1));
      return { keys, indexForms, maxPaths };
    })
    .filter(({ keys, indexForms }) => {
      const requested = requestedPaths(keys, { ...defaults, indexForms });
      return new Set(requested.flatMap(directoriesAbove)).size <= 12;
    });

  test('there are enough collapsing cases, with and without /*, to mean something', () => {
    const collapsing = cases.map((c) => plan(c.keys, c)).filter((result) => result.collapsed);
    const scoped = collapsing.filter((result) => result.paths[0] !== '/*');
    expect(scoped.length).toBeGreaterThan(150);
    expect(collapsing.length - scoped.length).toBeGreaterThan(20);
  });

  test('every collapsed plan is as good as the best one an exhaustive search finds', () => {
    for (const [index, { keys, indexForms, maxPaths }] of cases.entries()) {
      const result = plan(keys, { indexForms, maxPaths });
      if (!result.collapsed) continue;
      const requested = [...new Set(requestedPaths(keys, { ...defaults, indexForms }))];
      const best = bruteForceBest(requested, maxPaths);
      if (best === undefined) expect(result.paths, `case ${index}`).toEqual(['/*']);
      else expect(outcomeOf(result.paths), `case ${index}`).toEqual(best);
    }
  });

  test('the bound that skips the search says "nothing fits" only where the search finds nothing', () => {
    let skipped = 0;
    let searched = 0;
    for (const [index, { keys, indexForms, maxPaths }] of cases.entries()) {
      const requested = [...new Set(requestedPaths(keys, { ...defaults, indexForms }))];
      const best = bruteForceBest(requested, maxPaths);
      if (noWildcardsCanFit(requested, maxPaths)) {
        skipped += 1;
        expect(best, `case ${index}`).toBeUndefined();
      } else if (best === undefined) searched += 1;
    }
    // It skips some hopeless cases and leaves others to the search: both paths are exercised.
    expect(skipped).toBeGreaterThan(5);
    expect(searched).toBeGreaterThan(5);
  });

  test('a first deploy of 100,000 files in 50 sections is /*, with no search', () => {
    const keys = range(100_000).map((i) => `section-${i % 50}/post-${i}/index.html`);
    const requested = [...new Set(requestedPaths(keys, defaults))];
    expect(noWildcardsCanFit(requested, defaults.maxPaths)).toBe(true);
    expect(plan(keys).paths).toEqual(['/*']);
  });
});
