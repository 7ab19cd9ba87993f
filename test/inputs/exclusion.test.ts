import { describe, expect, it } from 'vitest';
import { Exclusion, excludeRule } from '../../src/inputs/exclusion.js';

const excludedBy = (globs: string[], key: string) => new Exclusion(globs).ruleForKey(key);

describe('Exclusion of a bucket key', () => {
  it.each([
    // A name without an inner "/" matches at any depth, as in .gitignore.
    ['tag/', 'tag/x.html', true],
    ['tag/', 'a/tag/x.html', true],
    ['tag/', 'a/b/tag/c/x.html', true],
    ['tag/', 'tag', false], // a trailing "/" matches folders only
    ['tag/', 'a/tag', false],
    ['tag/', 'tags/x.html', false],
    ['tag/', 'a/tag.html', false],
    ['tag', 'tag', true],
    ['tag', 'a/tag', true],
    ['tag', 'tag/x.html', true],
    ['tag', 'a/tag/x.html', true],
    ['tag', 'a/tags/x.html', false],
    ['*.tmp', 'a/b.tmp', true],
    ['*.tmp', 'a/b.tmp/c.html', true],
    ['.DS_Store', 'images/.DS_Store', true],
    // A leading or an inner "/" anchors the glob at dir.
    ['/tag/', 'tag/x.html', true],
    ['/tag/', 'a/tag/x.html', false],
    ['/tag', 'tag', true],
    ['/tag', 'a/tag', false],
    ['blog/drafts/', 'blog/drafts/x.html', true],
    ['blog/drafts/', 'blog/drafts', false],
    ['blog/drafts/', 'old/blog/drafts/x.html', false],
    ['.git/**', '.git/HEAD', true],
    ['.git/**', '.git/refs/heads/main', true],
    ['.git/**', 'sub/.git/HEAD', false],
    ['drafts/**', 'drafts/2024/post.html', true],
    ['theme/**', 'theme-8/main.css', false],
    ['posts/*.html', 'posts/a.html', true],
    ['posts/*.html', 'posts/a.html/index.html', true], // the folder posts/a.html matches
    ['posts/*.html', 'posts/2024/a.html', false],
    ['.well-known/**', '.well-known/security.txt', true],
    // A folder marker object (the console's "Create folder") is under its folder.
    ['tag/', 'tag/', true],
  ])('%s against %s: %s', (glob, key, expected) => {
    expect(excludedBy([glob], key) === glob).toBe(expected);
  });

  it('names the first glob that excludes, whether it matched the key or a folder above', () => {
    const exclusion = new Exclusion(['*.map', 'theme/', 'theme/**']);
    expect(exclusion.ruleForKey('theme/app.js.map')).toBe('theme/');
    expect(exclusion.ruleForKey('js/app.js.map')).toBe('*.map');
    expect(exclusion.ruleForKey('js/app.js')).toBeUndefined();
  });

  it('gives the same answers in any key order (the folder verdicts are cached)', () => {
    const globs = ['tag/', '/drafts', 'a/b/', '*.tmp'];
    const keys = [
      'a/b/c/d.html',
      'a/b2/c.html',
      'a/tag/x',
      'a/x.html',
      'a/b/x.html',
      'drafts/x',
      'x/drafts/y',
      'x/y.tmp/z',
      'x/y/z',
      'tag',
      'x/tag/y',
      'x/y/tag/z',
      'x/y/z/w',
    ];
    const fresh = keys.map((key) => new Exclusion(globs).ruleForKey(key));
    const sorted = new Exclusion(globs);
    const forward = keys.map((key) => sorted.ruleForKey(key));
    const backward = new Exclusion(globs);
    const reverse = [...keys].reverse().map((key) => backward.ruleForKey(key));
    expect(forward).toEqual(fresh);
    expect(reverse.reverse()).toEqual(fresh);
    expect(fresh).toEqual([
      'a/b/',
      undefined,
      'tag/',
      undefined,
      'a/b/',
      '/drafts',
      undefined,
      '*.tmp',
      undefined,
      undefined,
      'tag/',
      'tag/',
      undefined,
    ]);
  });

  it('excludes nothing without globs', () => {
    expect(new Exclusion([]).excludes('tag/x.html')).toBe(false);
  });
});

describe('Exclusion of a walk entry', () => {
  it('asks a folders-only glob about folders, never about files', () => {
    const exclusion = new Exclusion(['drafts/']);
    expect(exclusion.ruleForEntry('a/drafts', true)).toBe('drafts/');
    expect(exclusion.ruleForEntry('a/drafts', false)).toBeUndefined();
  });

  it('asks every other glob about both', () => {
    const exclusion = new Exclusion(['.git/**', 'tag']);
    expect(exclusion.ruleForEntry('.git', true)).toBe('.git/**');
    expect(exclusion.ruleForEntry('a/tag', false)).toBe('tag');
    expect(exclusion.ruleForEntry('a/tag', true)).toBe('tag');
  });
});

describe('excludeRule', () => {
  it.each(['/', '//', 'a//', '//a'])('refuses %s, which names no file or folder', (glob) => {
    expect(() => excludeRule(glob)).toThrow(/names no file or folder/);
  });
});
