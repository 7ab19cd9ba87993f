import { describe, expect, test } from 'vitest';
import {
  newDeployId,
  parseRecord,
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
});
