import { describe, expect, it } from 'vitest';
import { DeployError } from '../../src/base/errors.js';
import { contentTypeFor, DEFAULT_CONTENT_TYPE } from '../../src/inputs/content-type.js';
import {
  firstMatch,
  globMatcher,
  nonEmptyLines,
  parseHeaderRules,
} from '../../src/inputs/header-rules.js';

describe('contentTypeFor', () => {
  it.each([
    ['index.html', 'text/html; charset=utf-8'],
    ['posts/hello/index.html', 'text/html; charset=utf-8'],
    ['legacy/page.htm', 'text/html; charset=utf-8'],
    ['UPPER.HTML', 'text/html; charset=utf-8'],
    ['theme/css/main.css', 'text/css; charset=utf-8'],
    ['theme/js/app.js', 'text/javascript; charset=utf-8'],
    ['theme/js/module.mjs', 'text/javascript; charset=utf-8'],
    ['search/index.json', 'application/json; charset=utf-8'],
    ['feeds/all.atom.xml', 'application/atom+xml; charset=utf-8'],
    ['feeds/tools.atom.xml', 'application/atom+xml; charset=utf-8'],
    ['feeds/all.rss.xml', 'application/rss+xml; charset=utf-8'],
    ['feed.rss', 'application/rss+xml'],
    ['feed.atom', 'application/atom+xml'],
    ['sitemap.xml', 'application/xml'],
    ['robots.txt', 'text/plain; charset=utf-8'],
    ['theme/img/logo.svg', 'image/svg+xml'],
    ['images/photo.png', 'image/png'],
    ['images/photo.jpg', 'image/jpeg'],
    ['images/photo.webp', 'image/webp'],
    ['theme/fonts/body.woff2', 'font/woff2'],
    ['theme/fonts/body.woff', 'font/woff'],
    ['favicon.ico', 'image/vnd.microsoft.icon'],
    ['site.webmanifest', 'application/manifest+json; charset=utf-8'],
    ['files/paper.pdf', 'application/pdf'],
    ['app.wasm', 'application/wasm'],
  ])('gives %s the type %s', (key, type) => {
    expect(contentTypeFor(key)).toBe(type);
  });

  it.each([
    'data.unknownext',
    'CNAME',
    'LICENSE',
    'posts/README',
    '.htaccess',
    // Bare names that are also extensions must not be typed by their name.
    'json',
    'html',
    'manifest',
    'docs/css',
  ])('gives %s (unknown or no extension) application/octet-stream', (key) => {
    expect(contentTypeFor(key)).toBe(DEFAULT_CONTENT_TYPE);
    expect(DEFAULT_CONTENT_TYPE).toBe('application/octet-stream');
  });

  it('uses the first matching override before the extension', () => {
    const rules = parseHeaderRules(
      'content-type',
      ['feeds/**: application/xml', '*.xml: text/xml', 'CNAME: text/plain'].join('\n'),
    );
    expect(contentTypeFor('feeds/all.atom.xml', rules)).toBe('application/xml');
    expect(contentTypeFor('feeds/index.xml', rules)).toBe('application/xml');
    expect(contentTypeFor('sitemap.xml', rules)).toBe('text/xml');
    expect(contentTypeFor('CNAME', rules)).toBe('text/plain');
    expect(contentTypeFor('index.html', rules)).toBe('text/html; charset=utf-8');
  });
});

describe('globMatcher', () => {
  it('matches a glob without "/" at any depth', () => {
    const matches = globMatcher('*.html');
    expect(matches('index.html')).toBe(true);
    expect(matches('posts/2024/hello/index.html')).toBe(true);
    expect(matches('theme/main.css')).toBe(false);
  });

  it('matches a glob with "/" only from the root', () => {
    const matches = globMatcher('theme/**');
    expect(matches('theme/css/main.css')).toBe(true);
    expect(matches('theme/favicon.ico')).toBe(true);
    expect(matches('blog/theme/main.css')).toBe(false);
    expect(matches('themes/main.css')).toBe(false);
  });

  it('matches dot folders and dotfiles', () => {
    expect(globMatcher('.well-known/**')('.well-known/security.txt')).toBe(true);
    expect(globMatcher('.DS_Store')('images/.DS_Store')).toBe(true);
    expect(globMatcher('**/*.txt')('.well-known/security.txt')).toBe(true);
  });
});

describe('parseHeaderRules', () => {
  it('reads GLOB: VALUE lines, keeping colons and commas in the value', () => {
    const rules = parseHeaderRules(
      'cache-control',
      '  theme/**: public, max-age=31536000, immutable  \r\n\n# pages\n*.html:   no-cache\n',
    );
    expect(rules.map(({ glob, value }) => [glob, value])).toEqual([
      ['theme/**', 'public, max-age=31536000, immutable'],
      ['*.html', 'no-cache'],
    ]);
  });

  it('takes the first matching rule', () => {
    const rules = parseHeaderRules(
      'cache-control',
      'theme/**: max-age=31536000\n*.css: max-age=60\n**: no-cache',
    );
    expect(firstMatch(rules, 'theme/main.css')).toBe('max-age=31536000');
    expect(firstMatch(rules, 'print.css')).toBe('max-age=60');
    expect(firstMatch(rules, 'index.html')).toBe('no-cache');
  });

  it('gives no value when no rule matches', () => {
    const rules = parseHeaderRules('cache-control', '*.html: no-cache');
    expect(firstMatch(rules, 'main.css')).toBeUndefined();
  });

  it.each(['*.html no-cache', '*.html:no-cache', '*.html:', ': no-cache'])(
    'rejects the malformed line %j, naming the input and the line',
    (line) => {
      const parse = () => parseHeaderRules('cache-control', `theme/**: max-age=60\n${line}`);
      expect(parse).toThrow(DeployError);
      expect(parse).toThrow(/Input "cache-control" is invalid/);
      expect(parse).toThrow(JSON.stringify(line));
    },
  );

  it('names the content-type input in its errors', () => {
    expect(() => parseHeaderRules('content-type', 'nonsense')).toThrow(/"content-type"/);
  });
});

describe('nonEmptyLines', () => {
  it('trims lines and drops blanks and # comments', () => {
    expect(nonEmptyLines('a\r\n  b  \n\n# c\n   \nd')).toEqual(['a', 'b', 'd']);
  });
});
