import picomatch from 'picomatch';
import { describe, expect, it } from 'vitest';
import { globMatcher } from '../../src/inputs/header-rules.js';

describe('globMatcher', () => {
  it.each([
    ['*.html', 'index.html', true],
    ['*.html', 'posts/2024/hello/index.html', true],
    ['*.html', 'index.htm', false],
    ['.DS_Store', 'images/.DS_Store', true],
    ['.git/**', '.git/HEAD', true],
    ['.git/**', '.git/', true],
    ['.git/**', 'sub/.git/HEAD', false],
    ['theme/**', 'theme-8/main.css', false],
    ['posts/*.html', 'posts/a.html', true],
    ['posts/*.html', 'posts/2024/a.html', false],
    ['posts/*.html', 'old/posts/a.html', false],
    ['**/*.css', 'main.css', true],
    ['*.{png,jpg}', 'images/a/b.jpg', true],
    ['.well-known/**', '.well-known/security.txt', true],
    ['feeds/*.atom.xml', 'feeds/all.atom.xml', true],
  ])('%s against %s: %s', (glob, key, expected) => {
    expect(globMatcher(glob)(key)).toBe(expected);
  });

  it("agrees with picomatch's own matcher (basename for globs without a slash)", () => {
    const globs = ['*.html', '**/*.js', 'theme/**', '.git/**', 'a/*/c.txt', '*.{css,map}', '?.md'];
    const keys = [
      'index.html',
      'a/index.html',
      'theme/css/main.css',
      'theme-8/x.css',
      '.git/HEAD',
      'a/b/c.txt',
      'a/c.txt',
      'x.map',
      'docs/x.md',
      'xy.md',
      '.hidden/app.js',
    ];
    for (const glob of globs) {
      const reference = picomatch(glob, { dot: true, basename: !glob.includes('/') });
      for (const key of keys) expect(globMatcher(glob)(key), `${glob} ${key}`).toBe(reference(key));
    }
  });
});
