import { describe, expect, test } from 'vitest';
import type { DeployRecord, RecordedChange } from '../../src/bucket/deploy-record.js';
import type { ObjectVersion } from '../../src/bucket/object-versions.js';
import { planRollback, type RollbackInputs } from '../../src/plan/rollback-plan.js';

const T0 = Date.UTC(2026, 11, 3, 12, 0, 0);
const minutes = (n: number) => T0 + n * 60_000;

function record(id: string, changes: readonly RecordedChange[], extra: Partial<DeployRecord> = {}) {
  return {
    version: 1,
    id,
    kind: 'deploy',
    status: 'complete',
    time: new Date(T0).toISOString(),
    counts: { uploaded: 0, updated: 0, deleted: 0 },
    acl: '',
    changes,
    etags: {},
    ...extra,
  } satisfies DeployRecord as DeployRecord;
}

const v = (versionId: string, etag: string, at: number, latest = false): ObjectVersion => ({
  versionId,
  etag,
  size: 10,
  deleteMarker: false,
  isLatest: latest,
  lastModified: minutes(at),
});
const marker = (versionId: string, at: number, latest = false): ObjectVersion => ({
  versionId,
  etag: undefined,
  size: 0,
  deleteMarker: true,
  isLatest: latest,
  lastModified: minutes(at),
});
const wrote = (versionId: string, etag: string) => ({ versionId, etag, md5: etag, size: 10 });

function inputs(over: Partial<RollbackInputs>): RollbackInputs {
  return {
    records: [],
    targetId: 'A',
    versions: new Map(),
    targetWrittenAt: minutes(1),
    force: false,
    acl: undefined,
    ...over,
  };
}

// Deploy A wrote a.css (v1) and index.html (h1); deploy B changed index.html (h2), added new.html
// (n1) and deleted old.html (o1, which A left alone).
const A = record('A', [
  { key: 'a.css', action: 'upload', before: null, after: wrote('v1', 'ea1') },
  { key: 'index.html', action: 'upload', before: null, after: wrote('h1', 'eh1') },
]);
const B = record('B', [
  {
    key: 'index.html',
    action: 'upload',
    before: { etag: 'eh1', size: 10 },
    after: wrote('h2', 'eh2'),
  },
  { key: 'new.html', action: 'upload', before: null, after: wrote('n1', 'en1') },
  { key: 'old.html', action: 'delete', before: { etag: 'eo1', size: 10 }, after: null },
]);
const versions = () =>
  new Map<string, ObjectVersion[]>([
    ['a.css', [v('v1', 'ea1', 1, true)]],
    ['index.html', [v('h2', 'eh2', 2, true), v('h1', 'eh1', 1)]],
    ['new.html', [v('n1', 'en1', 2, true)]],
    ['old.html', [marker('m1', 2, true), v('o1', 'eo1', 0)]],
  ]);

describe('planRollback', () => {
  test('brings back what the later deploy replaced, removes what it added, undeletes what it deleted', () => {
    const plan = planRollback(inputs({ records: [A, B], versions: versions() }));
    expect(plan.restores.map(({ key, versionId }) => [key, versionId])).toEqual([
      ['index.html', 'h1'],
      ['old.html', 'o1'],
    ]);
    expect(plan.restores.find((r) => r.key === 'old.html')?.before).toBeNull();
    expect(plan.deletes.map((d) => d.key)).toEqual(['new.html']);
    expect(plan.missing).toEqual([]);
    expect(plan.foreign).toEqual([]);
  });

  test('over two later deploys, each key goes back to what the first of them replaced', () => {
    const C = record('C', [
      {
        key: 'index.html',
        action: 'upload',
        before: { etag: 'eh2', size: 10 },
        after: wrote('h3', 'eh3'),
      },
      {
        key: 'a.css',
        action: 'upload',
        before: { etag: 'ea1', size: 10 },
        after: wrote('v2', 'ea2'),
      },
    ]);
    const list = versions();
    list.set('index.html', [
      v('h3', 'eh3', 3, true),
      ...(list.get('index.html') ?? []).map((x) => ({ ...x, isLatest: false })),
    ]);
    list.set('a.css', [v('v2', 'ea2', 3, true), v('v1', 'ea1', 1)]);
    const plan = planRollback(inputs({ records: [A, B, C], versions: list }));
    expect(plan.restores.map(({ key, versionId }) => [key, versionId])).toEqual([
      ['a.css', 'v1'],
      ['index.html', 'h1'],
      ['old.html', 'o1'],
    ]);
  });

  test('a version a lifecycle rule expired is named as missing', () => {
    const list = versions();
    list.set('index.html', [v('h2', 'eh2', 2, true)]);
    const plan = planRollback(inputs({ records: [A, B], versions: list }));
    expect(plan.missing).toEqual(['index.html']);
  });

  test('a key another tool rewrote since the last deploy is foreign', () => {
    const list = versions();
    list.set('index.html', [v('x9', 'ex9', 5, true), v('h2', 'eh2', 2), v('h1', 'eh1', 1)]);
    const plan = planRollback(inputs({ records: [A, B], versions: list }));
    expect(plan.foreign.map((f) => f.key)).toEqual(['index.html']);
    // The target is still the version deploy B replaced, forced or not.
    expect(plan.restores.find((r) => r.key === 'index.html')?.versionId).toBe('h1');
  });

  test('a key no deploy touched, changed after the target, is foreign; forced, it goes back too', () => {
    const list = versions();
    list.set('a.css', [v('z1', 'ez1', 3, true), v('v1', 'ea1', 1)]);
    const refused = planRollback(
      inputs({ records: [A, B], versions: list, targetId: 'B', targetWrittenAt: minutes(2) }),
    );
    expect(refused.foreign.map((f) => f.key)).toEqual(['a.css']);
    expect(refused.restores).toEqual([]);
    const forced = planRollback(
      inputs({
        records: [A, B],
        versions: list,
        targetId: 'B',
        targetWrittenAt: minutes(2),
        force: true,
      }),
    );
    expect(forced.restores.map((r) => [r.key, r.versionId])).toEqual([['a.css', 'v1']]);
  });

  test('a header rewrite (same ETag) goes back to the version below the one it wrote', () => {
    const C = record('C', [
      {
        key: 'a.css',
        action: 'headers',
        before: { etag: 'ea1', size: 10 },
        after: wrote('v2', 'ea1'),
      },
    ]);
    const list = versions();
    list.set('a.css', [v('v2', 'ea1', 3, true), v('v1', 'ea1', 1)]);
    const plan = planRollback(
      inputs({ records: [A, B, C], targetId: 'B', versions: list, targetWrittenAt: minutes(2) }),
    );
    expect(plan.restores.map((r) => [r.key, r.versionId])).toEqual([['a.css', 'v1']]);
  });

  test('a restore sends the ACL recorded for the write that made the version', () => {
    const withAcl = record('A', A.changes, { acl: 'public-read' });
    const plan = planRollback(inputs({ records: [withAcl, B], versions: versions() }));
    expect(plan.restores.find((r) => r.key === 'index.html')?.acl).toEqual({
      canned: 'public-read',
    });
  });

  test('keys of a deploy that stopped before recording its end go back by their listed ETag', () => {
    const stopped = record(
      'B',
      B.changes.map(({ after: _after, ...change }) => change),
      { status: 'started' },
    );
    const plan = planRollback(inputs({ records: [A, stopped], versions: versions() }));
    expect(plan.restores.map(({ key, versionId }) => [key, versionId])).toEqual([
      ['index.html', 'h1'],
      ['old.html', 'o1'],
    ]);
    expect(plan.deletes.map((d) => d.key)).toEqual(['new.html']);
    expect(plan.foreign).toEqual([]);
  });

  test('nothing to do when the bucket already serves the target', () => {
    const plan = planRollback(
      inputs({ records: [A, B], targetId: 'B', targetWrittenAt: minutes(2), versions: versions() }),
    );
    expect(plan.restores).toEqual([]);
    expect(plan.deletes).toEqual([]);
  });
});
