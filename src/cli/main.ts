import packageJson from '../../package.json' with { type: 'json' };
import { createClients } from '../aws/clients.js';
import { createDeployContext } from '../aws/create-context.js';
import { formatPolicy, minimalPolicy, policyNotes } from '../aws/policy.js';
import { DeployError, errorMessage } from '../base/errors.js';
import { deploy } from '../deploy.js';
import { parseSettings } from '../inputs/settings.js';
import { resultFileJson } from '../report/outputs.js';
import { terminalSummary } from '../report/terminal-summary.js';
import { parseCommandLine } from './args.js';
import { usage } from './help.js';
import { historyCommand, rollbackCommand } from './history-rollback.js';
import { checkNode } from './node-support.js';
import type { TerminalStream } from './status-display.js';
import { type OutputOptions, type TerminalOutput, terminalOutput } from './terminal-output.js';

/** Exit codes, as --help and the README say them. */
export const EXIT = { done: 0, failed: 1, badArguments: 2 } as const;

export const VERSION: string = packageJson.version;

/** Where a command writes, and the environment it reads (NO_COLOR, TERM, DEBUG). */
export interface CliIo {
  readonly stdout: TerminalStream;
  readonly stderr: TerminalStream;
  readonly env: NodeJS.ProcessEnv;
}

/** A subcommand: the arguments after its name in, an exit code out. */
export type Command = (argv: readonly string[], io: CliIo) => Promise<number>;

// Subcommands, by the first word of the command line (`s3-cf-sync NAME ...`); without one the
// command line is a deploy. A folder named like a command is given as ./NAME.
const COMMANDS: Readonly<Record<string, Command>> = {
  history: (argv, io) => guarded(historyCommand, argv, io),
  rollback: (argv, io) => guarded(rollbackCommand, argv, io),
};

const PLAIN: OutputOptions = { quiet: false, verbose: false, json: false };

/** The command line: same inputs, same engine, a terminal summary and exit codes. */
export async function main(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  const [first, ...rest] = argv;
  const command =
    first !== undefined && Object.hasOwn(COMMANDS, first) ? COMMANDS[first] : undefined;
  if (!command) return deployCommand(argv, io);
  // Before the command makes its AWS clients: the one line about Node, not the SDK's ten.
  if (!checkNode(process.version, io.stderr, io.env)) return EXIT.failed;
  return command(rest, io);
}

async function deployCommand(argv: readonly string[], io: CliIo): Promise<number> {
  let output: TerminalOutput | undefined;
  try {
    const line = parseCommandLine(argv);
    if (line.kind === 'help') return printed(io.stdout, usage());
    if (line.kind === 'version') return printed(io.stdout, `s3-cf-sync ${VERSION}`);
    const settings = parseSettings((name) => line.inputs[name] ?? '');
    if (settings.printPolicy) {
      io.stdout.write(`${formatPolicy(minimalPolicy(settings))}\n`);
      // On stderr, so that stdout stays the policy JSON alone.
      for (const note of policyNotes(settings)) io.stderr.write(`${note}\n`);
      return EXIT.done;
    }
    if (!checkNode(process.version, io.stderr, io.env)) return EXIT.failed;
    output = terminalOutput(line.output, io, io.env);
    // The SDK's own messages only when debugging, as in the action.
    const sdkLog = io.env.DEBUG ? output.logger : undefined;
    const context = createDeployContext(settings, createClients(settings, sdkLog), output.logger);
    const result = await deploy(context);
    output.close();
    output.summary(terminalSummary(result, settings));
    if (line.output.json) output.result(resultFileJson(result));
    return EXIT.done;
  } catch (error) {
    return failed(error, output ?? terminalOutput(PLAIN, io, io.env), io);
  }
}

/**
 * The one error path of every command: the message on stderr, nothing on stdout (a failed deploy
 * has no result to give), and the exit code --help documents.
 */
export function failed(error: unknown, output: TerminalOutput, io: CliIo): number {
  output.close();
  output.error(errorMessage(error));
  if (io.env.DEBUG && error instanceof Error && error.stack) io.stderr.write(`${error.stack}\n`);
  return error instanceof DeployError && error.badInput ? EXIT.badArguments : EXIT.failed;
}

/** A subcommand that prints its result line by line on stdout, through the one error path. */
async function guarded(
  command: (argv: readonly string[], print: (line: string) => void) => Promise<number>,
  argv: readonly string[],
  io: CliIo,
): Promise<number> {
  try {
    return await command(argv, (line) => io.stdout.write(`${line}\n`));
  } catch (error) {
    return failed(error, terminalOutput(PLAIN, io, io.env), io);
  }
}

function printed(stream: TerminalStream, text: string): number {
  stream.write(`${text}\n`);
  return EXIT.done;
}

function processIo(): CliIo {
  return { stdout: process.stdout, stderr: process.stderr, env: process.env };
}
