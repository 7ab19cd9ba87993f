import { describe, expect, test } from 'vitest';
import {
  type DeployRecord,
  newDeployId,
  parseRecord,
  recordBytes,
  recordIdOf,
  recordIds,
  recordName,
} from '../../src/bucket/deploy-record.js';
import { isOwnObject } from '../../src/bucket/state.js';

describe('deploy records', () => {
  test('an ID reads as the UTC time and sorts as the deploys happened', () => {
    const id = newDeployId(Date.UTC(2026, 11, 3, 14, 15, 2, 500), undefined, 'a1b2');
    expect(id).toBe('20261203-141502-a1b2');
    expect(recordIdOf(recordName(id))).toBe(id);
  });

  test('a clock behind the latest record still gives a later ID', () => {
    const latest = '20261203-141502-ffff';
    const id = newDeployId(Date.UTC(2026, 11, 3, 14, 0, 0), latest, '0000');
    expect(id > latest).toBe(true);
    expect(id).toBe('20261203-141503-0000');
  });

  test("a record is one of the action's own objects, and only its names count as records", () => {
    expect(isOwnObject(recordName('20261203-141502-a1b2'))).toBe(true);
    expect(
      recordIds([
        '.s3-cf-sync.json',
        '.s3-cf-sync.lock',
        recordName('20261203-141502-a1b2'),
        '.s3-cf-sync.deploy.x.json',
      ]),
    ).toEqual(['20261203-141502-a1b2']);
  });

  test('an unreadable body is no record', () => {
    expect(parseRecord('{')).toBeUndefined();
    expect(parseRecord('{"version":2,"id":"x","changes":[]}')).toBeUndefined();
    expect(parseRecord('{"version":1,"id":"x","changes":[]}')?.status).toBe('started');
  });

  test('a record is stored as the bytes of JSON.stringify, whatever its size and characters', () => {
    const record = (count: number, extra: Record<string, unknown> = {}): DeployRecord => ({
      version: 1,
      id: '20261204-010203-a1b2',
      kind: 'deploy',
      status: 'complete',
      time: '2026-12-04T01:02:03.000Z',
      commit: 'abc',
      counts: { uploaded: count, updated: 0, deleted: 0 },
      acl: '',
      // Keys of one, two, three and four UTF-8 bytes, a quote and a backslash, long enough to
      // cross the 64 KiB pieces at every offset.
      changes: Array.from({ length: count }, (_, i) => ({
        key: `${'aé€😀'.repeat(1 + (i % 7))}/"q\\${i}.html`,
        action: i % 3 === 0 ? 'delete' : 'upload',
        before: i % 2 === 0 ? null : { etag: `e${i}`, size: i },
        ...(i % 3 === 0 ? {} : { after: { etag: `x${i}`, md5: `m${i}`, size: i } }),
      })),
      etags: Object.fromEntries(
        Array.from({ length: count }, (_, i) => [
          `${i % 5 === 0 ? i : `k€${i}`}`,
          [`t${i}`, `m${i}`],
        ]),
      ),
      ...(extra as Partial<DeployRecord>),
    });
    for (const value of [
      record(0),
      // An undefined field, which JSON.stringify leaves out (the type forbids it; a spread may not).
      record(1, { commit: undefined, headerRules: 'h', rollbackTo: 'r' }),
      record(20_000),
    ]) {
      const expected = Buffer.from(`${JSON.stringify(value)}\n`);
      expect(recordBytes(value).equals(expected)).toBe(true);
    }
    expect(recordBytes(record(20_000)).length).toBeGreaterThan(4 * 65_536);
  });
});
