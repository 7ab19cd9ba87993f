import { execFile } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { BUCKET, DISTRIBUTION } from './support/deploy-world.js';
import { type FaultWorld, startFaultWorld } from './support/fault-world.js';
import { checkoutOfAction, runStep } from './support/runner-step.js';

// dist/index.js as the runner runs it, through the fault proxy, when the world is not kind.
const run = promisify(execFile);
const EDITED = Array.from({ length: 10 }, (_, i) => `notes/note-${i}.html`);

let checkout: { dir: string; remove(): void };
beforeAll(() => {
  checkout = checkoutOfAction();
});
afterAll(() => checkout.remove());

let fw: FaultWorld;
beforeEach(async () => {
  fw = await startFaultWorld();
});
afterEach(async () => {
  await fw.stop();
});

const endpoints = () => ({ s3: fw.proxy.endpoint, cloudFront: fw.world.cloudFront.endpoint });
const step = (inputs: Record<string, string>, options?: Parameters<typeof runStep>[4]) =>
  runStep(
    process.execPath,
    checkout.dir,
    endpoints(),
    { dir: fw.site.dir, bucket: BUCKET, ...inputs },
    options,
  );

describe('a deploy killed part way', () => {
  test('SIGKILL after 4 of 10 uploads, then a re-run: every changed path is invalidated', async () => {
    await fw.seed({ distribution: DISTRIBUTION });
    mkdirSync(join(fw.site.dir, 'notes'));
    for (const key of EDITED) writeFileSync(join(fw.site.dir, key), `<p>${key}</p>\n`);
    // The fifth upload never gets an answer: the job is cancelled while it waits.
    fw.proxy.addRule({ operation: 'PutObject', key: /^notes\//, after: 4, respond: 'hang' });
    const inputs = { distribution: DISTRIBUTION, concurrency: '1' };
    const killed = await step(inputs, {
      started: (child) => {
        const timer = setInterval(() => {
          const notes = fw.requests('PutObject').filter((r) => r.key?.startsWith('notes/'));
          if (notes.length === 5) {
            clearInterval(timer);
            child.kill('SIGKILL');
          }
        }, 20);
        child.once('close', () => clearInterval(timer));
      },
    });
    expect(killed.signal).toBe('SIGKILL');
    const uploadedBeforeKill = fw
      .requests('PutObject')
      .filter((r) => r.key?.startsWith('notes/') && r.status === 200);
    expect(uploadedBeforeKill).toHaveLength(4);
    expect(fw.world.cloudFront.invalidations(DISTRIBUTION)).toHaveLength(1); // the seed's

    fw.proxy.clearRules();
    // The re-run of the same workflow run takes the dead attempt's lock over at once.
    const rerun = await step(inputs, { env: { GITHUB_RUN_ATTEMPT: '2' } });
    expect(rerun.exitCode, rerun.stdout).toBe(0);
    expect(rerun.outputs.uploaded).toBe('6');
    const sent = fw.world.cloudFront
      .invalidations(DISTRIBUTION)
      .slice(1)
      .flatMap((i) => i.paths);
    for (const key of EDITED) expect(sent).toContain(`/${key}`);
    expect(rerun.summary).toMatch(/4 paths? carried over from an earlier unfinished deploy/);
    expect(rerun.stdout).toContain('Took over the deploy lock of run octo/blog#4242 attempt 1');

    // Nothing is left pending: the next deploy has nothing to do.
    const again = await step(inputs, { env: { GITHUB_RUN_ATTEMPT: '3' } });
    expect(again.outputs['invalidation-id']).toBe('');
    expect(fw.world.cloudFront.invalidations(DISTRIBUTION)).toHaveLength(2);
  });
});

describe('a deploy killed while it takes its lock', () => {
  // The lock with the intent and the record "started" go out together; the first site write
  // waits for both. A kill with the record landed and the lock's write hanging leaves no site
  // write and no lock; a plain re-run deploys everything and leaves nothing locked.
  const RECORD = /^\.s3-cf-sync\.deploy\./;
  const STATE = '.s3-cf-sync.json';
  test('SIGKILL while the lock hangs and the record "started" has landed, then a re-run deploys it all', async () => {
    await fw.seed({ distribution: DISTRIBUTION });
    mkdirSync(join(fw.site.dir, 'notes'));
    for (const name of EDITED) writeFileSync(join(fw.site.dir, name), `<p>${name}</p>\n`);
    // The seed went straight to s3rver: the proxy's first state write is this deploy's lock.
    fw.proxy.addRule({ operation: 'PutObject', key: STATE, times: 1, respond: 'hang' });
    const puts = (key: string | RegExp) =>
      fw
        .requests('PutObject')
        .filter((r) => (typeof key === 'string' ? r.key === key : key.test(r.key ?? '')));
    const inputs = { distribution: DISTRIBUTION };
    const killed = await step(inputs, {
      started: (child) => {
        const timer = setInterval(() => {
          if (puts(STATE).length > 0 && puts(RECORD)[0]?.status === 200) {
            clearInterval(timer);
            child.kill('SIGKILL');
          }
        }, 20);
        child.once('close', () => clearInterval(timer));
      },
    });
    expect(killed.signal).toBe('SIGKILL');
    // Nothing of the site was sent, and CloudFront has only the seed's invalidation.
    expect(fw.requests('PutObject').filter((r) => r.key?.startsWith('notes/'))).toEqual([]);
    expect(fw.world.cloudFront.invalidations(DISTRIBUTION)).toHaveLength(1);
    // No lock; the record is an incomplete deploy that wrote nothing.
    expect(JSON.parse(await fw.world.body(STATE)).lock).toBeUndefined();
    const records = (await fw.world.keys()).filter((name) => RECORD.test(name)).sort();
    expect(JSON.parse(await fw.world.body(records.at(-1) ?? '')).status).toBe('started');

    fw.proxy.clearRules();
    const rerun = await step(inputs, { env: { GITHUB_RUN_ATTEMPT: '2' } });
    expect(rerun.exitCode, rerun.stdout).toBe(0);
    expect(rerun.outputs.uploaded).toBe(String(EDITED.length));
    for (const name of EDITED) expect(await fw.world.body(name)).toBe(`<p>${name}</p>\n`);
    const [, again] = fw.world.cloudFront.invalidations(DISTRIBUTION);
    for (const name of EDITED) expect(again?.paths).toContain(`/${name}`);
    const released = JSON.parse(await fw.world.body(STATE));
    expect(released.lock).toBeUndefined();
    expect(released.pendingInvalidation).toEqual([]);
    const after = (await fw.world.keys()).filter((name) => RECORD.test(name)).sort();
    expect(JSON.parse(await fw.world.body(after.at(-1) ?? '')).status).toBe('complete');
  });
});

describe('a deploy killed after its last site write', () => {
  // The record's end and CreateInvalidation go out together, then the state with the lock
  // released. A kill while one of those last writes hangs leaves the intent and the lock; a plain
  // re-run takes them over, invalidates the intent's keys again and releases.
  const RECORD = /^\.s3-cf-sync\.deploy\./;
  test.each([
    ["the record's end", RECORD, 1, 'started'],
    ['the release', '.s3-cf-sync.json', 2, 'complete'],
  ] as const)(
    'SIGKILL while %s hangs, then a re-run: nothing stale, nothing locked',
    async (_what, key, after, status) => {
      await fw.seed({ distribution: DISTRIBUTION });
      mkdirSync(join(fw.site.dir, 'notes'));
      for (const name of EDITED) writeFileSync(join(fw.site.dir, name), `<p>${name}</p>\n`);
      // The state's writes: the lock with the intent, the conditional-write probe, the release.
      // The record's: "started", then its end.
      fw.proxy.addRule({ operation: 'PutObject', key, after, respond: 'hang' });
      const hung = () =>
        fw
          .requests('PutObject')
          .filter((r) => (typeof key === 'string' ? r.key === key : key.test(r.key ?? '')));
      const inputs = { distribution: DISTRIBUTION };
      const killed = await step(inputs, {
        started: (child) => {
          const timer = setInterval(() => {
            // The hanging write has arrived, and CreateInvalidation (beside the record's end) too.
            if (
              hung().length > after &&
              fw.world.cloudFront.invalidations(DISTRIBUTION).length === 2
            ) {
              clearInterval(timer);
              child.kill('SIGKILL');
            }
          }, 20);
          child.once('close', () => clearInterval(timer));
        },
      });
      expect(killed.signal).toBe('SIGKILL');
      const uploaded = fw
        .requests('PutObject')
        .filter((r) => r.key?.startsWith('notes/') && r.status === 200);
      expect(uploaded).toHaveLength(EDITED.length);
      const [, sentBeforeKill] = fw.world.cloudFront.invalidations(DISTRIBUTION);
      for (const name of EDITED) expect(sentBeforeKill?.paths).toContain(`/${name}`);
      const state = JSON.parse(await fw.world.body('.s3-cf-sync.json'));
      expect(state.lock).toBeDefined();
      for (const name of EDITED) expect(state.pendingInvalidation).toContain(name);
      const records = (await fw.world.keys()).filter((name) => RECORD.test(name)).sort();
      const record = JSON.parse(await fw.world.body(records.at(-1) ?? ''));
      expect(record.status).toBe(status);

      fw.proxy.clearRules();
      const rerun = await step(inputs, { env: { GITHUB_RUN_ATTEMPT: '2' } });
      expect(rerun.exitCode, rerun.stdout).toBe(0);
      expect(rerun.outputs.uploaded).toBe('0');
      expect(rerun.stdout).toContain('Took over the deploy lock of run octo/blog#4242 attempt 1');
      const [, , again] = fw.world.cloudFront.invalidations(DISTRIBUTION);
      for (const name of EDITED) expect(again?.paths).toContain(`/${name}`);
      const released = JSON.parse(await fw.world.body('.s3-cf-sync.json'));
      expect(released.lock).toBeUndefined();
      expect(released.pendingInvalidation).toEqual([]);

      const third = await step(inputs, { env: { GITHUB_RUN_ATTEMPT: '3' } });
      expect(third.outputs['invalidation-id']).toBe('');
      expect(fw.world.cloudFront.invalidations(DISTRIBUTION)).toHaveLength(3);
    },
  );
});

describe('a cancelled job', () => {
  test('SIGTERM mid-upload stops writing and frees the lock: the next push deploys without waiting', async () => {
    await fw.seed({ distribution: DISTRIBUTION });
    mkdirSync(join(fw.site.dir, 'notes'));
    for (const key of EDITED) writeFileSync(join(fw.site.dir, key), `<p>${key}</p>\n`);
    fw.proxy.addRule({ operation: 'PutObject', key: /^notes\//, after: 2, respond: 'hang' });
    const inputs = { distribution: DISTRIBUTION, concurrency: '1' };
    const cancelled = await step(inputs, {
      started: (child) => {
        const timer = setInterval(() => {
          const notes = fw.requests('PutObject').filter((r) => r.key?.startsWith('notes/'));
          if (notes.length === 3) {
            clearInterval(timer);
            child.kill('SIGTERM');
          }
        }, 20);
        child.once('close', () => clearInterval(timer));
      },
    });
    expect(cancelled.exitCode).toBe(1);
    expect(cancelled.stdout).toContain(
      '::warning::The job was cancelled (SIGTERM) during the deploy',
    );
    // Released: the state has no lock, and it still holds the intent's keys for the next deploy.
    const state = JSON.parse(await fw.world.body('.s3-cf-sync.json'));
    expect(state.lock).toBeUndefined();
    expect(state.pendingInvalidation.length).toBeGreaterThan(0);

    fw.proxy.clearRules();
    // Another run (a new push), not a re-run: it may take the lock only because it was freed.
    const next = await step(inputs, { env: { GITHUB_RUN_ID: '4243' } });
    expect(next.exitCode, next.stdout).toBe(0);
    expect(next.stdout).not.toContain('Waiting for another deploy');
    const sent = fw.world.cloudFront
      .invalidations(DISTRIBUTION)
      .slice(1)
      .flatMap((i) => i.paths);
    for (const key of EDITED) expect(sent).toContain(`/${key}`);
  });
});

describe('a deploy that fails after doing some work', () => {
  test('writes a job summary saying what was done, what was not, the error, and that a re-run finishes', async () => {
    await fw.seed({ distribution: DISTRIBUTION });
    mkdirSync(join(fw.site.dir, 'notes'));
    for (const key of EDITED) writeFileSync(join(fw.site.dir, key), `<p>${key}</p>\n`);
    fw.proxy.addRule({ operation: 'PutObject', key: 'notes/note-7.html', respond: 'AccessDenied' });
    const failed = await step({ distribution: DISTRIBUTION, concurrency: '1' });
    expect(failed.exitCode).toBe(1);
    expect(failed.summary).toContain('### Deploy failed part way');
    expect(failed.summary).toContain('| Uploaded | 7 | 10 |');
    expect(failed.summary).toContain('| Deleted | 0 | 0 |');
    expect(failed.summary).toContain('s3:PutObject');
    expect(failed.summary).toContain('re-run finishes the job');
    expect(failed.summary).toContain('nothing was invalidated');
    expect(failed.summary).toContain('Planned changes');
    expect(fw.world.cloudFront.invalidations(DISTRIBUTION)).toHaveLength(1);
  });

  test('a deploy refused before writing says so in the summary', async () => {
    const failed = await step({ distribution: 'E0NOSUCHDIST0' });
    expect(failed.exitCode).toBe(1);
    expect(failed.summary).toContain('### Deploy failed: nothing was written');
    expect(failed.summary).toContain('E0NOSUCHDIST0');
  });
});

describe('file names that look like workflow commands', () => {
  const NAMES = [
    'x\n::error::pwned.html',
    'y\n::stop-commands::tok.txt',
    'z\u001b[2J\n::warning::cr.css',
  ];

  test('never start a line of the log, in the action or the CLI, and keep their exact names', async () => {
    for (const name of NAMES) writeFileSync(join(fw.site.dir, name), 'look at me\n');
    const action = await step({ distribution: DISTRIBUTION });
    expect(action.exitCode, action.stdout).toBe(0);
    const lines = (text: string) => text.split(/\r?\n|\r/).map((line) => line.trim());
    const injected = (line: string) =>
      /^::(error|stop-commands|warning)::(pwned|tok|cr)/.test(line);
    expect(lines(action.stdout).filter(injected)).toEqual([]);
    expect(action.stdout).toContain('Added x\\n::error::pwned.html');
    const keys = await fw.world.keys();
    for (const name of NAMES) expect(keys).toContain(name);

    for (const name of NAMES) writeFileSync(join(fw.site.dir, name), 'edited\n');
    const cli = await run(
      process.execPath,
      // --verbose: the per-file lines, where a name would do its harm, are printed.
      [join(checkout.dir, 'dist', 'cli', 'index.js'), fw.site.dir, `s3://${BUCKET}`, '--verbose'],
      { env: { ...process.env, AWS_ENDPOINT_URL_S3: fw.proxy.endpoint } },
    );
    expect([...lines(cli.stdout), ...lines(cli.stderr)].filter(injected)).toEqual([]);
    expect(cli.stdout).toContain('Updated x\\n::error::pwned.html');
  });
});

describe('outputs', () => {
  test('name a result file with the full lists, and say whether the inline lists were cut', async () => {
    const first = await step({ distribution: DISTRIBUTION });
    expect(first.exitCode, first.stdout).toBe(0);
    expect(first.outputs['lists-truncated']).toBe('false');
    const full = JSON.parse(first.outputs['result-file-content'] ?? '{}');
    expect(full.uploaded).toHaveLength(40);
    expect(full.changedPaths).toEqual(JSON.parse(first.outputs['changed-paths'] ?? '[]'));
    expect(full.invalidations[0].distribution).toBe(DISTRIBUTION);
    expect(full.invalidations[0].paths).toEqual(
      JSON.parse(first.outputs['invalidation-paths'] ?? '[]'),
    );
  });
});
