import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import type { DeployResult } from '../../src/report/deploy-result.js';
import { outputsOf } from '../../src/report/outputs.js';
import { summaryMarkdown } from '../../src/report/summary.js';
import {
  type CloudFrontServer,
  type CloudFrontServerOptions,
  type RecordedRequest,
  startCloudFrontServer,
} from '../support/cloudfront-server.js';
import {
  copyOfFixture,
  FIXTURE_FILE_COUNT,
  startWorld,
  type World,
  warningsOf,
} from '../support/deploy-world.js';
import {
  attemptDeploy,
  type DeployAttempt,
  failureOf,
  type Inputs,
} from '../support/fault-world.js';

const APEX = 'E1APEXEXAMPLE1';
const WWW = 'E2WWWEXAMPLE22';
const OTHER = 'E3OTHERBUCKET3';
const EDITED_PAGE = 'posts/night-trains/index.html';

let world: World;
let site: { dir: string; remove(): void };
let cloudFront: CloudFrontServer;
beforeEach(async () => {
  world = await startWorld();
  site = copyOfFixture();
});
afterEach(async () => {
  site.remove();
  await cloudFront?.stop();
  await world.stop();
});

/** Points later deploys at a CloudFront endpoint with these distributions. */
async function useCloudFront(options: CloudFrontServerOptions): Promise<void> {
  cloudFront = await startCloudFrontServer(options);
  process.env.AWS_ENDPOINT_URL_CLOUDFRONT = cloudFront.endpoint;
}

function attempt(inputs: Inputs = {}): Promise<DeployAttempt> {
  return attemptDeploy({ dir: site.dir, ...inputs }, world.s3Server.endpoint);
}

async function deployed(inputs: Inputs = {}): Promise<DeployAttempt & { result: DeployResult }> {
  const run = await attempt(inputs);
  if (run.result === undefined) throw run.error;
  return { ...run, result: run.result };
}

function requestsOf(operation: RecordedRequest['operation']): RecordedRequest[] {
  return cloudFront.requests.filter((request) => request.operation === operation);
}

function editPage(): void {
  writeFileSync(join(site.dir, EDITED_PAGE), '<html><body>edited</body></html>\n');
}

const sentPaths = (id: string) => cloudFront.invalidations(id).map((i) => [...i.paths].sort());

describe('a distribution that serves another bucket', () => {
  test('is refused before anything is written, naming the distribution and its origins', async () => {
    await useCloudFront({
      distributions: [
        {
          id: OTHER,
          origins: [
            { domainName: 'other-site.s3.eu-west-1.amazonaws.com', originPath: '/www' },
            { domainName: 'api.example.com' },
          ],
        },
      ],
    });
    const run = await attempt({ distribution: OTHER });
    const message = failureOf(run);
    expect(message).toContain(`CloudFront distribution ${OTHER} does not serve this deploy`);
    expect(message).toContain('none of its origins is bucket "site"');
    expect(message).toContain(
      'other-site.s3.eu-west-1.amazonaws.com (origin path /www), api.example.com',
    );
    expect(await world.keys()).toEqual([]);
    expect(cloudFront.requests.map((request) => request.operation)).toEqual([
      'GetDistributionConfig',
    ]);
  });

  test('an origin of this bucket that serves another folder than the prefix is refused too', async () => {
    await useCloudFront({
      distributions: [
        { id: OTHER, origins: [{ domainName: 'site.s3.amazonaws.com', originPath: '/docs' }] },
      ],
    });
    const message = failureOf(await attempt({ distribution: OTHER, prefix: 'blog' }));
    expect(message).toContain('serve only "/docs/", which holds nothing of prefix "blog/"');
    expect(await world.keys()).toEqual([]);
  });

  test('the website endpoint in another region counts as this bucket', async () => {
    await useCloudFront({
      distributions: [
        { id: WWW, origins: [{ domainName: 'SITE.s3-website.eu-central-1.amazonaws.com' }] },
      ],
    });
    const { result } = await deployed({ distribution: WWW });
    expect(result.invalidations[0]).toMatchObject({ distribution: WWW, verified: true });
    expect(cloudFront.invalidations(WWW)).toHaveLength(1);
  });
});

describe('with an S3-compatible endpoint behind CloudFront (a custom origin)', () => {
  // The S3 endpoint of these tests is s3rver at 127.0.0.1: a custom origin on that host is it.
  test('an origin on the endpoint host, path-style /BUCKET, is this bucket: the rest is the folder', async () => {
    await useCloudFront({
      distributions: [
        { id: APEX, origins: [{ domainName: '127.0.0.1', originPath: '/site/blog' }] },
      ],
    });
    await deployed({ prefix: 'blog' });
    editPage();
    const { result } = await deployed({ distribution: APEX, prefix: 'blog' });
    expect(result.invalidations[0]).toMatchObject({ distribution: APEX, verified: true });
    expect(sentPaths(APEX)).toEqual([['/posts/night-trains/', `/${EDITED_PAGE}`]]);
  });

  test('an origin on the endpoint host for another bucket is refused, saying how to name the right one', async () => {
    await useCloudFront({
      distributions: [{ id: OTHER, origins: [{ domainName: '127.0.0.1', originPath: '/other' }] }],
    });
    const message = failureOf(await attempt({ distribution: OTHER }));
    expect(message).toContain('none of its origins is bucket "site"');
    expect(message).toContain('an origin on 127.0.0.1 (origin path /site) or on site.127.0.0.1');
    expect(message).toContain('"origin-domain"');
    expect(await world.keys()).toEqual([]);
  });

  test('origin-domain names the custom domain that serves the bucket: accepted, other origins not', async () => {
    await useCloudFront({
      distributions: [
        { id: APEX, origins: [{ domainName: 'Media.Example.com.', originPath: '' }] },
        { id: OTHER, origins: [{ domainName: 'cdn.example.org', originPath: '' }] },
      ],
    });
    editPage();
    const inputs = { 'origin-domain': 'https://media.example.com/' };
    const { result } = await deployed({ ...inputs, distribution: APEX });
    expect(result.invalidations[0]).toMatchObject({ distribution: APEX, verified: true });
    writeFileSync(join(site.dir, EDITED_PAGE), '<html><body>again</body></html>\n');
    const message = failureOf(await attempt({ ...inputs, distribution: OTHER }));
    expect(message).toContain('The "origin-domain" input names media.example.com');
  });
});

describe('the origin path', () => {
  test('blog/ served at / is invalidated as /..., keys outside it not at all', async () => {
    await useCloudFront({
      distributions: [
        {
          id: APEX,
          origins: [{ domainName: 'site.s3.us-east-1.amazonaws.com', originPath: '/blog' }],
        },
      ],
    });
    await deployed({ prefix: 'blog' });
    editPage();
    const { result } = await deployed({ prefix: 'blog', distribution: APEX });
    expect(result.invalidations[0]?.paths).toEqual([
      '/posts/night-trains/',
      '/posts/night-trains/index.html',
    ]);
    expect(sentPaths(APEX)).toEqual([['/posts/night-trains/', '/posts/night-trains/index.html']]);
  });

  test('/ is invalidated for the default root object, not for index.html when that is another', async () => {
    await useCloudFront({ distributions: [{ id: APEX, defaultRootObject: 'home.html' }] });
    await deployed();
    writeFileSync(join(site.dir, 'index.html'), '<p>new index</p>');
    await deployed({ distribution: APEX });
    writeFileSync(join(site.dir, 'home.html'), '<p>home</p>');
    await deployed({ distribution: APEX });
    expect(sentPaths(APEX)).toEqual([['/index.html'], ['/', '/home.html']]);
  });
});

describe('several distributions', () => {
  const TWO = `${APEX}, ${WWW}`;
  beforeEach(async () => {
    await useCloudFront({
      distributions: [
        APEX,
        { id: WWW, origins: [{ domainName: 'site.s3-website-us-east-1.amazonaws.com' }] },
      ],
    });
  });

  test('each gets its own invalidation and CallerReference, reported in the outputs and the summary', async () => {
    await deployed();
    editPage();
    const { result, settings } = await deployed({ distribution: TWO });
    const [apex, www] = [cloudFront.invalidations(APEX), cloudFront.invalidations(WWW)];
    expect(apex).toHaveLength(1);
    expect(www).toHaveLength(1);
    expect(apex[0]?.callerReference).not.toBe(www[0]?.callerReference);
    expect(result.invalidations.map((outcome) => [outcome.distribution, outcome.ids])).toEqual([
      [APEX, [apex[0]?.id]],
      [WWW, [www[0]?.id]],
    ]);
    const outputs = outputsOf(result);
    expect(outputs['invalidation-id']).toBe(apex[0]?.id);
    expect(JSON.parse(outputs.invalidations ?? '')).toEqual([
      { distribution: APEX, ids: [apex[0]?.id], paths: 2 },
      { distribution: WWW, ids: [www[0]?.id], paths: 2 },
    ]);
    const markdown = summaryMarkdown(result, settings, undefined);
    expect(markdown).toContain(
      `**CloudFront** <code>${APEX}</code>: invalidation [<code>${apex[0]?.id}`,
    );
    expect(markdown).toContain(
      `**CloudFront** <code>${WWW}</code>: invalidation [<code>${www[0]?.id}`,
    );
  });

  test('one refusing does not stop the other; the failure names it, the next deploy sends the paths again, and says they were carried over', async () => {
    await deployed();
    editPage();
    cloudFront.failNext(1, 'AccessDenied');
    const failed = await attempt({ distribution: TWO });
    const message = failureOf(failed);
    expect(message).toContain(`invalidation on CloudFront distribution ${APEX} failed`);
    expect(message).toContain(
      `aws cloudfront create-invalidation --distribution-id ${APEX} --paths`,
    );
    expect(message).not.toContain(`--distribution-id ${WWW}`);
    expect(message).toContain('the next deploy (a re-run will do) sends them again');
    expect(cloudFront.invalidations(APEX)).toHaveLength(0);
    expect(cloudFront.invalidations(WWW)).toHaveLength(1);

    const rerun = await deployed({ distribution: TWO });
    expect(rerun.result.plan.uploads).toEqual([]);
    expect(sentPaths(APEX)).toEqual([['/posts/night-trains/', '/posts/night-trains/index.html']]);
    expect(rerun.result.invalidations.map((outcome) => outcome.carriedOverPaths)).toEqual([2, 2]);
    expect(summaryMarkdown(rerun.result, rerun.settings, undefined)).toContain(
      '2 paths carried over from an earlier unfinished deploy.',
    );
    const again = await deployed({ distribution: TWO });
    expect(again.result.invalidations).toEqual([]);
  });

  test('a deploy with nothing to change and nothing pending makes no CloudFront request', async () => {
    await deployed();
    const { result } = await deployed({ distribution: TWO });
    expect(result.invalidations).toEqual([]);
    expect(cloudFront.requests).toEqual([]);
  });

  test('without GetDistributionConfig on either, one warning naming both, and both are invalidated', async () => {
    await cloudFront.stop();
    await useCloudFront({ distributions: [APEX, WWW], deny: ['GetDistributionConfig'] });
    const { log } = await deployed({ distribution: TWO });
    const warnings = warningsOf(log);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain(
      `distribution(s) ${APEX}, ${WWW}: cloudfront:GetDistributionConfig on arn:aws:cloudfront::*:distribution/${APEX}, arn:aws:cloudfront::*:distribution/${WWW} is not allowed`,
    );
    expect(cloudFront.invalidations(APEX)).toHaveLength(1);
    expect(cloudFront.invalidations(WWW)).toHaveLength(1);
  });
});

describe('distribution: auto', () => {
  test('finds every distribution whose origin is this bucket, across pages, and invalidates each', async () => {
    // 120 others: more than one page of ListDistributions (100 a page by default).
    const others = Array.from({ length: 120 }, (_, i) => ({
      id: `E0OTHER${String(i).padStart(5, '0')}`,
      origins: [{ domainName: `bucket-${i}.s3.amazonaws.com` }],
    }));
    await useCloudFront({
      distributions: [
        ...others,
        { id: 'EZWWWLASTPAGE1', origins: [{ domainName: 'site.s3.eu-west-1.amazonaws.com' }] },
        { id: APEX, defaultRootObject: '' },
      ],
    });
    const { result, log } = await deployed({ distribution: 'auto' });
    expect(requestsOf('ListDistributions').map((request) => request.path)).toEqual([
      '/2020-05-31/distribution',
      expect.stringMatching(/^\/2020-05-31\/distribution\?Marker=E0OTHER/),
    ]);
    expect(result.invalidations.map((outcome) => outcome.distribution)).toEqual([
      APEX,
      'EZWWWLASTPAGE1',
    ]);
    expect(requestsOf('GetDistributionConfig').map((request) => request.distributionId)).toEqual(
      expect.arrayContaining([APEX, 'EZWWWLASTPAGE1']),
    );
    expect(cloudFront.invalidations(APEX)).toHaveLength(1);
    expect(cloudFront.invalidations('EZWWWLASTPAGE1')).toHaveLength(1);
    expect(cloudFront.invalidations(others[0]?.id ?? '')).toEqual([]);
    expect(warningsOf(log)).toEqual([]);
    expect(await world.keys()).toHaveLength(FIXTURE_FILE_COUNT + 2); // site, state (with the lock), record
  });

  test('finding none is an error that says so, before anything is written', async () => {
    await useCloudFront({
      distributions: [OTHER].map((id) => ({ id, origins: [{ domainName: 'x.s3.amazonaws.com' }] })),
    });
    const message = failureOf(await attempt({ distribution: 'auto' }));
    expect(message).toContain(
      'distribution "auto" found no CloudFront distribution whose origin is bucket "site", among the account\'s 1 distribution(s)',
    );
    expect(await world.keys()).toEqual([]);
  });

  test('without ListDistributions it fails, naming cloudfront:ListDistributions on "*"', async () => {
    await useCloudFront({ deny: ['ListDistributions'] });
    const message = failureOf(await attempt({ distribution: 'auto' }));
    expect(message).toContain('Missing permission: cloudfront:ListDistributions on * (');
    expect(await world.keys()).toEqual([]);
  });
});
