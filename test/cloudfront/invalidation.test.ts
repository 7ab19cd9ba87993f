import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { STATE_FILE_NAME } from '../../src/bucket/state.js';
import type { DeployResult } from '../../src/report/deploy-result.js';
import { summaryMarkdown } from '../../src/report/summary.js';
import { consoleUrl, escapeHtml } from '../../src/report/text.js';
import {
  type CloudFrontServer,
  type CloudFrontServerOptions,
  type RecordedRequest,
  startCloudFrontServer,
} from '../support/cloudfront-server.js';
import {
  copyOfFixture,
  DISTRIBUTION,
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

const UNKNOWN_DISTRIBUTION = 'E9UNKNOWN9999';
const EDITED_PAGE = 'posts/night-trains/index.html';
const EDITED_PAGE_PATHS = ['/posts/night-trains/', '/posts/night-trains/index.html'];
const ORIGIN = {
  repository: 'octo/blog',
  sha: '0123456789abcdef',
  serverUrl: 'https://github.com',
};

let world: World;
let site: { dir: string; remove(): void };
/** The CloudFront endpoint deploys reach: the world's, or one a test started with options. */
let cloudFront: CloudFrontServer;
let ownServers: CloudFrontServer[];
beforeEach(async () => {
  world = await startWorld();
  cloudFront = world.cloudFront;
  ownServers = [];
  site = copyOfFixture();
});
afterEach(async () => {
  site.remove();
  await Promise.all(ownServers.map((server) => server.stop()));
  await world.stop();
});

/** Points later deploys at a CloudFront endpoint with these options (as AWS_ENDPOINT_URL_CLOUDFRONT). */
async function useCloudFront(options: CloudFrontServerOptions): Promise<CloudFrontServer> {
  cloudFront = await startCloudFrontServer({ distributions: [DISTRIBUTION], ...options });
  ownServers.push(cloudFront);
  process.env.AWS_ENDPOINT_URL_CLOUDFRONT = cloudFront.endpoint;
  return cloudFront;
}

/** Deploys `site` (or another folder) and keeps the log and waits, failed or not. */
function attempt(inputs: Inputs = {}): Promise<DeployAttempt> {
  return attemptDeploy({ dir: site.dir, ...inputs }, world.s3Server.endpoint);
}

/** Deploys and fails the test with the deploy's own error if it fails. */
async function deployed(inputs: Inputs = {}): Promise<DeployAttempt & { result: DeployResult }> {
  const run = await attempt(inputs);
  if (run.result === undefined) throw run.error;
  return { ...run, result: run.result };
}

function requestsOf(operation: RecordedRequest['operation']): RecordedRequest[] {
  return cloudFront.requests.filter((request) => request.operation === operation);
}

function editPage(text = 'edited'): void {
  writeFileSync(join(site.dir, EDITED_PAGE), `<html><body>${text}</body></html>\n`);
}

const total = (numbers: readonly number[]) => numbers.reduce((sum, n) => sum + n, 0);

describe('retrying CreateInvalidation', () => {
  test('TooManyInvalidationsInProgress three times, then accepted: one invalidation, growing logged waits never slept, one CallerReference', async () => {
    cloudFront.failNext(3, 'TooManyInvalidationsInProgress');
    const started = performance.now();
    const { result, log, sleeps } = await deployed({ distribution: DISTRIBUTION });
    const elapsed = performance.now() - started;

    const invalidations = cloudFront.invalidations(DISTRIBUTION);
    expect(invalidations).toHaveLength(1);
    expect(result.invalidations[0]?.ids).toEqual([invalidations[0]?.id]);
    const creates = requestsOf('CreateInvalidation');
    expect(creates.map((request) => request.status)).toEqual([400, 400, 400, 201]);
    // A retry that reached CloudFront after a lost response is answered with the same invalidation.
    expect(new Set(creates.map((request) => request.callerReference)).size).toBe(1);

    // Full-jitter backoff from 2 s: each wait is in [ceiling / 2, ceiling], the ceiling doubling.
    expect(sleeps).toHaveLength(3);
    sleeps.forEach((ms, i) => {
      expect(ms).toBeGreaterThanOrEqual(1000 * 2 ** i);
      expect(ms).toBeLessThanOrEqual(2000 * 2 ** i);
    });
    const waits = log.filter((line) => line.includes('TooManyInvalidationsInProgress'));
    expect(waits).toEqual(
      sleeps.map((ms, i) =>
        expect.stringContaining(`retry ${i + 1} in ${(ms / 1000).toFixed(1)} s`),
      ),
    );
    expect(elapsed).toBeLessThan(total(sleeps));
  });

  test('a request that succeeded but whose response was lost is retried without creating a duplicate', async () => {
    cloudFront.loseNextResponses(1);
    const { result } = await deployed({ distribution: DISTRIBUTION });
    const creates = requestsOf('CreateInvalidation');
    expect(creates).toHaveLength(2);
    expect(creates[1]?.callerReference).toBe(creates[0]?.callerReference);
    const invalidations = cloudFront.invalidations(DISTRIBUTION);
    expect(invalidations).toHaveLength(1);
    expect(result.invalidations[0]?.ids).toEqual([invalidations[0]?.id]);
  });

  test('503 ServiceUnavailable twice and Throttling once, then accepted: the deploy succeeds', async () => {
    cloudFront.failNext(2, 'ServiceUnavailable');
    cloudFront.failNext(1, 'Throttling');
    const { result, sleeps } = await deployed({ distribution: DISTRIBUTION });
    expect(requestsOf('CreateInvalidation').map((request) => request.status)).toEqual([
      503, 503, 400, 201,
    ]);
    expect(sleeps).toHaveLength(3);
    expect(result.invalidations[0]?.ids).toEqual([cloudFront.invalidations(DISTRIBUTION)[0]?.id]);
  });

  test('throttled for longer than invalidation-timeout: fails after the files are written, says they are deployed and how to retry', async () => {
    cloudFront.failNext(1000, 'TooManyInvalidationsInProgress');
    const run = await attempt({ distribution: DISTRIBUTION, 'invalidation-timeout': '60' });
    const message = failureOf(run);
    expect(message).toContain('TooManyInvalidationsInProgress');
    expect(message).toContain('invalidation-timeout (60 s) ran out');
    expect(message).toContain('The files are deployed');
    expect(message).toContain('the next deploy (a re-run will do) sends them again');
    const sent = requestsOf('CreateInvalidation').at(-1)?.paths ?? [];
    expect(sent.length).toBeGreaterThan(0);
    expect(message).toContain(
      `aws cloudfront create-invalidation --distribution-id ${DISTRIBUTION} --paths ${sent.map((path) => `'${path}'`).join(' ')}`,
    );
    expect(run.sleeps.length).toBeGreaterThanOrEqual(4);
    expect(total(run.sleeps)).toBeLessThanOrEqual(60_000);
    expect(cloudFront.invalidations(DISTRIBUTION)).toHaveLength(0);
    expect(await world.keys()).toHaveLength(FIXTURE_FILE_COUNT + 2); // site, state (with the lock), record
  });

  test('paths whose invalidation failed are sent by the next deploy, even when nothing changed', async () => {
    await deployed();
    editPage();
    cloudFront.failNext(1000, 'TooManyInvalidationsInProgress');
    const failed = await attempt({ distribution: DISTRIBUTION, 'invalidation-timeout': '60' });
    expect(failureOf(failed)).toContain(`The paths stay recorded in ${STATE_FILE_NAME}`);
    cloudFront.clearFaults();
    const rerun = await deployed({ distribution: DISTRIBUTION });
    expect(rerun.result.plan.uploads).toHaveLength(0);
    const sent = cloudFront.invalidations(DISTRIBUTION);
    expect(sent).toHaveLength(1);
    expect(sent[0]?.paths.slice().sort()).toEqual([`/${dirname(EDITED_PAGE)}/`, `/${EDITED_PAGE}`]);
    const again = await deployed({ distribution: DISTRIBUTION });
    expect(again.result.invalidations).toEqual([]);
  });

  test('AccessDenied is not retried and names cloudfront:CreateInvalidation on the distribution ARN', async () => {
    cloudFront.failNext(1, 'AccessDenied');
    const run = await attempt({ distribution: DISTRIBUTION });
    const message = failureOf(run);
    expect(message).toContain(
      `Missing permission: cloudfront:CreateInvalidation on arn:aws:cloudfront::*:distribution/${DISTRIBUTION}`,
    );
    expect(message).toMatch(
      /"Action": \[\s*"cloudfront:CreateInvalidation"\s*\],\s*"Resource": "arn:aws:cloudfront::\*:distribution\/E2EXAMPLE123"/,
    );
    expect(message).toContain('The files are deployed');
    expect(requestsOf('CreateInvalidation')).toHaveLength(1);
    expect(run.sleeps).toEqual([]);
  });
});

describe('an unknown distribution', () => {
  test('is refused before anything is written, naming the ID and the distribution input', async () => {
    const message = failureOf(await attempt({ distribution: UNKNOWN_DISTRIBUTION }));
    expect(message).toContain(
      `CloudFront distribution "${UNKNOWN_DISTRIBUTION}" does not exist (NoSuchDistribution)`,
    );
    expect(message).toContain('Check the "distribution" input');
    expect(await world.keys()).toEqual([]);
    expect(requestsOf('CreateInvalidation')).toEqual([]);
  });

  test('without GetDistributionConfig, ListInvalidations still refuses it before anything is written', async () => {
    await useCloudFront({ deny: ['GetDistributionConfig'] });
    const message = failureOf(await attempt({ distribution: UNKNOWN_DISTRIBUTION }));
    expect(message).toContain(`"${UNKNOWN_DISTRIBUTION}" does not exist (NoSuchDistribution)`);
    expect(requestsOf('ListInvalidations')).toHaveLength(1);
    expect(await world.keys()).toEqual([]);
  });

  test('without GetDistributionConfig nor ListInvalidations, one warning and the deploy goes on', async () => {
    await useCloudFront({ deny: ['GetDistributionConfig', 'ListInvalidations'] });
    const { result, log } = await deployed({ distribution: DISTRIBUTION });
    const warnings = warningsOf(log);
    expect(warnings).toEqual([
      expect.stringMatching(
        /^warning: Could not read the config of CloudFront distribution\(s\) E2EXAMPLE123: cloudfront:GetDistributionConfig on arn:aws:cloudfront::\*:distribution\/E2EXAMPLE123 is not allowed\..*cloudfront:ListInvalidations is not allowed either/,
      ),
    ]);
    expect(result.invalidations[0]?.ids).toHaveLength(1);
    expect(result.invalidations[0]?.verified).toBe(false);
  });

  test('found only when invalidating (no check allowed) says the files are deployed', async () => {
    await useCloudFront({ deny: ['GetDistributionConfig', 'ListInvalidations'] });
    const message = failureOf(await attempt({ distribution: UNKNOWN_DISTRIBUTION }));
    expect(message).toContain(`"${UNKNOWN_DISTRIBUTION}" does not exist (NoSuchDistribution)`);
    expect(message).toContain('Check the "distribution" input');
    expect(message).toContain('The files are deployed');
    expect(await world.keys()).toHaveLength(FIXTURE_FILE_COUNT + 2); // site, state (with the lock), record
  });
});

describe('wait-for-invalidation', () => {
  test('polls GetInvalidation until Completed and reports the seconds waited', async () => {
    await useCloudFront({ completeAfterGets: 3 });
    const { result, sleeps, settings } = await deployed({
      distribution: DISTRIBUTION,
      'wait-for-invalidation': 'true',
    });
    const id = result.invalidations[0]?.ids[0] ?? '';
    expect(requestsOf('GetInvalidation').map((request) => request.path)).toEqual(
      Array(4).fill(`/2020-05-31/distribution/${DISTRIBUTION}/invalidation/${id}`),
    );
    expect(sleeps).toEqual([5000, 7500, 11250]);
    expect(result.invalidations[0]?.waitedSeconds).toBe(Math.round(total(sleeps) / 1000));
    expect(cloudFront.invalidations(DISTRIBUTION)[0]?.status).toBe('Completed');
    expect(summaryMarkdown(result, settings, ORIGIN)).toContain('completed after 24 s');
  });

  test('an invalidation still in progress at invalidation-timeout fails the deploy, saying so', async () => {
    await useCloudFront({ completeAfterGets: Number.POSITIVE_INFINITY });
    const run = await attempt({
      distribution: DISTRIBUTION,
      'wait-for-invalidation': 'true',
      'invalidation-timeout': '30',
    });
    const [invalidation] = cloudFront.invalidations(DISTRIBUTION);
    expect(failureOf(run)).toMatch(
      new RegExp(
        `^Invalidation ${invalidation?.id} on ${DISTRIBUTION} is still in progress after waiting \\d+ s: invalidation-timeout \\(30 s\\) ran out\\. The files are deployed`,
      ),
    );
    expect(total(run.sleeps)).toBeLessThanOrEqual(30_000);
    expect(invalidation?.status).toBe('InProgress');
  });
});

describe('a theme change touching 4,000 files', () => {
  const THEME_FOLDERS = ['css', 'js', 'icons', 'fonts'];
  const PAGES = ['index.html', 'about/index.html', 'posts/a/index.html', 'posts/b/index.html'];

  /** 1,000 small files in each theme folder, their content marked with the theme version. */
  async function writeTheme(tree: string, version: string): Promise<void> {
    await Promise.all(
      THEME_FOLDERS.flatMap((folder) => {
        mkdirSync(join(tree, 'theme', folder), { recursive: true });
        return Array.from({ length: 1000 }, (_, i) =>
          writeFile(join(tree, 'theme', folder, `${i}.txt`), `${version} ${folder} ${i}`),
        );
      }),
    );
  }

  test('sends one scoped wildcard and the changed page, not 4,000 paths nor /*', async () => {
    const tree = mkdtempSync(join(tmpdir(), 'theme-site-'));
    try {
      await writeTheme(tree, 'v1');
      for (const page of PAGES) {
        mkdirSync(dirname(join(tree, page)), { recursive: true });
        writeFileSync(join(tree, page), `<p>${page}</p>`);
      }
      await deployed({ dir: tree, concurrency: '64' });

      await writeTheme(tree, 'v2');
      writeFileSync(join(tree, 'posts/a/index.html'), '<p>edited</p>');
      const { result } = await deployed({
        dir: tree,
        concurrency: '64',
        distribution: DISTRIBUTION,
      });
      expect(result.plan.uploads).toHaveLength(4001);
      expect(result.plan.uploads.every((upload) => upload.reason === 'changed')).toBe(true);
      // 4,000 theme URLs and the page with its pretty URL, past the default budget of 50 paths.
      expect(result.invalidations[0]).toMatchObject({
        paths: ['/posts/a/', '/posts/a/index.html', '/theme/*'],
        exactPathCount: 4002,
        collapsed: true,
      });
      expect(requestsOf('CreateInvalidation').map((request) => request.paths)).toEqual([
        ['/posts/a/', '/posts/a/index.html', '/theme/*'],
      ]);
    } finally {
      rmSync(tree, { recursive: true, force: true });
    }
  }, 120_000);
});

describe('the invalidate input', () => {
  test('all sends /* and nothing else', async () => {
    const { result } = await deployed({ distribution: DISTRIBUTION, invalidate: 'all' });
    expect(result.invalidations[0]?.paths).toEqual(['/*']);
    expect(requestsOf('CreateInvalidation').map((request) => request.paths)).toEqual([['/*']]);
  });

  test('none makes no CloudFront request at all', async () => {
    const { result } = await deployed({ distribution: DISTRIBUTION, invalidate: 'none' });
    editPage();
    await deployed({ distribution: DISTRIBUTION, invalidate: 'none' });
    expect(result.invalidations).toEqual([]);
    expect(cloudFront.requests).toEqual([]);
  });

  test('extra paths are added to the changed ones', async () => {
    await deployed();
    editPage();
    const { result } = await deployed({
      distribution: DISTRIBUTION,
      invalidate: 'changed\n/feed.xml',
    });
    expect(result.invalidations[0]?.paths).toEqual(['/feed.xml', ...EDITED_PAGE_PATHS]);
  });

  test('with nothing changed, all invalidates nothing', async () => {
    await deployed();
    const { result } = await deployed({ distribution: DISTRIBUTION, invalidate: 'all' });
    expect(result.invalidations).toEqual([]);
    expect(cloudFront.requests).toEqual([]);
  });

  test.each([
    ['changed', 'changed\n/feed.xml'],
    ['all', 'all\n/feed.xml'],
    ['none', 'none\n/feed.xml'],
  ])(
    'with nothing changed and mode %s, the extra paths are still sent, alone',
    async (_mode, invalidate) => {
      await deployed();
      const { result } = await deployed({ distribution: DISTRIBUTION, invalidate });
      expect(result.invalidations[0]?.paths).toEqual(['/feed.xml']);
    },
  );

  test('every deploy gets its own invalidation, even for the same paths', async () => {
    await deployed();
    editPage('first edit');
    await deployed({ distribution: DISTRIBUTION });
    editPage('second edit');
    await deployed({ distribution: DISTRIBUTION });
    const invalidations = cloudFront.invalidations(DISTRIBUTION);
    expect(invalidations.map((invalidation) => invalidation.paths)).toEqual([
      EDITED_PAGE_PATHS,
      EDITED_PAGE_PATHS,
    ]);
    expect(invalidations[1]?.callerReference).not.toBe(invalidations[0]?.callerReference);
  });
});

describe('the job summary', () => {
  test('links the invalidation to the console, lists the paths sent, and counts the URLs they cover', async () => {
    const { result, settings } = await deployed({
      distribution: DISTRIBUTION,
      'invalidation-max-paths': '10',
    });
    const invalidation = result.invalidations[0];
    const id = invalidation?.ids[0] ?? '';
    expect(invalidation?.collapsed).toBe(true);
    const markdown = summaryMarkdown(result, settings, ORIGIN);
    expect(markdown).toContain(`[<code>${id}</code>](${consoleUrl(DISTRIBUTION, id)})`);
    for (const path of invalidation?.paths ?? [])
      expect(markdown).toContain(`<li><code>${escapeHtml(path)}</code></li>`);
    expect(markdown).toContain(`${invalidation?.exactPathCount} changed URLs`);
    expect(markdown).toContain('invalidation-max-paths (10)');
  });
});
