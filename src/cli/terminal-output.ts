import { showControlCharacters } from '../base/control-characters.js';
import type { Logger, ProgressUpdate } from '../base/logger.js';
import { LiveStatus, PeriodicStatus, type TerminalStream } from './status-display.js';

/** How much the CLI says, and where: --quiet, --verbose, --json. */
export interface OutputOptions {
  readonly quiet: boolean;
  readonly verbose: boolean;
  readonly json: boolean;
}

export interface TerminalOutput {
  readonly logger: Logger;
  /** The human summary at the end: stdout, or stderr when stdout carries --json. */
  summary(text: string): void;
  /** The machine-readable result, alone on stdout. */
  result(json: string): void;
  error(text: string): void;
  /** Erases the status line; call before the summary or the error. */
  close(): void;
}

const YELLOW = '\x1b[33m';
const RED = '\x1b[31m';
const RESET = '\x1b[0m';

/**
 * The CLI's output. On a terminal the engine's progress is one status line redrawn in place and
 * the per-file lines wait for --verbose; elsewhere (a pipe, a CI log) progress is a plain line
 * every few seconds, with no carriage return or escape sequence. Colour only on a terminal, and
 * never with NO_COLOR (https://no-color.org: set and not empty).
 */
export function terminalOutput(
  options: OutputOptions,
  streams: { readonly stdout: TerminalStream; readonly stderr: TerminalStream },
  env: NodeJS.ProcessEnv,
): TerminalOutput {
  const { stdout, stderr } = streams;
  const log = options.json ? stderr : stdout;
  const noColor = Boolean(env.NO_COLOR);
  const live = Boolean(log.isTTY) && env.TERM !== 'dumb' && !options.quiet;
  const status = live ? new LiveStatus(log, !noColor) : undefined;
  const periodic =
    !live && !options.quiet ? new PeriodicStatus((line) => write(log, `  ${line}`)) : undefined;
  const paint = (stream: TerminalStream, colour: string, text: string) =>
    stream.isTTY && !noColor && env.TERM !== 'dumb' ? `${colour}${text}${RESET}` : text;
  function write(stream: TerminalStream, line: string): void {
    if (status) status.print(stream, line);
    else stream.write(`${line}\n`);
  }
  const say = (line: string) => {
    if (!options.quiet) write(log, line);
  };
  // Every line shows control characters escaped: a file name cannot start a line of its own (the
  // CLI may run in a workflow, whose runner executes lines starting with `::`) nor send escapes.
  const show = showControlCharacters;
  const logger: Logger = {
    info: (message) => say(`  ${show(message)}`),
    detail: (message) => {
      if (options.verbose) say(`  ${show(message)}`);
    },
    warning: (message) => write(stderr, `  ${paint(stderr, YELLOW, 'warning:')} ${show(message)}`),
    debug: (message) => {
      if (env.DEBUG) write(log, `  debug: ${show(message)}`);
    },
    group: async (title, work) => {
      say(show(title));
      return work();
    },
    progress: (update: ProgressUpdate) => {
      if (status) status.show(update);
      else periodic?.show(update);
    },
  };
  return {
    logger,
    summary: (text) => write(log === stderr ? stderr : stdout, `\n${text}`),
    result: (json) => stdout.write(json.endsWith('\n') ? json : `${json}\n`),
    error: (text) => write(stderr, `\n${paint(stderr, RED, 'Error:')} ${text}`),
    close: () => status?.stop(),
  };
}
