import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import {
  type FaultWorld,
  failureOf,
  MiB,
  md5,
  startFaultWorld,
  storedBytes,
  storedEtags,
  writeRandomFile,
} from '../support/fault-world.js';
import { awsMultipartEtag } from '../support/s3-multipart-etags.js';

const UPLOADS = ['PutObject', 'CreateMultipartUpload', 'UploadPart', 'CompleteMultipartUpload'];

let fw: FaultWorld;
beforeEach(async () => {
  fw = await startFaultWorld();
});
afterEach(async () => {
  await fw.stop();
});

describe('objects another tool uploaded in parts', () => {
  // The part sizes of the tools that wrote them, and a file size giving each several parts.
  const TOOLS = [
    { key: 'media/rclone.bin', size: 12_000_000, partSize: 5 * MiB, parts: 3 },
    { key: 'media/aws-cli.bin', size: 12_000_000, partSize: 8 * MiB, parts: 2 },
    { key: 'media/s3cmd.bin', size: 18_000_000, partSize: 15 * MiB, parts: 2 },
  ];

  test('are recognised by their multipart ETag: a re-deploy uploads nothing', async () => {
    const written = TOOLS.map((tool) => ({
      ...tool,
      bytes: writeRandomFile(fw.site.dir, tool.key, tool.size),
    }));
    await fw.seed();
    TOOLS.forEach(({ key, partSize }) => {
      fw.proxy.multipartEtags.set(key, { partSize });
    });

    const { result, error } = await fw.attempt();

    expect(error).toBeUndefined();
    expect(fw.requests(...UPLOADS)).toEqual([]);
    expect(result?.plan.uploads).toEqual([]);
    const seen = TOOLS.map(({ key }) => {
      const file = result?.plan.unchanged.find((unchanged) => unchanged.key === key);
      return file?.multipartEtag;
    });
    const expected = written.map(({ bytes, partSize }) => awsMultipartEtag(bytes, partSize));
    expect(seen).toEqual(expected);
    expect(expected.map((etag) => etag.split('-')[1])).toEqual(['3', '2', '2']);
  });

  test('a changed file of the same size is re-uploaded although its ETag is not an MD5', async () => {
    const [, tool] = TOOLS;
    if (!tool) throw new Error('no tool');
    const original = writeRandomFile(fw.site.dir, tool.key, tool.size);
    await fw.seed();
    fw.proxy.multipartEtags.set(tool.key, { partSize: tool.partSize });
    const changed = Buffer.from(original);
    changed[tool.size - 1] = (changed[tool.size - 1] ?? 0) ^ 0xff; // last byte, in the last part
    writeFileSync(join(fw.site.dir, tool.key), changed);

    const { result, error } = await fw.attempt();

    expect(error).toBeUndefined();
    expect(result?.plan.uploads.map((upload) => [upload.file.key, upload.reason])).toEqual([
      [tool.key, 'changed'],
    ]);
    const sitePuts = fw.requests('PutObject').filter((r) => !r.key?.startsWith('.s3-cf-sync'));
    expect(sitePuts.map((record) => record.key)).toEqual([tool.key]);
    expect((await storedEtags(fw.world)).get(tool.key)).toBe(md5(changed));
  });
});

describe('files above multipart-threshold', () => {
  const LARGE = 'media/talk.webm';

  test('are uploaded in parts, stored byte for byte, and unchanged on a re-deploy', async () => {
    const bytes = writeRandomFile(fw.site.dir, LARGE, 13 * MiB);
    // Like S3, the listing gives the object the ETag of its 8 MiB parts.
    fw.proxy.multipartEtags.set(LARGE, { partSize: 8 * MiB });

    const first = await fw.attempt({ 'multipart-threshold': '5MiB' });

    expect(first.error).toBeUndefined();
    const requests = fw.requests(...UPLOADS).filter((record) => record.key === LARGE);
    expect(requests.map((record) => record.operation)).toEqual([
      'CreateMultipartUpload',
      'UploadPart',
      'UploadPart',
      'CompleteMultipartUpload',
    ]);
    expect(md5(await storedBytes(fw.world, LARGE))).toBe(md5(bytes));

    fw.proxy.operations.length = 0;
    const again = await fw.attempt({ 'multipart-threshold': '5MiB' });
    expect(again.error).toBeUndefined();
    expect(fw.requests(...UPLOADS)).toEqual([]);
    const unchanged = again.result?.plan.unchanged.find((file) => file.key === LARGE);
    expect(unchanged?.multipartEtag).toBe(awsMultipartEtag(bytes, 8 * MiB));
  });

  test('a refused part aborts the upload, so no parts are left to be billed', async () => {
    writeRandomFile(fw.site.dir, LARGE, 13 * MiB);
    fw.proxy.addRule({ operation: 'UploadPart', respond: 'AccessDenied' });

    const attempt = await fw.attempt({ 'multipart-threshold': '5MiB' });

    expect(failureOf(attempt)).toContain('s3:PutObject on arn:aws:s3:::site/*');
    const uploadIds = (operation: string) =>
      fw
        .requests(operation)
        .map((record) => new URL(record.url, 'http://s3').searchParams.get('uploadId'));
    const parts = uploadIds('UploadPart');
    expect(parts.length).toBeGreaterThan(0);
    expect(uploadIds('AbortMultipartUpload')).toEqual([parts[0]]);
    expect(fw.requests('CompleteMultipartUpload')).toEqual([]);
    expect(await fw.world.keys()).not.toContain(LARGE);
  });
});
