#!/usr/bin/env node
// node bench/s3-proxy.mjs UPSTREAM_PORT S3RVER_DIR DELAY_MS
// The S3 endpoint every tool of a bench run talks to: test/support/s3-sorted-listing.ts (loaded
// through tsx) in front of one s3rver on 127.0.0.1. Every request waits DELAY_MS first (a
// runner's round trip to S3); ListObjects is answered from a sorted index of each bucket, kept
// current on writes, as S3 answers it (s3rver re-reads every object's metadata file for every
// page, which would hide any listing strategy); If-None-Match and If-Match on writes are honoured
// as S3 honours them (s3rver ignores them). GET /__bench/stats?bucket=B answers the requests
// B received since the last call ({ counts, requests: [operation, start, end, status][] });
// /__bench/forget?bucket=B drops B's index. Prints {"port": N} on its first line.
import { tsImport } from 'tsx/esm/api';

const [upstreamPort, directory, delayText] = process.argv.slice(2);
const { startSortedListingProxy } = await tsImport(
  '../test/support/s3-sorted-listing.ts',
  import.meta.url,
);
const proxy = await startSortedListingProxy({
  upstreamPort: Number(upstreamPort),
  directory,
  delayMs: Number(delayText ?? 0),
  control: (path, bucket) => {
    if (path === '/__bench/forget') {
      proxy.forget(bucket);
      return {};
    }
    const requests = proxy.takeRequests(bucket);
    const counts = {};
    for (const [operation] of requests) counts[operation] = (counts[operation] ?? 0) + 1;
    return { counts, requests };
  },
});
process.stdout.write(`${JSON.stringify({ port: proxy.port })}\n`);
