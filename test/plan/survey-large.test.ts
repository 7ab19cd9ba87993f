import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClients } from '../../src/aws/clients.js';
import { createDeployContext } from '../../src/aws/create-context.js';
import { memoryLogger } from '../../src/base/logger.js';
import { FAVOUR_MEMORY_AFTER_FILES, favouringMemory } from '../../src/base/memory-mode.js';
import { parseSettings } from '../../src/inputs/settings.js';
import { md5OfFileSync } from '../../src/local/hashing.js';
import { survey } from '../../src/plan/survey.js';
import { BUCKET, startWorld, type World } from '../support/deploy-world.js';
import { asUnprivilegedUser } from '../support/unprivileged.js';

// A tree large enough that the survey hashes most of it on worker threads (local/hash-pool.ts):
// every file must get the MD5 the main thread computes, and unreadable ones are skipped, kept.
const FILES = 3000;
let world: World;
let dir: string;

beforeAll(async () => {
  world = await startWorld();
  dir = mkdtempSync(join(tmpdir(), 'survey-large-'));
  chmodSync(dir, 0o755);
  for (let folder = 0; folder < 30; folder++) {
    mkdirSync(join(dir, `part-${folder}`));
    for (let i = 0; i < FILES / 30; i++) {
      writeFileSync(
        join(dir, `part-${folder}`, `page-${i}.html`),
        `<p>${folder} ${i}</p>`.repeat(i),
      );
    }
  }
  // One unreadable file per folder: some fall in the main thread's share, some in the workers'.
  for (let folder = 0; folder < 30; folder++) {
    writeFileSync(join(dir, `part-${folder}`, 'locked.html'), 'secret');
    chmodSync(join(dir, `part-${folder}`, 'locked.html'), 0o000);
  }
}, 60_000);

afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await world.stop();
});

function surveyOf(folder: string, logger = memoryLogger()) {
  const inputs: Record<string, string> = {
    dir: folder,
    bucket: BUCKET,
    endpoint: world.s3Server.endpoint,
    region: 'us-east-1',
  };
  const settings = parseSettings((name) => inputs[name] ?? '');
  return survey(createDeployContext(settings, createClients(settings), logger));
}

describe('the survey of a large tree', () => {
  it('hashes every file as the main thread does, and skips the unreadable ones', async () => {
    const logger = memoryLogger();
    const found = await asUnprivilegedUser(() => surveyOf(dir, logger));
    expect(found.local).toHaveLength(FILES);
    const buffer = Buffer.allocUnsafe(1024 * 1024);
    const wrong = found.local.filter((file) => file.md5 !== md5OfFileSync(file.path, buffer));
    expect(wrong).toEqual([]);
    const locked = Array.from({ length: 30 }, (_, folder) => `part-${folder}/locked.html`);
    expect([...found.skipped].sort()).toEqual(locked.sort());
    for (const key of locked) {
      expect(logger.lines).toContain(
        `warning: Skipped ${key}: permission denied (EACCES); its object in the bucket, if any, is kept.`,
      );
    }
  });

  it(`leaves V8's collector alone up to ${FAVOUR_MEMORY_AFTER_FILES} files and favours memory from there`, async () => {
    // The tree above (3,030 files) ran first, in this process.
    expect(favouringMemory()).toBe(false);
    const larger = mkdtempSync(join(tmpdir(), 'survey-larger-'));
    for (let i = 0; i < FAVOUR_MEMORY_AFTER_FILES; i++)
      writeFileSync(join(larger, `f${i}.txt`), `${i}`);
    try {
      expect((await surveyOf(larger)).local).toHaveLength(FAVOUR_MEMORY_AFTER_FILES);
      expect(favouringMemory()).toBe(true);
    } finally {
      rmSync(larger, { recursive: true, force: true });
    }
  }, 60_000);
});
