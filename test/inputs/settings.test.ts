import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { DeployError } from '../../src/base/errors.js';
import { INPUT_DEFAULTS, type InputName, parseSettings } from '../../src/inputs/settings.js';

const REQUIRED = { dir: 'output', bucket: 'my-site' };

/** Settings from the given inputs (others empty, as outside the runner) and environment. */
function settingsFrom(inputs: Partial<Record<InputName, string>>, env: NodeJS.ProcessEnv = {}) {
  const all: Partial<Record<InputName, string>> = { ...REQUIRED, ...inputs };
  return parseSettings((name) => all[name] ?? '', env);
}

function errorFrom(inputs: Partial<Record<InputName, string>>): DeployError {
  try {
    settingsFrom(inputs);
  } catch (error) {
    expect(error).toBeInstanceOf(DeployError);
    return error as DeployError;
  }
  throw new Error(`expected ${JSON.stringify(inputs)} to be rejected`);
}

describe('parseSettings defaults', () => {
  it('gives every optional input its documented default when only dir and bucket are set', () => {
    const settings = settingsFrom({});
    expect({ ...settings, cacheControl: [], contentType: [] }).toEqual({
      dir: 'output',
      bucket: 'my-site',
      prefix: '',
      distributions: [],
      autoDistribution: false,
      deleteRemoved: false,
      acl: undefined,
      region: 'us-east-1',
      endpoint: undefined,
      concurrency: 16,
      exclude: ['.git/**', '.DS_Store'],
      cacheControl: [],
      contentType: [],
      maxDeletes: 1000,
      multipartThreshold: 64 * 1024 * 1024,
      invalidate: 'changed',
      invalidateExtraPaths: [],
      invalidateIndexForms: true,
      invalidationMaxPaths: 50,
      invalidationTimeoutSeconds: 600,
      lockTimeoutSeconds: 600,
      waitForInvalidation: false,
      dryRun: false,
      githubToken: '',
      printPolicy: false,
      keepDeploys: 30,
      rollbackTo: '',
      rollbackForce: false,
    });
    expect(settings.cacheControl).toEqual([]);
    expect(settings.contentType).toEqual([]);
  });

  it('keeps github-token as given, for the pull-request comment', () => {
    expect(
      settingsFrom({ 'github-token': 'ghs_16C7e42F292c6912E7710c838347Ae178B4a' }),
    ).toMatchObject({
      githubToken: 'ghs_16C7e42F292c6912E7710c838347Ae178B4a',
    });
  });

  it('treats a whitespace-only input as not given', () => {
    expect(settingsFrom({ concurrency: '  ', 'dry-run': ' \n' })).toMatchObject({
      concurrency: 16,
      dryRun: false,
    });
  });
});

describe('parseSettings required inputs', () => {
  it('requires dir, naming it', () => {
    expect(() => settingsFrom({ dir: '' })).toThrow(/"dir" is required/);
  });

  it('requires bucket, naming it', () => {
    expect(() => settingsFrom({ bucket: '' })).toThrow(/"bucket" is required/);
  });

  it('does not need dir with print-policy, since the policy depends only on the bucket and options', () => {
    const settings = settingsFrom({ dir: '', 'print-policy': 'true' });
    expect(settings.printPolicy).toBe(true);
    expect(settings.dir).toBe('');
  });

  it('still needs the bucket with print-policy', () => {
    expect(() => settingsFrom({ dir: '', bucket: '', 'print-policy': 'true' })).toThrow(
      /"bucket" is required/,
    );
  });
});

describe('parseSettings validation', () => {
  // Each bad value must be rejected with a message naming the input and the value.
  const cases: Array<[InputName, string]> = [
    ['bucket', 'My-Site'],
    ['bucket', 'ab'],
    ['bucket', 'a'.repeat(64)],
    ['bucket', '-site'],
    ['bucket', 'site-'],
    ['bucket', 'my..site'],
    ['bucket', '192.168.1.10'],
    ['bucket', 'my_site'],
    ['prefix', '/blog'],
    ['prefix', 'blog//2024'],
    ['prefix', 'blog/../secret'],
    ['prefix', './blog'],
    ['distribution', 'd111111abcdef8.cloudfront.net'],
    ['distribution', 'arn:aws:cloudfront::123456789012:distribution/E2QWRUHAPOMQZL'],
    ['distribution', 'e2qwruhapomqzl'],
    ['distribution', 'auto,E2QWRUHAPOMQZL'],
    ['distribution', 'Auto'],
    ['delete-removed', 'yes'],
    ['delete-removed', '1'],
    ['delete-removed', 'on'],
    ['dry-run', 'tRuE'],
    ['wait-for-invalidation', 'no'],
    ['invalidate-index-forms', 'y'],
    ['print-policy', 'enabled'],
    ['acl', 'public'],
    ['acl', 'Public-Read'],
    ['region', 'US East'],
    ['endpoint', 'localhost:9000'],
    ['endpoint', 'ftp://files.example.com'],
    ['endpoint', 'not a url'],
    ['concurrency', '0'],
    ['concurrency', '257'],
    ['concurrency', '8.5'],
    ['concurrency', 'many'],
    ['max-deletes', '-2'],
    ['max-deletes', '1e3'],
    ['max-deletes', '99999999999999999999'],
    ['multipart-threshold', '4MiB'],
    ['multipart-threshold', '6GiB'],
    ['multipart-threshold', 'big'],
    ['multipart-threshold', '64 parsecs'],
    ['invalidate', 'some'],
    ['invalidate', 'posts/*'],
    ['invalidate', '/posts/*/index.html'],
    ['invalidation-max-paths', '0'],
    ['invalidation-max-paths', '3001'],
    ['invalidation-timeout', '-1'],
    ['invalidation-timeout', '21601'],
    ['cache-control', '*.html no-cache'],
    ['content-type', 'no colon here'],
  ];

  it.each(cases)('rejects %s = %j, naming the input and the value', (name, value) => {
    const error = errorFrom({ [name]: value });
    expect(error.message).toContain(`"${name}"`);
    expect(error.message).toContain(value);
  });

  it('accepts exactly the YAML 1.2 core booleans', () => {
    for (const value of ['true', 'True', 'TRUE']) {
      expect(settingsFrom({ 'delete-removed': value }).deleteRemoved).toBe(true);
    }
    for (const value of ['false', 'False', 'FALSE']) {
      expect(settingsFrom({ 'dry-run': value, 'invalidate-index-forms': value })).toMatchObject({
        dryRun: false,
        invalidateIndexForms: false,
      });
    }
  });
});

describe('distribution', () => {
  it('takes several IDs separated by commas or newlines, distinct, in order', () => {
    expect(
      settingsFrom({
        distribution: 'E2QWRUHAPOMQZL, E1WWWEXAMPLE99\nE3THIRD33333,\nE2QWRUHAPOMQZL',
      }),
    ).toMatchObject({
      distributions: ['E2QWRUHAPOMQZL', 'E1WWWEXAMPLE99', 'E3THIRD33333'],
      autoDistribution: false,
    });
  });

  it('takes auto alone, and refuses it mixed with IDs', () => {
    expect(settingsFrom({ distribution: 'auto' })).toMatchObject({
      distributions: [],
      autoDistribution: true,
    });
    expect(errorFrom({ distribution: 'auto\nE2QWRUHAPOMQZL' }).message).toContain(
      'either "auto" alone or distribution IDs',
    );
  });

  it('names the one bad ID among good ones', () => {
    const message = errorFrom({ distribution: 'E2QWRUHAPOMQZL,e1bad' }).message;
    expect(message).toContain('"distribution"');
    expect(message).toContain('got "e1bad"');
  });
});

describe('bucket', () => {
  it('accepts names with dots, digits and hyphens', () => {
    expect(settingsFrom({ bucket: 'www.example-1.com' }).bucket).toBe('www.example-1.com');
  });

  it('suggests the bucket and prefix for an s3:// URL', () => {
    const error = errorFrom({ bucket: 's3://my-site/blog' });
    expect(error.message).toContain('"bucket"');
    expect(error.message).toContain('s3://my-site/blog');
    expect(error.message).toContain('bucket "my-site" and prefix "blog"');
  });

  it('suggests the bucket alone for an s3:// URL without a path', () => {
    const error = errorFrom({ bucket: 's3://my-site/' });
    expect(error.message).toContain('bucket "my-site"');
    expect(error.message).not.toContain('prefix');
  });
});

describe('prefix', () => {
  it.each([
    ['blog', 'blog/'],
    ['blog/', 'blog/'],
    ['blog/2024', 'blog/2024/'],
    ['blog/2024/', 'blog/2024/'],
    ['', ''],
  ])('normalises %j to %j', (value, expected) => {
    expect(settingsFrom({ prefix: value }).prefix).toBe(expected);
  });

  it('rejects a leading "/" and shows the prefix without it', () => {
    expect(() => settingsFrom({ prefix: '/blog/' })).toThrow(/"prefix".*"\/blog\/".*"blog\/"/);
  });
});

describe('acl', () => {
  it.each([
    'private',
    'public-read',
    'public-read-write',
    'authenticated-read',
    'aws-exec-read',
    'bucket-owner-read',
    'bucket-owner-full-control',
  ])('accepts the canned ACL %s', (acl) => {
    expect(settingsFrom({ acl }).acl).toBe(acl);
  });

  it('lists the canned ACLs when given another', () => {
    expect(() => settingsFrom({ acl: 'public' })).toThrow(/public-read, public-read-write/);
  });
});

describe('region', () => {
  it('prefers the input', () => {
    const env = { AWS_REGION: 'eu-west-1', AWS_DEFAULT_REGION: 'eu-west-2' };
    expect(settingsFrom({ region: 'ap-south-1' }, env).region).toBe('ap-south-1');
  });

  it('falls back to AWS_REGION, then AWS_DEFAULT_REGION, then us-east-1', () => {
    const both = { AWS_REGION: 'eu-west-1', AWS_DEFAULT_REGION: 'eu-west-2' };
    expect(settingsFrom({}, both).region).toBe('eu-west-1');
    expect(settingsFrom({}, { AWS_DEFAULT_REGION: 'eu-west-2' }).region).toBe('eu-west-2');
    expect(settingsFrom({}, { AWS_REGION: '' }).region).toBe('us-east-1');
    expect(settingsFrom({}, {}).region).toBe('us-east-1');
  });
});

describe('numbers and sizes', () => {
  it('accepts the bounds of each range', () => {
    expect(settingsFrom({ concurrency: '1' }).concurrency).toBe(1);
    expect(settingsFrom({ concurrency: '256' }).concurrency).toBe(256);
    expect(settingsFrom({ 'max-deletes': '0' }).maxDeletes).toBe(0);
    expect(settingsFrom({ 'max-deletes': '-1' }).maxDeletes).toBe(-1);
    expect(settingsFrom({ 'invalidation-timeout': '0' }).invalidationTimeoutSeconds).toBe(0);
    expect(settingsFrom({ 'invalidation-max-paths': '3000' }).invalidationMaxPaths).toBe(3000);
  });

  it.each([
    ['5MiB', 5 * 1024 ** 2],
    ['8 MiB', 8 * 1024 ** 2],
    ['100MB', 100_000_000],
    ['1g', 1024 ** 3],
    ['5GiB', 5 * 1024 ** 3],
    ['16777216', 16 * 1024 ** 2],
  ])('reads multipart-threshold %j as %d bytes', (value, bytes) => {
    expect(settingsFrom({ 'multipart-threshold': value }).multipartThreshold).toBe(bytes);
  });
});

describe('invalidate', () => {
  it.each(['changed', 'all', 'none'] as const)('accepts the mode %s', (mode) => {
    expect(settingsFrom({ invalidate: mode })).toMatchObject({
      invalidate: mode,
      invalidateExtraPaths: [],
    });
  });

  it('adds extra paths to the default mode', () => {
    expect(settingsFrom({ invalidate: '/feeds/*\n/sitemap.xml' })).toMatchObject({
      invalidate: 'changed',
      invalidateExtraPaths: ['/feeds/*', '/sitemap.xml'],
    });
  });

  it('combines a mode with extra paths, ignoring blank lines and comments', () => {
    expect(settingsFrom({ invalidate: 'none\n\n# always\n/index.html\n' })).toMatchObject({
      invalidate: 'none',
      invalidateExtraPaths: ['/index.html'],
    });
  });

  it('rejects two different modes', () => {
    expect(() => settingsFrom({ invalidate: 'changed\nall' })).toThrow(
      /"invalidate".*at most one of changed, all, none/,
    );
  });

  it('rejects a path over 4,000 characters', () => {
    expect(() => settingsFrom({ invalidate: `/${'a'.repeat(4000)}` })).toThrow(/"invalidate"/);
  });
});

describe('header rules and excludes', () => {
  it('parses cache-control and content-type rules in order', () => {
    const settings = settingsFrom({
      'cache-control': 'theme/**: public, max-age=31536000, immutable\n*.html: no-cache',
      'content-type': '*.atom.xml: application/atom+xml',
    });
    expect(settings.cacheControl.map(({ glob, value }) => [glob, value])).toEqual([
      ['theme/**', 'public, max-age=31536000, immutable'],
      ['*.html', 'no-cache'],
    ]);
    expect(settings.contentType.map(({ glob, value }) => [glob, value])).toEqual([
      ['*.atom.xml', 'application/atom+xml'],
    ]);
  });

  it('replaces the default exclude list when exclude is given', () => {
    expect(settingsFrom({ exclude: 'drafts/**\n*.map' }).exclude).toEqual(['drafts/**', '*.map']);
  });

  it('refuses an exclude glob that names no file or folder, naming the input and the glob', () => {
    const act = () => settingsFrom({ exclude: 'drafts/\n/' });
    expect(act).toThrow(DeployError);
    expect(act).toThrow('Input "exclude" is invalid: "/" is not a glob.');
  });
});

describe('action.yml', () => {
  const action = parse(readFileSync(new URL('../../action.yml', import.meta.url), 'utf8')) as {
    inputs: Record<string, { description?: string; required?: boolean; default?: unknown }>;
  };

  it('declares exactly the inputs the code reads', () => {
    expect(Object.keys(action.inputs).sort()).toEqual(Object.keys(INPUT_DEFAULTS).sort());
  });

  it('describes every input', () => {
    for (const [name, input] of Object.entries(action.inputs)) {
      expect(input.description?.trim(), name).toBeTruthy();
    }
  });

  it('gives every optional input the default the code uses, and required ones none', () => {
    for (const [name, input] of Object.entries(action.inputs)) {
      const codeDefault = INPUT_DEFAULTS[name as InputName];
      if (input.required) {
        expect(input.default, name).toBeUndefined();
        expect(codeDefault, name).toBe('');
      } else {
        expect(input.default, name).toBe(codeDefault);
      }
    }
  });
});
