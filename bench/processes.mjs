// Child processes of the bench: every one is tracked and killed, and every temporary folder
// removed, on exit, error or signal; one timed run of a tool; CPU time of a process.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

const TIME = '/usr/bin/time';
const children = new Set();
const temporary = [];
let keepTemporary = false;
let cleanedUp = false;

export function track(child) {
  children.add(child);
  child.once('exit', () => children.delete(child));
}

export function removeOnExit(dir, { keep = false } = {}) {
  keepTemporary = keep;
  temporary.push(dir);
}

export function cleanup() {
  if (cleanedUp) return;
  cleanedUp = true;
  for (const child of children) {
    try {
      // Tool runs are process-group leaders (detached): end the group, i.e. time + the tool.
      if (child.groupLeader) process.kill(-child.pid, 'SIGKILL');
      else child.kill('SIGKILL');
    } catch {}
  }
  if (!keepTemporary) for (const dir of temporary) rmSync(dir, { recursive: true, force: true });
}

process.on('exit', cleanup);
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => {
    console.error(`bench: ${signal}, cleaning up`);
    cleanup();
    process.exit(130);
  });
}

/** Starts a helper process that prints {"port": N, ...} on its first line; resolves to it. */
export async function startListening(file, argv, env) {
  const child = spawn(file, argv, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  track(child);
  let stderr = '';
  child.stderr.on('data', (chunk) => {
    stderr = (stderr + chunk).slice(-4000);
    if (process.env.BENCH_DEBUG) process.stderr.write(chunk);
  });
  const address = await new Promise((resolve, reject) => {
    createInterface({ input: child.stdout }).once('line', (line) => resolve(JSON.parse(line)));
    child.once('exit', (code) => reject(new Error(`${argv[0]} exited with ${code}: ${stderr}`)));
  });
  return { child, ...address, stderr: () => stderr };
}

/**
 * One timed run: wall time from spawn to exit, and under /usr/bin/time peak RSS and CPU.
 * Resolves to { seconds, exitCode, signal, timedOut, peakRssKb, cpuSeconds, lines }.
 */
export function runTool(spec, { timeoutMs, logFile }) {
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
    // ChildProcess keeps no `detached` flag: marked here, so that cleanup ends the whole group.
    child.groupLeader = true;
    track(child);
    const lines = [];
    const collect = (stream, name) => {
      let rest = '';
      stream.on('data', (chunk) => {
        const at = elapsed();
        const parts = (rest + chunk.toString('utf8')).split('\n');
        rest = parts.pop() ?? '';
        for (const line of parts) lines.push({ at, stream: name, line });
      });
      stream.on('end', () => {
        if (rest) lines.push({ at: elapsed(), stream: name, line: rest });
      });
    };
    collect(child.stdout, 'out');
    collect(child.stderr, 'err');
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {}
    }, timeoutMs);
    // A spawn that fails (no such file, no more processes) reports an error and maybe no close.
    let settled = false;
    child.once('error', (error) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      lines.push({
        at: elapsed(),
        stream: 'err',
        line: `bench: could not run ${file}: ${error.message}`,
      });
      resolveRun({ seconds: elapsed() / 1000, exitCode: -1, signal: null, timedOut: false, lines });
    });
    child.once('close', (code, signal) => {
      if (settled) return;
      settled = true;
      const seconds = elapsed() / 1000;
      clearTimeout(timer);
      let peakRssKb;
      let cpuSeconds;
      if (useTime && existsSync(timeFile)) {
        const last = readFileSync(timeFile, 'utf8').trim().split('\n').at(-1) ?? '';
        const match = /^([\d.]+) (\d+) ([\d.]+) ([\d.]+)$/.exec(last);
        if (match) {
          peakRssKb = Number(match[2]);
          cpuSeconds = Number(match[3]) + Number(match[4]);
        }
        rmSync(timeFile, { force: true });
      }
      if (logFile) {
        writeFileSync(
          logFile,
          lines.map((l) => `${(l.at / 1000).toFixed(3)} ${l.stream} ${l.line}`).join('\n'),
        );
      }
      const exitCode = signal ? null : code;
      resolveRun({ seconds, exitCode, signal, timedOut, peakRssKb, cpuSeconds, lines });
    });
  });
}

// utime + stime of a process, from /proc.
const CLOCK_TICKS = Number(commandLine('getconf', ['CLK_TCK']) ?? 100) || 100;
export function cpuSecondsOf(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
  } catch {
    return Number.NaN;
  }
}

/** The first line a command prints, or undefined when it fails. */
export function commandLine(file, argv) {
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
