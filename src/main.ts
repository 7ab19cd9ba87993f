import * as core from '@actions/core';
import { createClients } from './clients.js';
import { createDeployContext } from './create-context.js';
import { deploy } from './deploy.js';
import { errorMessage } from './errors.js';
import type { Logger } from './logger.js';
import { formatPolicy, minimalPolicy, policyNotes } from './permissions.js';
import { type DeployOrigin, outputsOf } from './report.js';
import { type InputName, parseSettings } from './settings.js';
import { summaryMarkdown } from './summary.js';

/** The action: inputs in, deploy, outputs and job summary out. Every failure ends here. */
export async function run(): Promise<void> {
  try {
    maskCredentials(process.env);
    const settings = parseSettings((name: InputName) => core.getInput(name));
    if (settings.printPolicy) {
      const policy = formatPolicy(minimalPolicy(settings));
      core.info(policy);
      for (const note of policyNotes(settings)) core.info(note);
      core.setOutput('policy', policy);
      return;
    }
    const logger = actionsLogger();
    // The SDK's own messages are two debug lines per request: only when debugging.
    const sdkLog = core.isDebug() ? logger : undefined;
    const context = createDeployContext(settings, createClients(settings, sdkLog), logger);
    const result = await deploy(context);
    for (const [name, value] of Object.entries(outputsOf(result))) core.setOutput(name, value);
    const origin = originOf(process.env);
    // Runners that do not support job summaries (act, some Gitea runners) leave this unset.
    if (process.env.GITHUB_STEP_SUMMARY) {
      await core.summary.addRaw(summaryMarkdown(result, settings, origin)).write();
    } else {
      core.info('No GITHUB_STEP_SUMMARY on this runner: the job summary was not written.');
    }
  } catch (error) {
    if (error instanceof Error && error.stack) core.debug(error.stack);
    core.setFailed(errorMessage(error));
  }
}

function actionsLogger(): Logger {
  return {
    info: core.info,
    warning: (message) => core.warning(message),
    debug: core.debug,
    group: (title, work) => core.group(title, work),
  };
}

/**
 * The commit being deployed, from the runner's variables (what @actions/github's context reads;
 * that package would also load Octokit, megabytes of code this action never calls).
 */
function originOf(env: NodeJS.ProcessEnv): DeployOrigin | undefined {
  const { GITHUB_REPOSITORY: repository, GITHUB_SHA: sha } = env;
  if (!repository || !sha) return undefined;
  return { repository, sha, serverUrl: env.GITHUB_SERVER_URL || 'https://github.com' };
}

/** Keeps credentials out of the log even if something echoes them. */
function maskCredentials(env: NodeJS.ProcessEnv): void {
  for (const name of ['AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN']) {
    const value = env[name];
    if (value) core.setSecret(value);
  }
}
