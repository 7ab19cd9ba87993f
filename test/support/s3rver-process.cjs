// Runs s3rver in its own process: it needs --openssl-legacy-provider for paginated
// listings (its continuation token uses DES), which the code under test must not get.
const S3rver = require('s3rver');

const [directory, buckets] = process.argv.slice(2);
const server = new S3rver({
  address: '127.0.0.1',
  port: 0,
  silent: true,
  directory,
  configureBuckets: (buckets ?? '')
    .split(',')
    .filter(Boolean)
    .map((name) => ({ name })),
});
server.run().then(
  (address) => process.stdout.write(`${JSON.stringify(address)}\n`),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
