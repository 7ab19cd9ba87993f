#!/usr/bin/env node
// node bench/compare.mjs small.json large.json
// How each tool's time grows from one run of bench/run.mjs --json to another (e.g. 5,000 -> 20,000).
import { readFileSync } from 'node:fs';

const [smallFile, largeFile] = process.argv.slice(2);
if (!smallFile || !largeFile) {
  console.error('usage: node bench/compare.mjs SMALL.json LARGE.json');
  process.exit(2);
}
const small = JSON.parse(readFileSync(smallFile, 'utf8'));
const large = JSON.parse(readFileSync(largeFile, 'utf8'));
const tools = Object.keys(small.tools).filter((name) => large.tools[name]);
const factor = large.files / small.files;
console.log(
  `Time growth from ${small.files} to ${large.files} files (×${factor.toFixed(1)} files): seconds at ${small.files} → seconds at ${large.files} (×growth)\n`,
);
console.log(`| scenario | ${tools.join(' | ')} |`);
console.log(`|${' --- |'.repeat(tools.length + 1)}`);
for (const scenario of small.scenarios) {
  const cells = tools.map((name) => {
    const a = small.tools[name].scenarios[scenario.id];
    const b = large.tools[name].scenarios[scenario.id];
    if (!a || !b || a.exitCode !== 0 || b.exitCode !== 0) return '—';
    return `${a.seconds.toFixed(1)} → ${b.seconds.toFixed(1)} (×${(b.seconds / a.seconds).toFixed(1)})`;
  });
  console.log(`| ${scenario.title} | ${cells.join(' | ')} |`);
}
const rss = tools.map((name) => {
  const peak = (run) =>
    Math.max(...Object.values(run.tools[name].scenarios).map((entry) => entry.peakRssKb ?? 0)) /
    1024;
  return `${peak(small).toFixed(0)} → ${peak(large).toFixed(0)} MiB`;
});
console.log(`| peak RSS | ${rss.join(' | ')} |`);
