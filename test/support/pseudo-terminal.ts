import { spawn } from 'node:child_process';
import xterm from '@xterm/headless';

export interface TerminalRun {
  readonly code: number;
  /** Every byte the program wrote to the terminal, escape sequences included. */
  readonly raw: string;
  /** What a person sees once it exited: the scrollback and the screen, as a terminal drew them. */
  readonly screen: readonly string[];
}

export interface TerminalOptions {
  readonly env: NodeJS.ProcessEnv;
  readonly cols?: number;
  readonly rows?: number;
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: finding them is the point
export const COLOUR = /\x1b\[[0-9;]*m/;
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding them is the point
export const ESCAPE_OR_RETURN = /[\x1b\r]/;

const quoted = (arg: string) => `'${arg.replaceAll("'", `'\\''`)}'`;

/**
 * Runs a program on a real pseudo-terminal (util-linux `script`: stdout and stderr are a TTY of
 * `cols` x `rows`), then replays what it wrote through a terminal emulator (xterm.js, headless)
 * to get the screen a person would see. No `isTTY` is faked anywhere.
 */
export async function runInTerminal(
  argv: readonly string[],
  { env, cols = 100, rows = 30 }: TerminalOptions,
): Promise<TerminalRun> {
  const command = `stty cols ${cols} rows ${rows}; exec ${argv.map(quoted).join(' ')}`;
  // -q: no "Script started" banner; -e: its exit code is the program's; -f: flush as written.
  const child = spawn('script', ['-qefc', command, '/dev/null'], {
    env: { TERM: 'xterm-256color', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const chunks: Buffer[] = [];
  const errors: Buffer[] = [];
  child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
  child.stderr.on('data', (chunk: Buffer) => errors.push(chunk));
  const code = await new Promise<number>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (status) => resolve(status ?? -1));
  });
  const stray = Buffer.concat(errors).toString('utf8');
  if (stray) throw new Error(`script wrote to its own stderr: ${stray}`);
  const raw = Buffer.concat(chunks).toString('utf8');
  return { code, raw, screen: await render(raw, cols, rows) };
}

/** The lines a terminal of that size shows after `raw`, scrollback first, without trailing blanks. */
export async function render(raw: string, cols: number, rows: number): Promise<string[]> {
  const terminal = new xterm.Terminal({ cols, rows, scrollback: 100_000, allowProposedApi: true });
  await new Promise<void>((resolve) => terminal.write(raw, resolve));
  const buffer = terminal.buffer.active;
  const lines: string[] = [];
  for (let index = 0; index < buffer.length; index++) {
    lines.push(buffer.getLine(index)?.translateToString(true) ?? '');
  }
  terminal.dispose();
  while (lines.length > 0 && lines.at(-1) === '') lines.pop();
  return lines;
}

/**
 * The status lines drawn in place, colours removed: each is written after "carriage return, erase
 * line" and never ends a line (a log line printed above it does).
 */
export function statusFrames(raw: string): string[] {
  return raw
    .split('\r\x1b[2K')
    .slice(1)
    .filter((segment) => segment !== '' && !segment.includes('\n'))
    .map((frame) => frame.replace(new RegExp(COLOUR.source, 'g'), ''));
}
