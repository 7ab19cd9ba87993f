import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClients } from '../aws/clients.js';
import { createDeployContext } from '../aws/create-context.js';
import { formatPolicy, minimalPolicy, policyNotes } from '../aws/policy.js';
import { showControlCharacters } from '../base/control-characters.js';
import { errorMessage } from '../base/errors.js';
import { writeJsonFile } from '../base/json-pieces.js';
import type { Logger } from '../base/logger.js';
import { deploy } from '../deploy.js';
import { type InputName, parseSettings, type Settings } from '../inputs/settings.js';
import { DeployFailure, type DeployResult } from '../report/deploy-result.js';
import { failedBeforeWritingMarkdown } from '../report/failure-summary.js';
import { outputsOf, RESULT_FILE_JSON, resultFileValue } from '../report/outputs.js';
import { summaryMarkdown } from '../report/summary.js';
import type { DeployOrigin } from '../report/text.js';
import { rollback } from '../rollback.js';
import * as runner from './runner.js';

/** The action: inputs in, deploy, outputs and job summary out. Every failure ends here. */
export async function run(): Promise<void> {
  try {
    maskCredentials(process.env);
    const settings = parseSettings((name: InputName) => runner.getInput(name));
    if (settings.printPolicy) {
      const policy = formatPolicy(minimalPolicy(settings));
      runner.info(policy);
      for (const note of policyNotes(settings)) runner.info(note);
      runner.setOutput('policy', policy);
      return;
    }
    const warnings: string[] = [];
    const logger = actionsLogger(warnings);
    // The SDK's own messages are two debug lines per request: only when debugging.
    const sdkLog = runner.isDebug() ? logger : undefined;
    const context = createDeployContext(settings, createClients(settings, sdkLog), logger);
    let result: DeployResult;
    try {
      result = await (settings.rollbackTo ? rollback(context) : deploy(context));
    } catch (error) {
      // The summary is where people look first: it says what was done, also when it failed.
      writeSummary(
        error instanceof DeployFailure
          ? summaryMarkdown(error.result, settings, originOf(process.env))
          : failedBeforeWritingMarkdown(errorMessage(error)),
      );
      throw error;
    }
    const resultFile = writeResultFile(result);
    for (const [name, value] of Object.entries(outputsOf(result, resultFile))) {
      runner.setOutput(name, value);
    }
    writeSummary(summaryMarkdown(result, settings, originOf(process.env)));
    if (settings.githubToken) await commentOnPullRequest(result, settings, warnings, logger);
  } catch (error) {
    if (error instanceof Error && error.stack) runner.debug(error.stack);
    runner.setFailed(errorMessage(error));
  }
}

function writeSummary(markdown: string): void {
  // Runners that do not support job summaries (act, some Gitea runners) leave this unset.
  if (!process.env.GITHUB_STEP_SUMMARY) {
    runner.info('No GITHUB_STEP_SUMMARY on this runner: the job summary was not written.');
    return;
  }
  try {
    runner.appendSummary(markdown);
  } catch (error) {
    runner.warning(`The job summary could not be written: ${errorMessage(error)}`);
  }
}

/** The full lists, for the `result-file` output: outputs themselves are capped. */
function writeResultFile(result: DeployResult): string {
  const folder = process.env.RUNNER_TEMP || tmpdir();
  const path = join(folder, `s3-cf-sync-${randomBytes(6).toString('hex')}.json`);
  try {
    writeJsonFile(path, resultFileValue(result), RESULT_FILE_JSON);
    return path;
  } catch (error) {
    runner.warning(`The result file could not be written to ${folder}: ${errorMessage(error)}`);
    return '';
  }
}

function actionsLogger(warnings: string[]): Logger {
  return {
    info: (message) => runner.info(showControlCharacters(message)),
    // The log keeps every file's line: it is read after the run, not watched.
    detail: (message) => runner.info(showControlCharacters(message)),
    warning: (message) => {
      warnings.push(message);
      runner.warning(message);
    },
    debug: runner.debug,
    group: (title, work) => runner.group(showControlCharacters(title), work),
  };
}

/** The plan on the pull request; @actions/github and Octokit are loaded only here. */
async function commentOnPullRequest(
  result: DeployResult,
  settings: Settings,
  warnings: readonly string[],
  logger: Logger,
): Promise<void> {
  const event = process.env.GITHUB_EVENT_NAME ?? '';
  // pull_request, pull_request_target and the review events carry the pull request.
  if (!event.startsWith('pull_request')) {
    logger.info(
      `github-token is set, but this ${event || 'run'} is not a pull-request event: no comment.`,
    );
    return;
  }
  try {
    const { commentPlan } = await import('../report/pull-request.js');
    await commentPlan(result, settings, warnings, logger);
  } catch (error) {
    // The deploy is done: a comment that cannot be written never fails it.
    logger.warning(`Could not comment the plan on the pull request: ${errorMessage(error)}`);
  }
}

/**
 * The commit being deployed, from the runner's variables (what @actions/github's context reads;
 * importing that package here would load Octokit into every deploy).
 */
function originOf(env: NodeJS.ProcessEnv): DeployOrigin | undefined {
  const { GITHUB_REPOSITORY: repository, GITHUB_SHA: sha } = env;
  if (!repository || !sha) return undefined;
  return { repository, sha, serverUrl: env.GITHUB_SERVER_URL || 'https://github.com' };
}

/** Keeps credentials out of the log even if something echoes them. */
function maskCredentials(env: NodeJS.ProcessEnv): void {
  const secrets = [
    env.AWS_SECRET_ACCESS_KEY,
    env.AWS_SESSION_TOKEN,
    runner.getInput('github-token'),
  ];
  for (const value of secrets) if (value) runner.setSecret(value);
}
