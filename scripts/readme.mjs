// Regenerates the README's generated blocks: inputs and outputs from action.yml, the minimal IAM
// policy from the permission module (through the bundled CLI's --print-policy), and the CLI's
// --help.
// With --check it only fails when the README is out of date (CI runs it that way).
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { parse } from 'yaml';

const action = parse(readFileSync('action.yml', 'utf8'));
const cell = (text) =>
  String(text ?? '')
    .replace(/\|/g, '\\|')
    .replace(/\n/g, '<br>');
const code = (text) => (text === '' ? '""' : `\`${String(text).replace(/\n/g, '\\n')}\``);

const inputs = [
  '| Input | Required | Default | Description |',
  '| --- | --- | --- | --- |',
  ...Object.entries(action.inputs).map(
    ([name, input]) =>
      `| \`${name}\` | ${input.required ? 'yes' : 'no'} | ${input.required ? '' : code(input.default ?? '')} | ${cell(input.description)} |`,
  ),
].join('\n');
const outputs = [
  '| Output | Description |',
  '| --- | --- |',
  ...Object.entries(action.outputs).map(
    ([name, output]) => `| \`${name}\` | ${cell(output.description)} |`,
  ),
].join('\n');
const policyFor = (args) =>
  execFileSync(process.execPath, ['dist/cli/index.js', '--print-policy', ...args], {
    encoding: 'utf8',
  }).trim();
const policy = policyFor([
  's3://my-site-bucket',
  '--distribution',
  'E2QWRUHAPOMQZL',
  '--delete-removed',
]);

const dryRunPolicy = policyFor([
  's3://my-site-bucket',
  '--distribution',
  'E2QWRUHAPOMQZL',
  '--delete-removed',
  '--dry-run',
]);

const cliHelp = execFileSync(process.execPath, ['dist/cli/index.js', '--help'], {
  encoding: 'utf8',
}).trimEnd();
const rollbackPolicy = execFileSync(
  process.execPath,
  [
    'dist/cli/index.js',
    'rollback',
    's3://my-site-bucket',
    '--distribution',
    'E2QWRUHAPOMQZL',
    '--print-policy',
  ],
  { encoding: 'utf8' },
).trim();

const blocks = {
  inputs,
  'cli-help': `\`\`\`\n${cliHelp}\n\`\`\``,
  outputs,
  policy: `\`\`\`json\n${policy}\n\`\`\``,
  'dry-run-policy': `\`\`\`json\n${dryRunPolicy}\n\`\`\``,
  'rollback-policy': `\`\`\`json\n${rollbackPolicy}\n\`\`\``,
};

const readme = readFileSync('README.md', 'utf8');
let updated = readme;
for (const [name, content] of Object.entries(blocks)) {
  const pattern = new RegExp(`(<!-- ${name}:start -->)[\\s\\S]*?(<!-- ${name}:end -->)`);
  if (!pattern.test(updated)) throw new Error(`README.md has no <!-- ${name}:start --> block`);
  updated = updated.replace(pattern, (_match, start, end) => `${start}\n${content}\n${end}`);
}
if (process.argv.includes('--check')) {
  if (updated !== readme) {
    console.error('README.md is out of date: run `npm run readme` and commit it.');
    process.exit(1);
  }
  console.log('README.md is current.');
} else {
  writeFileSync('README.md', updated);
}
