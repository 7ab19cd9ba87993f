import { describe, expect, it } from 'vitest';
import { count } from '../../src/report/text.js';

describe('count', () => {
  it('groups thousands with commas, whatever the locale', () => {
    const cases = [0, 7, 999, 1000, 4021, 99_999, 100_000, 1_234_567, -4021, 12.5];
    expect(cases.map(count)).toEqual(cases.map((n) => n.toLocaleString('en-US')));
  });
});
