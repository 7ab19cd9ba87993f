import type { Phase, ProgressUpdate } from '../base/logger.js';
import { formatBytes } from '../inputs/size.js';
import { count } from '../report/text.js';

const LABELS: Record<Phase, string> = {
  listing: 'Listing and hashing',
  hashing: 'Hashing',
  'reading headers': 'Reading headers',
  uploading: 'Uploading',
  'updating headers': 'Updating headers',
  deleting: 'Deleting',
  invalidating: 'Invalidating',
  'waiting for CloudFront': 'Waiting for CloudFront',
};
const UNITS: Record<Phase, string> = {
  listing: 'files',
  hashing: 'files',
  'reading headers': 'objects',
  uploading: 'files',
  'updating headers': 'objects',
  deleting: 'objects',
  invalidating: 'distributions',
  'waiting for CloudFront': 'invalidations',
};
// The rate is measured over the last few seconds, so that it follows a slowing link.
const RATE_WINDOW_MS = 5_000;
const MIN_RATE_SPAN_MS = 1_000;
const SAMPLE_MS = 100;

/** One phase's progress over time: its rate and the time left at that rate. */
export class PhaseMeter {
  // At most one sample per SAMPLE_MS, so that the window stays a few dozen samples long however
  // many updates arrive (a listing of 100,000 files sends 100,000); `latest` is the newest update.
  private readonly samples: Array<{ at: number; amount: number }> = [];
  private latest: { at: number; amount: number } | undefined;

  constructor(
    readonly phase: Phase,
    readonly startedAt: number,
  ) {}

  add(update: ProgressUpdate, at: number): void {
    const amount = update.totalBytes !== undefined ? (update.bytes ?? 0) : (update.done ?? 0);
    this.latest = { at, amount };
    const last = this.samples.at(-1);
    if (!last || at - last.at >= SAMPLE_MS) this.samples.push(this.latest);
    while (this.samples.length > 2 && (this.samples[1]?.at ?? at) <= at - RATE_WINDOW_MS)
      this.samples.shift();
  }

  /** Bytes (or files, when the phase has no byte total) per second; undefined until measurable. */
  rate(at: number): number | undefined {
    const first = this.samples[0];
    const last = this.latest;
    if (!first || !last) return undefined;
    // Before the window fills, the phase's start is the fairer origin: nothing was done yet.
    const origin = at - this.startedAt < RATE_WINDOW_MS ? { at: this.startedAt, amount: 0 } : first;
    const span = last.at - origin.at;
    if (span < MIN_RATE_SPAN_MS || last.amount <= origin.amount) return undefined;
    return ((last.amount - origin.amount) * 1000) / span;
  }
}

/** The status line's text: the phase, files and bytes done of total, rate, time left. */
export function statusText(update: ProgressUpdate, meter: PhaseMeter, at: number): string {
  const parts = [LABELS[update.phase]];
  const unit = UNITS[update.phase];
  // "0/1 invalidations" says nothing the label does not: counts of one thing are left out.
  const counted =
    update.total === undefined || update.total > 1 || unit === 'files' || unit === 'objects';
  if (update.done !== undefined && counted) {
    parts.push(
      update.total === undefined
        ? `${count(update.done)} ${unit}`
        : `${count(update.done)}/${count(update.total)} ${unit}`,
    );
  }
  if (update.bytes !== undefined) {
    parts.push(
      update.totalBytes === undefined
        ? formatBytes(update.bytes)
        : `${formatBytes(update.bytes)} of ${formatBytes(update.totalBytes)}`,
    );
  }
  const rate = meter.rate(at);
  const left = timeLeft(update, rate);
  if (rate !== undefined) parts.push(rateText(update, rate));
  parts.push(left === undefined ? clock(at - meter.startedAt) : `${duration(left)} left`);
  if (update.detail) parts.push(update.detail);
  return parts.join(' · ');
}

function rateText(update: ProgressUpdate, rate: number): string {
  if (update.totalBytes !== undefined) return `${formatBytes(Math.round(rate))}/s`;
  return `${count(Math.round(rate))} ${UNITS[update.phase]}/s`;
}

function timeLeft(update: ProgressUpdate, rate: number | undefined): number | undefined {
  if (rate === undefined) return undefined;
  const remaining =
    update.totalBytes !== undefined
      ? update.totalBytes - (update.bytes ?? 0)
      : update.total !== undefined
        ? update.total - (update.done ?? 0)
        : undefined;
  return remaining === undefined ? undefined : Math.max(0, remaining / rate);
}

/** Seconds left, rounded up: "9 s", "3 min 20 s", "1 h 5 min". */
export function duration(seconds: number): string {
  const whole = Math.ceil(seconds);
  if (whole < 60) return `${whole} s`;
  if (whole < 3600) return `${Math.floor(whole / 60)} min ${whole % 60} s`;
  return `${Math.floor(whole / 3600)} h ${Math.floor((whole % 3600) / 60)} min`;
}

/** Time spent in the phase, as a clock: "0:07", "12:30". */
function clock(ms: number): string {
  const whole = Math.floor(ms / 1000);
  return `${Math.floor(whole / 60)}:${String(whole % 60).padStart(2, '0')}`;
}
