import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { GetObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import type { DeployResult } from '../../src/report/deploy-result.js';
import {
  type AttemptOptions,
  attemptDeploy,
  BUCKET,
  copyOfFixture,
  type DeployAttempt,
  type Inputs,
  startWorld,
  type World,
} from './deploy-world.js';
import type { S3RequestRecord } from './s3-exchange.js';
import { type S3FaultProxy, startS3FaultProxy } from './s3-fault-proxy.js';

export const MiB = 1024 * 1024;

export { attemptDeploy, type DeployAttempt, type Inputs };

/** The deploy world with the fault proxy in front of s3rver, and a private copy of the site. */
export interface FaultWorld {
  readonly world: World;
  readonly proxy: S3FaultProxy;
  readonly site: { readonly dir: string; remove(): void };
  /** Deploys the site through the proxy; never throws. */
  attempt(inputs?: Inputs, options?: AttemptOptions): Promise<DeployAttempt>;
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
    attempt: (inputs = {}, options = {}) =>
      attemptDeploy({ dir: site.dir, ...inputs }, proxy.endpoint, options),
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
