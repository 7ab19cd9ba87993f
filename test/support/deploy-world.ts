import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  S3Client,
} from '@aws-sdk/client-s3';
import { createClients } from '../../src/aws/clients.js';
import type { LockTiming } from '../../src/aws/context.js';
import { createDeployContext } from '../../src/aws/create-context.js';
import { memoryLogger } from '../../src/base/logger.js';
import { deploy } from '../../src/deploy.js';
import { type InputName, parseSettings, type Settings } from '../../src/inputs/settings.js';
import type { DeployResult } from '../../src/report/deploy-result.js';
import { rollback } from '../../src/rollback.js';
import { type CloudFrontServer, startCloudFrontServer } from './cloudfront-server.js';
import { S3RVER_CREDENTIALS, type S3Server, startS3Server } from './s3-server.js';

export const FIXTURE_SITE = join(import.meta.dirname, '..', 'fixtures', 'pelican-site');
export const DISTRIBUTION = 'E2EXAMPLE123';
export const BUCKET = 'site';
/** Files in the committed Pelican fixture. */
export const FIXTURE_FILE_COUNT = 40;

/** A real s3rver and the loopback CloudFront endpoint, reached through the real SDK over HTTP. */
export interface World {
  readonly s3Server: S3Server;
  readonly cloudFront: CloudFrontServer;
  /** A plain client for checking the bucket from the outside. */
  readonly s3: S3Client;
  /** Runs the engine with these inputs; waits are recorded, never slept. */
  deploy(inputs: Partial<Record<InputName, string>>, endpoint?: string): Promise<DeployRun>;
  keys(prefix?: string): Promise<string[]>;
  head(
    key: string,
  ): Promise<{ contentType?: string; cacheControl?: string; metadata: Record<string, string> }>;
  body(key: string): Promise<string>;
  stop(): Promise<void>;
}

export interface DeployRun {
  readonly result: DeployResult;
  readonly log: string[];
  readonly sleeps: number[];
}

export async function startWorld(): Promise<World> {
  const s3Server = await startS3Server([BUCKET]);
  const cloudFront = await startCloudFrontServer({ distributions: [DISTRIBUTION] });
  // Credentials and the CloudFront endpoint come from the environment, as in a real job.
  process.env.AWS_ACCESS_KEY_ID = S3RVER_CREDENTIALS.accessKeyId;
  process.env.AWS_SECRET_ACCESS_KEY = S3RVER_CREDENTIALS.secretAccessKey;
  process.env.AWS_ENDPOINT_URL_CLOUDFRONT = cloudFront.endpoint;
  const s3 = new S3Client({
    endpoint: s3Server.endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: S3RVER_CREDENTIALS,
  });
  return {
    s3Server,
    cloudFront,
    s3,
    async deploy(inputs, endpoint = s3Server.endpoint) {
      const run = await attemptDeploy(inputs, endpoint);
      if (run.result === undefined) throw run.error;
      return { result: run.result, log: run.log, sleeps: run.sleeps };
    },
    async keys(prefix = '') {
      const keys: string[] = [];
      let token: string | undefined;
      do {
        const page = await s3.send(
          new ListObjectsV2Command({
            Bucket: BUCKET,
            Prefix: prefix,
            ...(token ? { ContinuationToken: token } : {}),
          }),
        );
        keys.push(...(page.Contents ?? []).map((object) => object.Key ?? ''));
        token = page.NextContinuationToken;
      } while (token);
      return keys.sort();
    },
    async head(key) {
      const head = await s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: key }));
      return {
        ...(head.ContentType ? { contentType: head.ContentType } : {}),
        ...(head.CacheControl ? { cacheControl: head.CacheControl } : {}),
        metadata: head.Metadata ?? {},
      };
    },
    async body(key) {
      const response = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }));
      return (await response.Body?.transformToString()) ?? '';
    },
    async stop() {
      await Promise.all([s3Server.stop(), cloudFront.stop()]);
    },
  };
}

/** A private copy of the Pelican fixture that a test may edit. */
export function copyOfFixture(): { dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'site-'));
  cpSync(FIXTURE_SITE, dir, { recursive: true });
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export type Inputs = Partial<Record<InputName, string>>;

/**
 * The warnings of a log, without the one every deploy straight to s3rver earns: s3rver ignores
 * conditional writes, and the deploy says so (test/bucket/deploy-lock.test.ts checks that one).
 */
export function warningsOf(log: readonly string[]): string[] {
  return log.filter(
    (line) => line.startsWith('warning:') && !line.includes('does not support conditional writes'),
  );
}

/** One engine run that may fail: its outcome, and the log and waits it left either way. */
export interface DeployAttempt {
  readonly settings: Settings;
  readonly result: DeployResult | undefined;
  readonly error: unknown;
  readonly log: string[];
  readonly sleeps: number[];
}

export interface AttemptOptions {
  /** Sleep for real and read the real clock (deploys that wait for each other's lock). */
  readonly realClock?: boolean;
  readonly lockTiming?: LockTiming;
  /** The SDK's idle timeout, short for slow-link tests. */
  readonly idleTimeoutMs?: number;
}

/** Runs the engine like `world.deploy`, but keeps the log and the waits of a deploy that fails. */
export async function attemptDeploy(
  inputs: Inputs,
  endpoint: string,
  options: AttemptOptions = {},
): Promise<DeployAttempt> {
  const settings = parseSettings(
    (name) => ({ bucket: BUCKET, endpoint, region: 'us-east-1', ...inputs })[name] ?? '',
  );
  const logger = memoryLogger();
  const sleeps: number[] = [];
  let clock = 0;
  const clients = createClients(settings, logger, options.idleTimeoutMs);
  const created = createDeployContext(settings, clients, logger, {
    sleep: async (ms) => {
      sleeps.push(ms);
      if (options.realClock) await new Promise((resolve) => setTimeout(resolve, ms));
      else clock += ms;
    },
    now: () => Date.now() + clock,
  });
  const context = options.lockTiming ? { ...created, lockTiming: options.lockTiming } : created;
  try {
    // With rollback-to the engine rolls back, as the action does.
    const result = await (settings.rollbackTo ? rollback(context) : deploy(context));
    return { settings, result, error: undefined, log: logger.lines, sleeps };
  } catch (error) {
    return { settings, result: undefined, error, log: logger.lines, sleeps };
  }
}
