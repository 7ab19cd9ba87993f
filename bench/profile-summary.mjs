#!/usr/bin/env node
// node bench/profile-summary.mjs FILE.cpuprofile [--top N] [--timeline f,g] [--callers f]
// Self and inclusive CPU time per function of a V8 .cpuprofile (from `--profile DIR`), with
// the bundle's source module (the `// CONCATENATED MODULE: ./src/x.ts` markers) when known.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    top: { type: 'string', default: '25' },
    // Comma-separated function names: when each was first and last on the CPU (ms from start).
    timeline: { type: 'string', default: 'walk,md5OfFile,deserializeResponse,uploadOne,deleteAll' },
    // A function name: its self time split by the call stacks above it.
    callers: { type: 'string' },
  },
});
if (positionals.length === 0) {
  console.error('usage: node bench/profile-summary.mjs FILE.cpuprofile [--top N]');
  process.exit(2);
}
const top = Number(values.top);

// Line -> source module of dist/index.js, from ncc's module markers: the copy that run.mjs puts
// beside the profiles (the bundle that was profiled), else the repository's dist/index.js.
const beside = join(dirname(positionals[0]), 'index.js');
const bundle = existsSync(beside) ? beside : join(import.meta.dirname, '..', 'dist', 'index.js');
const modules = [];
try {
  readFileSync(bundle, 'utf8')
    .split('\n')
    .forEach((line, index) => {
      const match = /CONCATENATED MODULE: (\S+)/.exec(line) ?? /^\/\*\*\*\/ (\d+):$/.exec(line);
      if (match) modules.push({ line: index, name: match[1] });
    });
} catch {}

function moduleAt(line) {
  let lo = 0;
  let hi = modules.length - 1;
  let found;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (modules[mid].line <= line) {
      found = modules[mid];
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found?.name ?? '?';
}

for (const file of positionals) {
  const profile = JSON.parse(readFileSync(file, 'utf8'));
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map();
  for (const node of profile.nodes)
    for (const child of node.children ?? []) parent.set(child, node.id);
  // Sample time: timeDeltas[i] is the time before samples[i].
  const selfUs = new Map();
  const deltas = profile.timeDeltas;
  for (let i = 0; i < profile.samples.length; i++) {
    const dt = deltas[i + 1] ?? 0;
    selfUs.set(profile.samples[i], (selfUs.get(profile.samples[i]) ?? 0) + dt);
  }
  const totalUs = [...selfUs.values()].reduce((a, b) => a + b, 0);
  const label = (node) => {
    const { functionName, url, lineNumber } = node.callFrame;
    const where = url.endsWith('dist/index.js')
      ? `dist ${moduleAt(lineNumber)}:${lineNumber + 1}`
      : url
        ? `${url.replace(/^.*node_modules\//, '')}:${lineNumber + 1}`
        : '';
    return `${functionName || '(anonymous)'} ${where}`.trim();
  };
  const self = new Map();
  const inclusive = new Map();
  const byModule = new Map();
  for (const [id, us] of selfUs) {
    const node = nodes.get(id);
    const name = label(node);
    self.set(name, (self.get(name) ?? 0) + us);
    const url = node.callFrame.url;
    const mod = url.endsWith('dist/index.js')
      ? moduleAt(node.callFrame.lineNumber)
      : url.startsWith('node:')
        ? url
        : url
          ? 'other js'
          : node.callFrame.functionName || '(native)';
    byModule.set(mod, (byModule.get(mod) ?? 0) + us);
    // Inclusive: charge every distinct frame on the stack once.
    const seen = new Set();
    for (let at = id; at !== undefined; at = parent.get(at)) {
      const frame = label(nodes.get(at));
      if (seen.has(frame)) continue;
      seen.add(frame);
      inclusive.set(frame, (inclusive.get(frame) ?? 0) + us);
    }
  }
  const wall = (profile.endTime - profile.startTime) / 1000;
  const ms = (us) => `${(us / 1000).toFixed(0).padStart(6)} ms`;
  const print = (title, map) => {
    console.log(`\n${title}`);
    for (const [name, us] of [...map].sort((a, b) => b[1] - a[1]).slice(0, top)) {
      console.log(`${ms(us)} ${((100 * us) / totalUs).toFixed(1).padStart(5)}%  ${name}`);
    }
  };
  console.log(`${file}: ${wall.toFixed(0)} ms profiled, ${(totalUs / 1000).toFixed(0)} ms sampled`);
  // Timeline: first and last sample (ms since the profile started) with the function on the stack.
  const watched = values.timeline.split(',').filter(Boolean);
  const spans = new Map();
  let at = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    at += deltas[i] ?? 0;
    const onStack = new Set();
    for (let id = profile.samples[i]; id !== undefined; id = parent.get(id)) {
      onStack.add(nodes.get(id).callFrame.functionName);
    }
    for (const name of watched) {
      if (!onStack.has(name)) continue;
      const span = spans.get(name) ?? { first: at, last: at, samples: 0 };
      span.last = at;
      span.samples += 1;
      spans.set(name, span);
    }
  }
  console.log(
    '\ntimeline (ms from profile start: first..last sample with the function on the stack)',
  );
  for (const name of watched) {
    const span = spans.get(name);
    if (span) {
      console.log(
        `  ${name}: ${(span.first / 1000).toFixed(0)}..${(span.last / 1000).toFixed(0)} (${span.samples} samples)`,
      );
    }
  }
  print('self time by source module (dist/index.js is split by ncc module markers)', byModule);
  print('self time by function', self);
  print('inclusive time by function', inclusive);
  if (values.callers) {
    const stacks = new Map();
    for (const [id, us] of selfUs) {
      if (nodes.get(id).callFrame.functionName !== values.callers) continue;
      const chain = [];
      for (let at = parent.get(id); at !== undefined && chain.length < 7; at = parent.get(at)) {
        chain.push(label(nodes.get(at)));
      }
      const stack = chain.join(' < ');
      stacks.set(stack, (stacks.get(stack) ?? 0) + us);
    }
    print(`self time of ${values.callers} by caller`, stacks);
  }
}
