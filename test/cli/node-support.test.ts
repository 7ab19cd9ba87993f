import { describe, expect, it } from 'vitest';
import { checkNode } from '../../src/cli/node-support.js';

function check(version: string) {
  const written: string[] = [];
  const env: NodeJS.ProcessEnv = {};
  const runs = checkNode(version, { write: (text: string) => written.push(text) }, env);
  return { runs, written: written.join(''), env };
}

describe('checkNode', () => {
  it('on Node 20 and 21, says in one line that later releases need Node 22, and silences the SDK', () => {
    for (const version of ['v20.20.2', 'v21.7.3']) {
      const { runs, written, env } = check(version);
      expect(runs).toBe(true);
      expect(written).toBe(
        `note: Node ${version} works, but releases from 2027 need Node 22, as the AWS SDK does.\n`,
      );
      // The SDK's documented switch for its own ten-line NodeVersionSupportWarning.
      expect(env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED).toBe('true');
    }
  });

  it('says nothing from Node 22 on', () => {
    for (const version of ['v22.0.0', 'v24.22.3']) {
      expect(check(version)).toEqual({ runs: true, written: '', env: {} });
    }
  });

  it("refuses a Node older than package.json's engines, naming both", () => {
    const { runs, written } = check('v18.19.0');
    expect(runs).toBe(false);
    expect(written).toBe('Error: s3-cf-sync needs Node 20 or newer; this is Node v18.19.0.\n');
  });
});

it("names the oldest Node package.json's engines declares", async () => {
  const { OLDEST_NODE } = await import('../../src/cli/node-support.js');
  const { readFileSync } = await import('node:fs');
  const packageJson = JSON.parse(readFileSync('package.json', 'utf8'));
  expect(packageJson.engines.node).toBe(`>=${OLDEST_NODE}`);
});
