#!/usr/bin/env node
// node bench/cloudfront-process.mjs DELAY_MS ID=BUCKET[,ID=BUCKET...]
// The loopback CloudFront endpoint of the tests (test/support/cloudfront-server.ts, loaded
// through tsx), one distribution per bucket (origin BUCKET.s3.us-east-1.amazonaws.com), behind a
// proxy that waits DELAY_MS before forwarding each request, as the S3 proxy does.
// Prints {"port": N} on its first line (the delayed endpoint).
import { Agent, createServer, request as httpRequest } from 'node:http';
import { tsImport } from 'tsx/esm/api';

const [delayText, pairs] = process.argv.slice(2);
const delayMs = Number(delayText ?? 0);
const { startCloudFrontServer } = await tsImport(
  '../test/support/cloudfront-server.ts',
  import.meta.url,
);
const distributions = (pairs ?? '')
  .split(',')
  .filter(Boolean)
  .map((pair) => {
    const [id, bucket] = pair.split('=');
    return { id, origins: [{ domainName: `${bucket}.s3.us-east-1.amazonaws.com` }] };
  });
// Real invalidations complete within minutes; the loopback server's would stay in progress until
// polled, and after 15 wildcard paths in progress it refuses more (TooManyInvalidationsInProgress,
// which the action retries for invalidation-timeout): a deploy here would wait ten minutes.
const cloudfront = await startCloudFrontServer({ distributions, completeAfterMs: 1000 });
const agent = new Agent({ keepAlive: true });
const proxy = createServer((request, response) => {
  setTimeout(() => {
    const upstream = httpRequest(
      {
        host: '127.0.0.1',
        port: cloudfront.port,
        method: request.method,
        path: request.url,
        headers: request.headers,
        agent,
      },
      (answer) => {
        response.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(response);
      },
    );
    upstream.on('error', (error) => {
      if (!response.headersSent) response.writeHead(502);
      response.end(error.message);
    });
    request.pipe(upstream);
  }, delayMs);
});
proxy.listen(0, '127.0.0.1', () => {
  process.stdout.write(`${JSON.stringify({ port: proxy.address().port })}\n`);
});
