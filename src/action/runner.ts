// What the action says to the Actions runner, by the runner's own protocol: inputs from
// `INPUT_*` variables, outputs and the job summary appended to the files the runner names, and
// workflow commands (`::warning::`, `::group::`, `::add-mask::`) on stdout.
//
// This is the part of @actions/core the action uses, written out. @actions/core 3 imports its
// OIDC helper's HTTP client (about 1 MB bundled) on load, which every deploy paid for in
// start-up time without ever calling it (`node bench/startup.mjs`; figures in bench/README.md).
// test/action/runner.test.ts runs each function beside @actions/core's and compares what the
// runner receives.
import { randomUUID } from 'node:crypto';
import { accessSync, appendFileSync, constants, existsSync } from 'node:fs';
import { EOL } from 'node:os';

/** An input as the runner passes it: `INPUT_` + the name upper-cased, spaces as `_`; trimmed. */
export function getInput(name: string): string {
  return (process.env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] ?? '').trim();
}

/** A step output: a heredoc in the file `GITHUB_OUTPUT` names, else the old `set-output`. */
export function setOutput(name: string, value: string): void {
  const file = process.env.GITHUB_OUTPUT;
  if (!file) {
    process.stdout.write(EOL);
    issue('set-output', value, { name });
    return;
  }
  // A delimiter no value can contain by chance; one that does is refused, not cut short.
  const delimiter = `ghadelimiter_${randomUUID()}`;
  if (name.includes(delimiter) || value.includes(delimiter))
    throw new Error(`The output ${name} contains its own delimiter "${delimiter}".`);
  appendFileCommand(file, `${name}<<${delimiter}${EOL}${value}${EOL}${delimiter}`);
}

/** Markdown appended to the job summary (`GITHUB_STEP_SUMMARY`, which the caller checked). */
export function appendSummary(markdown: string): void {
  const file = process.env.GITHUB_STEP_SUMMARY ?? '';
  try {
    accessSync(file, constants.R_OK | constants.W_OK);
  } catch {
    throw new Error(
      `Unable to access summary file: '${file}'. Check if the file has correct read/write permissions.`,
    );
  }
  appendFileSync(file, markdown, 'utf8');
}

export function info(message: string): void {
  process.stdout.write(message + EOL);
}

export function warning(message: string): void {
  issue('warning', message);
}

export function error(message: string): void {
  issue('error', message);
}

export function debug(message: string): void {
  issue('debug', message);
}

/** Whether the run was started with debug logging (re-run with "Enable debug logging"). */
export function isDebug(): boolean {
  return process.env.RUNNER_DEBUG === '1';
}

/** Tells the runner to mask `secret` wherever it would appear in the log. */
export function setSecret(secret: string): void {
  issue('add-mask', secret);
}

/** Lines printed during `work` fold under `title` in the log. */
export async function group<T>(title: string, work: () => Promise<T>): Promise<T> {
  issue('group', title);
  try {
    return await work();
  } finally {
    issue('endgroup');
  }
}

/** The step fails (exit code 1) with `message` as its error annotation. */
export function setFailed(message: string): void {
  process.exitCode = 1;
  error(message);
}

/** `::name key=value::message`, escaped so a message cannot end the command or start another. */
function issue(name: string, message = '', properties: Record<string, string> = {}): void {
  const pairs = Object.entries(properties)
    .filter(([, value]) => value)
    .map(([key, value]) => `${key}=${escapeProperty(value)}`)
    .join(',');
  process.stdout.write(`::${name}${pairs ? ` ${pairs}` : ''}::${escapeData(message)}${EOL}`);
}

function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

function appendFileCommand(file: string, text: string): void {
  if (!existsSync(file)) throw new Error(`Missing file at path: ${file}`);
  appendFileSync(file, `${text}${EOL}`, 'utf8');
}
