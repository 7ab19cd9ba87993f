// `npm run demo [-- [--reset] [DIR]]`: deploys a site with the bundled CLI to a loopback S3
// server and CloudFront endpoint, so a newcomer sees a real deploy without an AWS account.
// S3's data stays in .demo/s3, so the second run finds the first run's objects.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { startCloudFrontServer } from '../test/support/cloudfront-server.js';
import { startS3FaultProxy } from '../test/support/s3-fault-proxy.js';
import { S3RVER_CREDENTIALS } from '../test/support/s3-server.js';

const ROOT = join(import.meta.dirname, '..');
const DEMO = join(ROOT, '.demo');
const CLI = join(ROOT, 'dist', 'cli', 'index.js');
const FIXTURE = 'test/fixtures/pelican-site';
const BUCKET = 'demo-site';
const DISTRIBUTION = 'E2EXAMPLE123';

const { values, positionals } = parseArgs({
  options: { reset: { type: 'boolean', default: false } },
  allowPositionals: true,
});
const site = positionals[0] ?? FIXTURE;
if (values.reset) {
  rmSync(DEMO, { recursive: true, force: true });
  console.log('Wiped .demo/: this run starts from an empty bucket.');
}
const missing = !existsSync(CLI) ? 'dist/cli/index.js: run `npm run bundle` first' : site;
if (!existsSync(CLI) || !existsSync(site)) {
  console.error(`Not found: ${missing}.`);
  process.exit(1);
}
mkdirSync(join(DEMO, 's3'), { recursive: true });

console.log(
  `Demo: publishing ${site} to s3://${BUCKET} on a local S3 server (data in .demo/s3)\n` +
    `and a local CloudFront endpoint. No AWS account involved.\n`,
);
// s3rver's paginated listings need DES; only its process gets the legacy OpenSSL provider.
const s3 = spawn(
  process.execPath,
  [join(ROOT, 'test', 'support', 's3rver-process.cjs'), join(DEMO, 's3'), BUCKET],
  {
    env: { ...process.env, NODE_OPTIONS: '--openssl-legacy-provider' },
    stdio: ['ignore', 'pipe', 'inherit'],
  },
);
// The endpoint describes one distribution whose origin is the demo's bucket, as a real one would:
// the CLI refuses a distribution that does not serve the bucket it deploys.
const cloudFront = await startCloudFrontServer({
  distributions: [
    { id: DISTRIBUTION, origins: [{ domainName: `${BUCKET}.s3.us-east-1.amazonaws.com` }] },
  ],
});
let exitCode = 1;
try {
  const s3Port = await firstLinePort(s3);
  // s3rver ignores conditional writes; the proxy in front honours them, as AWS S3 does, so the
  // demo's deploy lock is the real one (straight on s3rver it would warn that it is advisory).
  // The proxy's own SDK client would print the SDK's Node warning; the CLI prints its one line.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  const proxy = await startS3FaultProxy(`http://127.0.0.1:${s3Port}`);
  try {
    exitCode = await runCli(proxy.endpoint, cloudFront.endpoint);
  } finally {
    await proxy.stop();
  }
} finally {
  s3.kill();
  await cloudFront.stop();
}

process.exitCode = exitCode;
// After a failure the error above is the next thing to read, not a list of things to try.
if (exitCode !== 0) process.exit();

const copy = relative(process.cwd(), join(DEMO, 'site'));
const tries: Array<[command: string, what: string]> = [
  ['npm run demo', 'again: nothing to upload'],
  // `/.` copies the contents: run twice, it refreshes the copy instead of nesting a second one.
  [`cp -r ${FIXTURE}/. ${copy}`, 'a copy to play with'],
  [`echo '<p>edited</p>' >> ${copy}/about/index.html`, 'change a page'],
  [`rm ${copy}/favicon.ico`, 'remove a file'],
  [`npm run demo -- ${copy}`, 'one upload, one delete, exact invalidation'],
  ['npm run demo -- --reset', 'start over from an empty bucket'],
];
const width = Math.max(...tries.map(([command]) => command.length));
console.log('\nTry next:');
for (const [command, what] of tries) console.log(`  ${command.padEnd(width)}  # ${what}`);

function firstLinePort(child: ChildProcess): Promise<number> {
  return new Promise((resolve, reject) => {
    if (!child.stdout) return reject(new Error('s3rver has no stdout'));
    createInterface({ input: child.stdout }).once('line', (line) => {
      resolve((JSON.parse(line) as { port: number }).port);
    });
    child.once('exit', (code) => reject(new Error(`s3rver exited with ${code}`)));
  });
}

/** Runs dist/cli/index.js as a user would, its output streamed to this terminal. */
function runCli(s3Endpoint: string, cloudFrontEndpoint: string): Promise<number> {
  const args = [
    ...[CLI, site, `s3://${BUCKET}`, '--distribution', DISTRIBUTION, '--delete-removed'],
    ...['--cache-control', 'theme/**: public, max-age=31536000, immutable'],
    ...['--cache-control', '*.html: no-cache'],
  ];
  const env = {
    ...process.env,
    AWS_ACCESS_KEY_ID: S3RVER_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: S3RVER_CREDENTIALS.secretAccessKey,
    AWS_REGION: 'us-east-1',
    AWS_ENDPOINT_URL_S3: s3Endpoint,
    AWS_ENDPOINT_URL_CLOUDFRONT: cloudFrontEndpoint,
    // A real profile or session token in the caller's shell must not leak into the demo.
    AWS_PROFILE: undefined,
    AWS_SESSION_TOKEN: undefined,
  };
  const shown = args.slice(1).map((arg) => (arg.includes(' ') ? `'${arg}'` : arg));
  console.log(`$ s3-cf-sync ${shown.join(' ')}\n`);
  const cli = spawn(process.execPath, args, { env, stdio: 'inherit' });
  return new Promise((resolve) => cli.once('exit', (code) => resolve(code ?? 1)));
}
