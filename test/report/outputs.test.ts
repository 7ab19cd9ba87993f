import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { writeJsonFile } from '../../src/base/json-pieces.js';
import type { SyncPlan } from '../../src/plan/plan.js';
import type { DeployResult } from '../../src/report/deploy-result.js';
import {
  inlineList,
  MAX_INLINE_LIST_CHARS,
  outputsOf,
  RESULT_FILE_JSON,
  resultFileJson,
  resultFileValue,
} from '../../src/report/outputs.js';

/** A dry run of `files` new pages, each invalidated in both forms on one distribution. */
function bigResult(files: number): DeployResult {
  const keys = Array.from(
    { length: files },
    (_, i) => `posts/${i}/a-rather-long-post-name/index.html`,
  );
  const plan: SyncPlan = {
    uploads: keys.map((key) => ({
      file: { key, path: `/site/${key}`, size: 1000, md5: '0'.repeat(32) },
      reason: 'new',
      headers: { contentType: 'text/html', cacheControl: undefined },
    })),
    headerUpdates: [],
    deletes: [],
    unchanged: [],
    kept: [],
  };
  const paths = keys.flatMap((key) => [`/${key}`, `/${key.replace(/index\.html$/, '')}`]);
  return {
    plan,
    dryRun: true,
    bytesUploaded: files * 1000,
    changedPaths: keys.map((key) => `/${key}`),
    invalidations: [
      {
        distribution: 'E2EXAMPLE123',
        verified: true,
        carriedOverPaths: 0,
        accepted: true,
        ids: [],
        waitedSeconds: undefined,
        paths,
        collapsed: false,
        exactPathCount: paths.length,
      } as DeployResult['invalidations'][number],
    ],
    durationMs: 1000,
  };
}

describe('step outputs', () => {
  test('a 30,000-file deploy keeps every output together far under the runner 1 MB', () => {
    const outputs = outputsOf(bigResult(30_000), '/tmp/result.json');
    const total = Object.entries(outputs).reduce((sum, [k, v]) => sum + k.length + v.length, 0);
    expect(total).toBeLessThan(3 * MAX_INLINE_LIST_CHARS);
    expect(outputs['lists-truncated']).toBe('true');
    expect(outputs['result-file']).toBe('/tmp/result.json');
    const inline = JSON.parse(outputs['changed-paths'] ?? '[]') as string[];
    expect(inline.length).toBeGreaterThan(100);
    expect(inline).toEqual(bigResult(30_000).changedPaths.slice(0, inline.length));
  });

  test('the result file has every path', () => {
    const full = JSON.parse(resultFileJson(bigResult(30_000)));
    expect(full.changedPaths).toHaveLength(30_000);
    expect(full.invalidations[0].paths).toHaveLength(60_000);
  });

  test('the action writes the result file in pieces, as the same text', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'result-file-')), 'result.json');
    writeJsonFile(path, resultFileValue(bigResult(30_000)), RESULT_FILE_JSON);
    expect(readFileSync(path, 'utf8')).toBe(resultFileJson(bigResult(30_000)));
  });

  test('a short list is inline whole, and a cut one is the longest prefix that fits', () => {
    expect(inlineList(['/a', '/b'])).toEqual({ json: '["/a","/b"]', cut: false });
    const items = Array.from({ length: 10_000 }, (_, i) => `/${'x'.repeat(20)}${i}`);
    const { json, cut } = inlineList(items);
    expect(cut).toBe(true);
    expect(json.length).toBeLessThanOrEqual(MAX_INLINE_LIST_CHARS);
    const kept = JSON.parse(json) as string[];
    const withOneMore = JSON.stringify(items.slice(0, kept.length + 1));
    expect(withOneMore.length).toBeGreaterThan(MAX_INLINE_LIST_CHARS);
  });

  test('a list of exactly the limit stays whole; one character more is cut', () => {
    // ["x...x"]: the brackets and quotes are 4 characters.
    const exact = ['x'.repeat(MAX_INLINE_LIST_CHARS - 4)];
    expect(inlineList(exact)).toEqual({ json: JSON.stringify(exact), cut: false });
    const over = ['a', 'x'.repeat(MAX_INLINE_LIST_CHARS - 7)];
    expect(JSON.stringify(over).length).toBe(MAX_INLINE_LIST_CHARS + 1);
    expect(inlineList(over)).toEqual({ json: '["a"]', cut: true });
  });
});
