// The memory flags are set at run time, where V8 only warns about a flag it does not know: this
// holds them to the Node releases the action and the CLI run on.
import { execFileSync, spawnSync } from 'node:child_process';
import { describe, expect, test } from 'vitest';
import { MEMORY_FLAGS } from '../../src/base/memory-mode.js';
import { node24 } from '../support/node24.js';

const runtimes: Array<[string, () => string]> = [
  [`this machine's Node (${process.version})`, () => process.execPath],
  ['Node 24 (runs.using: node24)', node24],
];

describe.each(runtimes)('on %s', (_name, node) => {
  test.each(MEMORY_FLAGS)('V8 knows %s and takes it at run time without a warning', (flag) => {
    const name = flag.replace(/^--/, '').replace(/=.*$/, '');
    const options = execFileSync(node(), ['--v8-options'], { encoding: 'utf8' });
    expect(options).toMatch(new RegExp(`^\\s+--${name}\\b`, 'm'));
    const set = spawnSync(
      node(),
      ['-e', `require('node:v8').setFlagsFromString(${JSON.stringify(flag)}); global.gc?.();`],
      { encoding: 'utf8' },
    );
    expect(set.status).toBe(0);
    expect(set.stderr).toBe('');
  });
});
