import { createClients } from '../aws/clients.js';
import { createDeployContext } from '../aws/create-context.js';
import { formatPolicy, minimalPolicy, policyNotes } from '../aws/policy.js';
import { showControlCharacters } from '../base/control-characters.js';
import { DeployError, errorMessage } from '../base/errors.js';
import type { Logger } from '../base/logger.js';
import { deploy } from '../deploy.js';
import { parseSettings } from '../inputs/settings.js';
import { terminalSummary } from '../report/terminal-summary.js';
import { CLI_USAGE, inputsFromArgs } from './args.js';
import { subcommandOf } from './history-rollback.js';

/** The command line: same inputs, same engine, a terminal summary and exit codes. */
export async function main(argv: readonly string[]): Promise<number> {
  try {
    const subcommand = subcommandOf(argv);
    if (subcommand) return await subcommand(console.log);
    const inputs = inputsFromArgs(argv);
    if (inputs === 'help') {
      console.log(CLI_USAGE);
      return 0;
    }
    const settings = parseSettings((name) => inputs[name] ?? '');
    if (settings.printPolicy) {
      console.log(formatPolicy(minimalPolicy(settings)));
      // On stderr, so that stdout stays the policy JSON alone.
      for (const note of policyNotes(settings)) console.error(note);
      return 0;
    }
    const logger = terminalLogger();
    // The SDK's own messages only when debugging, as in the action.
    const sdkLog = process.env.DEBUG ? logger : undefined;
    const context = createDeployContext(settings, createClients(settings, sdkLog), logger);
    const result = await deploy(context);
    console.log(`\n${terminalSummary(result, settings)}`);
    return 0;
  } catch (error) {
    console.error(`\nError: ${errorMessage(error)}`);
    if (process.env.DEBUG && error instanceof Error) console.error(error.stack);
    return error instanceof DeployError && error.badInput ? 2 : 1;
  }
}

/**
 * Every line shows control characters escaped: a file name cannot start a line of its own (the
 * CLI may run in a workflow, whose runner executes lines starting with `::`) nor send terminal
 * escape sequences.
 */
function terminalLogger(): Logger {
  const verbose = Boolean(process.env.DEBUG);
  const show = showControlCharacters;
  return {
    info: (message) => console.log(`  ${show(message)}`),
    warning: (message) => console.warn(`  warning: ${show(message)}`),
    debug: (message) => {
      if (verbose) console.log(`  debug: ${show(message)}`);
    },
    group: async (title, work) => {
      console.log(show(title));
      return work();
    },
  };
}
