import { describe, expect, it } from 'vitest';
import {
  bucketOriginOf,
  bucketOriginPaths,
  bucketPathOf,
  type DistributionTarget,
  isBucketOrigin,
  needsInvalidation,
  planDistributionInvalidations,
  servesPrefix,
  type TargetSettings,
  unverifiedTarget,
  viewerKeys,
} from '../../src/cloudfront/origins.js';

const target = (overrides: Partial<DistributionTarget> = {}): DistributionTarget => ({
  id: 'E2EXAMPLE123',
  originPaths: [''],
  defaultRootObject: 'index.html',
  verified: true,
  ...overrides,
});

const settings: TargetSettings = {
  distributions: ['E2EXAMPLE123'],
  autoDistribution: false,
  invalidate: 'changed',
  invalidateExtraPaths: [],
  invalidateIndexForms: true,
  invalidationMaxPaths: 50,
};

describe('isBucketOrigin', () => {
  it.each([
    'my.site.s3.amazonaws.com',
    'my.site.s3.eu-west-1.amazonaws.com',
    'my.site.s3-eu-west-1.amazonaws.com',
    'my.site.s3-website-us-east-1.amazonaws.com',
    'my.site.s3-website.ap-southeast-2.amazonaws.com',
    'MY.SITE.S3.US-GOV-WEST-1.AMAZONAWS.COM',
    'my.site.s3.amazonaws.com.',
  ])('%s is bucket my.site', (domainName) => {
    expect(isBucketOrigin(domainName, 'my.site')).toBe(true);
  });

  it.each([
    'other.s3.amazonaws.com',
    'my.site2.s3.amazonaws.com',
    'xmy.site.s3.amazonaws.com',
    'site.s3.amazonaws.com',
    'my.site.s3.amazonaws.com.evil.example',
    'my.site.example.com',
    'd111111abcdef8.cloudfront.net',
    'my.site.s3.eu-west-1.amazonaws.com/blog',
  ])('%s is not bucket my.site', (domainName) => {
    expect(isBucketOrigin(domainName, 'my.site')).toBe(false);
  });

  it('keeps the origin paths of the bucket origins only, normalised and distinct', () => {
    const origins = [
      { domainName: 'site.s3.amazonaws.com', originPath: '/blog' },
      { domainName: 'site.s3-website-us-east-1.amazonaws.com', originPath: '/blog/' },
      { domainName: 'api.example.com', originPath: '' },
      { domainName: 'site.s3.us-east-1.amazonaws.com', originPath: '' },
    ];
    expect(bucketOriginPaths(origins, 'site')).toEqual(['/blog', '']);
  });
});

describe('bucketPathOf: which origins are this bucket, with an endpoint or origin-domain', () => {
  const at = (domainName: string, originPath = '') => ({ domainName, originPath });
  const onEndpoint = { bucket: 'site', endpointHost: 'rgw.example.com' };
  it.each([
    ['the endpoint host, path-style', at('rgw.example.com', '/site'), ''],
    ['the endpoint host, path-style with a folder', at('rgw.example.com', '/site/blog/'), '/blog'],
    ['the endpoint host, another bucket', at('rgw.example.com', '/other'), undefined],
    ['the endpoint host, no bucket in the path', at('rgw.example.com'), undefined],
    ['virtual-hosted on the endpoint', at('SITE.rgw.example.com', '/blog'), '/blog'],
    ['an AWS S3 origin still counts', at('site.s3.amazonaws.com'), ''],
    ['another host', at('cdn.example.com'), undefined],
  ])('%s', (_, origin, expected) => {
    expect(bucketPathOf(origin, onEndpoint)).toBe(expected);
  });

  it('with origin-domain, only that origin is the bucket (its path is the folder)', () => {
    const match = { bucket: 'site', originDomain: 'media.example.com' };
    expect(bucketPathOf(at('media.example.com.', '/blog'), match)).toBe('/blog');
    expect(bucketPathOf(at('site.s3.amazonaws.com'), match)).toBeUndefined();
    expect(bucketPathOf(at('cdn.example.com'), match)).toBeUndefined();
  });

  it('reads the endpoint host from the endpoint input', () => {
    expect(
      bucketOriginOf({
        bucket: 'b',
        endpoint: 'https://RGW.example.com:7480/',
        originDomain: undefined,
      }),
    ).toEqual({ bucket: 'b', endpointHost: 'rgw.example.com', originDomain: undefined });
  });
});

describe('servesPrefix', () => {
  it.each([
    ['', '', true],
    ['', 'blog/', true],
    ['/blog', '', true],
    ['/blog', 'blog/', true],
    ['/blog', 'blog/2024/', true],
    ['/blog/2024', 'blog/', true],
    ['/docs', 'blog/', false],
    ['/blog', 'blogroll/', false],
  ])('origin path %j and prefix %j: %s', (originPath, prefix, serves) => {
    expect(servesPrefix(originPath, prefix)).toBe(serves);
  });
});

describe('viewerKeys', () => {
  it('strips the origin path from the key, and drops keys outside it', () => {
    const blog = target({ originPaths: ['/blog'] });
    expect(viewerKeys('blog/posts/x/index.html', blog)).toEqual(['posts/x/index.html']);
    expect(viewerKeys('docs/index.html', blog)).toEqual([]);
    expect(viewerKeys('blogroll.html', blog)).toEqual([]);
  });

  it('gives one viewer key per origin that serves the key', () => {
    const both = target({ originPaths: ['', '/blog'] });
    expect(viewerKeys('blog/x.html', both)).toEqual(['blog/x.html', 'x.html']);
    expect(viewerKeys('about.html', both)).toEqual(['about.html']);
  });
});

describe('planDistributionInvalidations', () => {
  const plan = (targets: DistributionTarget[], keys: string[], carried: string[] = []) =>
    planDistributionInvalidations(settings, targets, keys, new Set(carried));

  it('invalidates through the origin path: /x, not /blog/x', () => {
    const [blog] = plan([target({ originPaths: ['/blog'] })], ['blog/about/index.html', 'docs/a']);
    expect(blog?.paths).toEqual(['/about/', '/about/index.html']);
  });

  it('invalidates / for the default root object, and not for index.html when that is another', () => {
    const home = target({ defaultRootObject: 'home.html' });
    expect(plan([home], ['home.html', 'index.html'])[0]?.paths).toEqual([
      '/',
      '/home.html',
      '/index.html',
    ]);
    expect(plan([home], ['index.html'])[0]?.paths).toEqual(['/index.html']);
  });

  it('a default root object in a folder is served at / and at its folder', () => {
    const nested = target({ defaultRootObject: 'en/index.html' });
    expect(plan([nested], ['en/index.html'])[0]?.paths).toEqual(['/', '/en/', '/en/index.html']);
  });

  it('without a default root object, / stays with index.html, as for sub-folders', () => {
    expect(plan([target({ defaultRootObject: '' })], ['index.html'])[0]?.paths).toEqual([
      '/',
      '/index.html',
    ]);
  });

  it('an unverified distribution is mapped as the bucket root with index.html', () => {
    const [unverified] = plan([unverifiedTarget('E1UNREAD11111')], ['blog/index.html']);
    expect(unverified).toMatchObject({
      distribution: 'E1UNREAD11111',
      verified: false,
      paths: ['/blog/', '/blog/index.html'],
    });
  });

  it('plans each distribution on its own', () => {
    const plans = plan(
      [target({ id: 'E1APEX1111111' }), target({ id: 'E2BLOG2222222', originPaths: ['/blog'] })],
      ['blog/a.html'],
    );
    expect(plans.map((p) => [p.distribution, p.paths])).toEqual([
      ['E1APEX1111111', ['/blog/a.html']],
      ['E2BLOG2222222', ['/a.html']],
    ]);
  });

  it('counts the paths that come from keys an earlier deploy left', () => {
    const [only] = plan([target()], ['a.html', 'b/index.html'], ['b/index.html']);
    expect(only?.paths).toEqual(['/a.html', '/b/', '/b/index.html']);
    expect(only?.carriedOverPaths).toBe(2);
  });
});

describe('needsInvalidation', () => {
  it('is false without a distribution, without keys, or with invalidate none', () => {
    expect(needsInvalidation({ ...settings, distributions: [] }, ['a'])).toBe(false);
    expect(needsInvalidation(settings, [])).toBe(false);
    expect(needsInvalidation({ ...settings, invalidate: 'none' }, ['a'])).toBe(false);
  });

  it('is true with changed keys, or extra paths alone, or auto', () => {
    expect(needsInvalidation(settings, ['a'])).toBe(true);
    expect(needsInvalidation({ ...settings, invalidateExtraPaths: ['/feed.xml'] }, [])).toBe(true);
    const auto = { ...settings, distributions: [], autoDistribution: true };
    expect(needsInvalidation(auto, ['a'])).toBe(true);
  });
});
