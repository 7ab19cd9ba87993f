#!/usr/bin/env node
// node bench/compare.mjs RESULTS.json [OTHER.json ...]
// How each tool's time grows from one size to the next, over every size in the JSON files of
// bench/run.mjs --json (e.g. one run with --sizes 5000,20000, or two runs of one size each).
import { readFileSync } from 'node:fs';

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error('usage: node bench/compare.mjs RESULTS.json [OTHER.json ...]');
  process.exit(2);
}
const runs = files.map((file) => JSON.parse(readFileSync(file, 'utf8')));
const sizes = runs.flatMap((run) => run.sizes).sort((a, b) => a.files - b.files);
const scenarios = runs[0].scenarios;
for (let i = 1; i < sizes.length; i++) {
  const small = sizes[i - 1];
  const large = sizes[i];
  const tools = Object.keys(small.tools).filter((name) => large.tools[name]);
  console.log(
    `\nTime growth from ${small.files} to ${large.files} files (×${(large.files / small.files).toFixed(1)} files): fastest seconds → fastest seconds (×growth)\n`,
  );
  console.log(`| scenario | ${tools.join(' | ')} |`);
  console.log(`|${' --- |'.repeat(tools.length + 1)}`);
  for (const scenario of scenarios) {
    const cells = tools.map((name) => {
      const a = small.tools[name].scenarios[scenario.id];
      const b = large.tools[name].scenarios[scenario.id];
      if (!a || !b || a.exitCode !== 0 || b.exitCode !== 0) return '—';
      if (a.seeded || b.seeded) return 'seeded, not timed';
      return `${a.total.toFixed(2)} → ${b.total.toFixed(2)} (×${(b.total / a.total).toFixed(1)})`;
    });
    console.log(`| ${scenario.title} | ${cells.join(' | ')} |`);
  }
}
