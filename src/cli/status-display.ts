import type { ProgressUpdate } from '../base/logger.js';
import { PhaseMeter, statusText } from './status-line.js';

/** What the CLI writes to: process.stdout or process.stderr, or a test's stand-in. */
export interface TerminalStream {
  write(text: string): unknown;
  readonly isTTY?: boolean;
  readonly columns?: number;
}

// Carriage return, then "erase the whole line" (ECMA-48 EL 2): the line is redrawn in place.
const REDRAW = '\r\x1b[2K';
const BOLD = '\x1b[1m';
const RESET = '\x1b[0m';
// A terminal redraws at most this often; a new phase is drawn at once.
const REDRAW_MS = 100;
// Without updates (waiting for CloudFront), the clock still moves once a second.
const TICK_MS = 1_000;

/**
 * One status line on a terminal, redrawn in place; the log's lines are printed above it. It is
 * cut to the terminal's width: a line that wrapped could no longer be redrawn.
 */
export class LiveStatus {
  private update: ProgressUpdate | undefined;
  private meter: PhaseMeter | undefined;
  private drawnAt = Number.NEGATIVE_INFINITY;
  private shown = false;
  private ticker: NodeJS.Timeout | undefined;

  constructor(
    private readonly terminal: TerminalStream,
    private readonly color: boolean,
    private readonly now: () => number = Date.now,
    private readonly tickMs = TICK_MS,
  ) {}

  show(update: ProgressUpdate): void {
    const at = this.now();
    const newPhase = update.phase !== this.update?.phase;
    if (newPhase || !this.meter) this.meter = new PhaseMeter(update.phase, at);
    this.meter.add(update, at);
    this.update = update;
    if (newPhase || at - this.drawnAt >= REDRAW_MS) this.draw();
    if (!this.ticker && this.tickMs > 0) {
      this.ticker = setInterval(() => this.draw(), this.tickMs);
      this.ticker.unref();
    }
  }

  /** Writes a whole line of the log (to `stream`, the terminal or its stderr) above the status. */
  print(stream: TerminalStream, line: string): void {
    this.erase();
    stream.write(`${line}\n`);
    if (this.update) this.draw();
  }

  /** Erases the status line for good: the summary follows. */
  stop(): void {
    if (this.ticker) clearInterval(this.ticker);
    this.ticker = undefined;
    this.erase();
    this.update = undefined;
  }

  private draw(): void {
    if (!this.update || !this.meter) return;
    const at = this.now();
    const text = cut(statusText(this.update, this.meter, at), (this.terminal.columns || 80) - 1);
    this.terminal.write(REDRAW + (this.color ? emphasisedLabel(text) : text));
    this.drawnAt = at;
    this.shown = true;
  }

  private erase(): void {
    if (this.shown) this.terminal.write(REDRAW);
    this.shown = false;
  }
}

/** Without a terminal (a pipe, a CI log): a plain line every `intervalMs` while a phase lasts. */
export class PeriodicStatus {
  private meter: PhaseMeter | undefined;
  private reportedAt = 0;

  constructor(
    private readonly writeLine: (line: string) => void,
    private readonly intervalMs = 5_000,
    private readonly now: () => number = Date.now,
  ) {}

  show(update: ProgressUpdate): void {
    const at = this.now();
    if (update.phase !== this.meter?.phase) {
      this.meter = new PhaseMeter(update.phase, at);
      this.reportedAt = at;
    }
    this.meter.add(update, at);
    const finished = update.total !== undefined && update.done === update.total;
    if (at - this.reportedAt < this.intervalMs || finished) return;
    this.reportedAt = at;
    this.writeLine(`Progress: ${statusText(update, this.meter, at)}.`);
  }
}

function cut(text: string, width: number): string {
  return text.length <= width ? text : `${text.slice(0, Math.max(0, width - 1))}…`;
}

function emphasisedLabel(text: string): string {
  const end = text.indexOf(' · ');
  return end < 0
    ? `${BOLD}${text}${RESET}`
    : `${BOLD}${text.slice(0, end)}${RESET}${text.slice(end)}`;
}
