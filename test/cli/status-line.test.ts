import { describe, expect, it } from 'vitest';
import type { ProgressUpdate } from '../../src/base/logger.js';
import { LiveStatus, PeriodicStatus } from '../../src/cli/status-display.js';
import { duration, PhaseMeter, statusText } from '../../src/cli/status-line.js';
import { COLOUR, ESCAPE_OR_RETURN } from '../support/pseudo-terminal.js';

const MIB = 1024 * 1024;
const uploading = (done: number, bytes: number): ProgressUpdate => ({
  phase: 'uploading',
  done,
  total: 3000,
  bytes,
  totalBytes: 45 * MIB,
});

/** A clock the test moves by hand: nothing here waits. */
function clock(start = 1_000_000) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

/** Records what is written, with the width a terminal would report. */
function recorder(columns = 80) {
  const writes: string[] = [];
  return { writes, columns, isTTY: true, write: (text: string) => writes.push(text) };
}

describe('statusText', () => {
  it('shows the phase, files and bytes done of total, the rate and the time left', () => {
    const time = clock();
    const meter = new PhaseMeter('uploading', time.now());
    meter.add(uploading(0, 0), time.now());
    time.advance(2_000);
    meter.add(uploading(600, 9 * MIB), time.now());
    // 9 MiB in 2 s: 4.5 MiB/s; 36 MiB left: 8 s.
    expect(statusText(uploading(600, 9 * MIB), meter, time.now())).toBe(
      'Uploading · 600/3,000 files · 9.0 MiB of 45 MiB · 4.5 MiB/s · 8 s left',
    );
  });

  it('shows the time spent instead of a rate before a second has passed', () => {
    const time = clock();
    const meter = new PhaseMeter('uploading', time.now());
    time.advance(400);
    meter.add(uploading(10, MIB), time.now());
    expect(statusText(uploading(10, MIB), meter, time.now())).toBe(
      'Uploading · 10/3,000 files · 1.0 MiB of 45 MiB · 0:00',
    );
  });

  it('measures the rate over the last seconds, so that it follows a link that slows down', () => {
    const time = clock();
    const meter = new PhaseMeter('uploading', time.now());
    // 20 MiB in the first 2 s, then 1 MiB a second for 8 s.
    time.advance(2_000);
    meter.add(uploading(1000, 20 * MIB), time.now());
    for (let second = 1; second <= 8; second++) {
      time.advance(1_000);
      meter.add(uploading(1000 + second, (20 + second) * MIB), time.now());
    }
    const rate = meter.rate(time.now()) ?? 0;
    expect(rate / MIB).toBeCloseTo(1, 1);
  });

  it('counts objects without bytes, and leaves out counts of a single invalidation', () => {
    const time = clock();
    const meter = new PhaseMeter('deleting', time.now());
    time.advance(2_000);
    const deleting = { phase: 'deleting', done: 1000, total: 3000 } as const;
    meter.add(deleting, time.now());
    expect(statusText(deleting, meter, time.now())).toBe(
      'Deleting · 1,000/3,000 objects · 500 objects/s · 4 s left',
    );
    const waiting = {
      phase: 'waiting for CloudFront',
      done: 0,
      total: 1,
      detail: 'I2J3 on E2QW is InProgress',
    } as const;
    const wait = new PhaseMeter('waiting for CloudFront', time.now());
    wait.add(waiting, time.now());
    time.advance(65_000);
    expect(statusText(waiting, wait, time.now())).toBe(
      'Waiting for CloudFront · 1:05 · I2J3 on E2QW is InProgress',
    );
  });

  it('says the time left in seconds, minutes or hours, rounded up', () => {
    expect(duration(0.2)).toBe('1 s');
    expect(duration(59)).toBe('59 s');
    expect(duration(200)).toBe('3 min 20 s');
    expect(duration(3 * 3600 + 5 * 60)).toBe('3 h 5 min');
  });
});

describe('LiveStatus', () => {
  it('redraws one line in place, at once for a new phase and at most every 100 ms within one', () => {
    const time = clock();
    const terminal = recorder();
    const status = new LiveStatus(terminal, false, time.now, 0);
    status.show({ phase: 'listing', done: 0, bytes: 0, detail: '0 objects listed' });
    status.show({ phase: 'listing', done: 1, bytes: 10, detail: '0 objects listed' });
    time.advance(100);
    status.show(uploading(1, 1024));
    status.show(uploading(2, 2048));
    time.advance(100);
    status.show(uploading(3, 3072));
    expect(terminal.writes).toEqual([
      '\r\x1b[2KListing and hashing · 0 files · 0 B · 0:00 · 0 objects listed',
      '\r\x1b[2KUploading · 1/3,000 files · 1.0 KiB of 45 MiB · 0:00',
      '\r\x1b[2KUploading · 3/3,000 files · 3.0 KiB of 45 MiB · 0:00',
    ]);
  });

  it('prints log lines above the status line, then draws it again', () => {
    const time = clock();
    const terminal = recorder();
    const errors = recorder();
    const status = new LiveStatus(terminal, false, time.now, 0);
    status.show(uploading(1, 1024));
    status.print(errors, '  warning: Skipped x');
    expect(terminal.writes.slice(1)).toEqual([
      '\r\x1b[2K',
      '\r\x1b[2KUploading · 1/3,000 files · 1.0 KiB of 45 MiB · 0:00',
    ]);
    expect(errors.writes).toEqual(['  warning: Skipped x\n']);
    status.stop();
    expect(terminal.writes.at(-1)).toBe('\r\x1b[2K');
  });

  it('cuts the line to the terminal width: a wrapped line could not be redrawn', () => {
    const time = clock();
    const terminal = recorder(40);
    const status = new LiveStatus(terminal, false, time.now, 0);
    status.show(uploading(1, 1024));
    const drawn = (terminal.writes[0] ?? '').replace('\r\x1b[2K', '');
    expect(drawn).toBe('Uploading · 1/3,000 files · 1.0 KiB of…');
    expect(drawn.length).toBe(39);
  });

  it('makes only the phase bold with colour, and sends no colour without it', () => {
    const time = clock();
    const coloured = recorder();
    new LiveStatus(coloured, true, time.now, 0).show(uploading(1, 1024));
    expect(coloured.writes[0]).toBe(
      '\r\x1b[2K\x1b[1mUploading\x1b[0m · 1/3,000 files · 1.0 KiB of 45 MiB · 0:00',
    );
    const plain = recorder();
    new LiveStatus(plain, false, time.now, 0).show(uploading(1, 1024));
    expect(plain.writes[0]).not.toMatch(COLOUR);
  });
});

describe('PeriodicStatus', () => {
  it('writes a plain line every 5 s of a phase, none when it starts or finishes', () => {
    const time = clock();
    const lines: string[] = [];
    const status = new PeriodicStatus((line) => lines.push(line), 5_000, time.now);
    status.show(uploading(0, 0));
    time.advance(4_000);
    status.show(uploading(800, 12 * MIB));
    time.advance(1_000);
    status.show(uploading(1000, 15 * MIB));
    time.advance(5_000);
    status.show(uploading(3000, 45 * MIB));
    expect(lines).toEqual([
      'Progress: Uploading · 1,000/3,000 files · 15 MiB of 45 MiB · 3.0 MiB/s · 10 s left.',
    ]);
    expect(lines.join('')).not.toMatch(ESCAPE_OR_RETURN);
  });
});

describe('PhaseMeter', () => {
  it('keeps a short window however many updates arrive, and still measures the newest', () => {
    const time = clock();
    const meter = new PhaseMeter('listing', time.now());
    // 100,000 files in 10 s, one update each, as a listing of a large site sends them.
    for (let file = 1; file <= 100_000; file++) {
      if (file % 10 === 0) time.advance(1);
      meter.add({ phase: 'listing', done: file }, time.now());
    }
    expect(meter.rate(time.now())).toBeCloseTo(10_000, -2);
    const samples = (meter as unknown as { samples: unknown[] }).samples;
    expect(samples.length).toBeLessThanOrEqual(52);
  });
});
