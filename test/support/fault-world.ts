import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { GetObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { createClients } from '../../src/clients.js';
import { createDeployContext } from '../../src/create-context.js';
import { type DeployResult, deploy } from '../../src/deploy.js';
import { memoryLogger } from '../../src/logger.js';
import { type InputName, parseSettings, type Settings } from '../../src/settings.js';
import { BUCKET, copyOfFixture, startWorld, type World } from './deploy-world.js';
import { type S3FaultProxy, type S3RequestRecord, startS3FaultProxy } from './s3-fault-proxy.js';

export const MiB = 1024 * 1024;

export type Inputs = Partial<Record<InputName, string>>;

/** One engine run that may fail: its outcome, and the log and waits it left either way. */
export interface DeployAttempt {
  readonly settings: Settings;
  readonly result: DeployResult | undefined;
  readonly error: unknown;
  readonly log: string[];
  readonly sleeps: number[];
}

/** The deploy world with the fault proxy in front of s3rver, and a private copy of the site. */
export interface FaultWorld {
  readonly world: World;
  readonly proxy: S3FaultProxy;
  readonly site: { readonly dir: string; remove(): void };
  /** Deploys the site through the proxy; never throws. */
  attempt(inputs?: Inputs): Promise<DeployAttempt>;
  /** Deploys the site straight to s3rver, to set the scene; the proxy sees nothing. */
  seed(inputs?: Inputs): Promise<DeployResult>;
  /** The requests the proxy recorded for these operations. */
  requests(...operations: string[]): S3RequestRecord[];
  stop(): Promise<void>;
}

export async function startFaultWorld(): Promise<FaultWorld> {
  const world = await startWorld();
  const proxy = await startS3FaultProxy(world.s3Server.endpoint);
  const site = copyOfFixture();
  return {
    world,
    proxy,
    site,
    attempt: (inputs = {}) => attemptDeploy({ dir: site.dir, ...inputs }, proxy.endpoint),
    seed: async (inputs = {}) => (await world.deploy({ dir: site.dir, ...inputs })).result,
    requests: (...operations) =>
      proxy.operations.filter((record) => operations.includes(record.operation)),
    async stop() {
      site.remove();
      await proxy.stop();
      await world.stop();
    },
  };
}

/** Like `world.deploy`, but keeps the log and the waits of a deploy that fails. */
export async function attemptDeploy(inputs: Inputs, endpoint: string): Promise<DeployAttempt> {
  const settings = parseSettings(
    (name) => ({ bucket: BUCKET, endpoint, region: 'us-east-1', ...inputs })[name] ?? '',
  );
  const logger = memoryLogger();
  const sleeps: number[] = [];
  let clock = 0;
  const context = createDeployContext(settings, createClients(settings, logger), logger, {
    sleep: async (ms) => {
      sleeps.push(ms);
      clock += ms;
    },
    now: () => Date.now() + clock,
  });
  try {
    const result = await deploy(context);
    return { settings, result, error: undefined, log: logger.lines, sleeps };
  } catch (error) {
    return { settings, result: undefined, error, log: logger.lines, sleeps };
  }
}

/** The message of a failed attempt; fails the test if the deploy succeeded. */
export function failureOf(attempt: DeployAttempt): string {
  if (attempt.error === undefined) throw new Error('expected the deploy to fail, it succeeded');
  return attempt.error instanceof Error ? attempt.error.message : String(attempt.error);
}

export function md5(bytes: Uint8Array | string): string {
  return createHash('md5').update(bytes).digest('hex');
}

/** Writes `size` random bytes at `dir/key` and returns them. */
export function writeRandomFile(dir: string, key: string, size: number): Buffer {
  const bytes = randomBytes(size);
  mkdirSync(dirname(join(dir, key)), { recursive: true });
  writeFileSync(join(dir, key), bytes);
  return bytes;
}

/** Key (relative to `dir`, `/`-separated) -> hex MD5 of every file under `dir`. */
export function localMd5s(dir: string): Map<string, string> {
  const md5s = new Map<string, string>();
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    md5s.set(relative(dir, path).split(sep).join('/'), md5(readFileSync(path)));
  }
  return md5s;
}

/** Key -> ETag (unquoted) of every object s3rver holds under `prefix`, read around the proxy. */
export async function storedEtags(world: World, prefix = ''): Promise<Map<string, string>> {
  const page = await world.s3.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: prefix }));
  return new Map(
    (page.Contents ?? []).map((object) => [
      (object.Key ?? '').slice(prefix.length),
      (object.ETag ?? '').replaceAll('"', ''),
    ]),
  );
}

/** The bytes s3rver holds for a key, read around the proxy. */
export async function storedBytes(world: World, key: string): Promise<Buffer> {
  const response = await world.s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }));
  return Buffer.from((await response.Body?.transformToByteArray()) ?? []);
}
