import { ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { S3RVER_CREDENTIALS, type S3Server, startS3Server } from './support/s3-server.js';

let server: S3Server;
beforeAll(async () => {
  server = await startS3Server(['site']);
});
afterAll(() => server.stop());

test('the loopback s3rver paginates listings through the real SDK', async () => {
  const s3 = new S3Client({
    endpoint: server.endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: S3RVER_CREDENTIALS,
    requestChecksumCalculation: 'WHEN_REQUIRED',
  });
  for (const key of ['a', 'b', 'c']) {
    await s3.send(new PutObjectCommand({ Bucket: 'site', Key: key, Body: key }));
  }
  const first = await s3.send(new ListObjectsV2Command({ Bucket: 'site', MaxKeys: 2 }));
  expect(first.Contents?.map((o) => o.Key)).toEqual(['a', 'b']);
  const second = await s3.send(
    new ListObjectsV2Command({ Bucket: 'site', ContinuationToken: first.NextContinuationToken }),
  );
  expect(second.Contents?.map((o) => o.Key)).toEqual(['c']);
});
