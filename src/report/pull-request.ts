// Loaded with import() only when a comment is to be written: a deploy without github-token never
// evaluates @actions/github and Octokit.
import { context, getOctokit } from '@actions/github';
import type { Logger } from '../base/logger.js';
import type { Settings } from '../inputs/settings.js';
import type { DeployResult } from './deploy-result.js';
import { type CommentSource, commentMarker, pullRequestComment } from './pull-request-comment.js';

type Octokit = ReturnType<typeof getOctokit>;

interface PullRequest {
  readonly owner: string;
  readonly repo: string;
  readonly issue_number: number;
}

/**
 * Writes the plan as this target's one comment on the event's pull request: edits the comment
 * an earlier run wrote, else adds one. Never throws: a refusal is a warning, the deploy stands.
 */
export async function commentPlan(
  result: DeployResult,
  settings: Settings,
  warnings: readonly string[],
  logger: Logger,
): Promise<void> {
  const number = context.payload.pull_request?.number;
  if (typeof number !== 'number') {
    logger.info(
      `github-token is set, but the ${context.eventName} event has no pull request: no comment.`,
    );
    return;
  }
  const pullRequest = { ...context.repo, issue_number: number };
  const body = pullRequestComment(result, settings, warnings, sourceOf(pullRequest));
  try {
    const octokit = getOctokit(settings.githubToken);
    const id = await findPlanComment(octokit, pullRequest, commentMarker(settings));
    if (id === undefined) {
      const { data } = await octokit.rest.issues.createComment({ ...pullRequest, body });
      logger.info(`Commented the plan on pull request #${number}: ${data.html_url}`);
    } else {
      const { data } = await octokit.rest.issues.updateComment({
        ...pullRequest,
        comment_id: id,
        body,
      });
      logger.info(`Updated the plan comment on pull request #${number}: ${data.html_url}`);
    }
  } catch (error) {
    logger.warning(explainGitHubError(error, number, settings.githubToken));
  }
}

function sourceOf({ owner, repo, issue_number }: PullRequest): CommentSource {
  const repository = `${context.serverUrl}/${owner}/${repo}`;
  const sha: unknown = context.payload.pull_request?.head?.sha;
  return {
    runUrl: Number.isFinite(context.runId)
      ? `${repository}/actions/runs/${context.runId}`
      : undefined,
    head:
      typeof sha === 'string'
        ? { sha, url: `${repository}/pull/${issue_number}/commits/${sha}` }
        : undefined,
  };
}

/**
 * The comment an earlier run wrote: it starts with this target's marker AND its author is a bot
 * (a workflow's GITHUB_TOKEN writes as github-actions[bot], an app as its own bot) or the
 * token's own account. A person's comment is never edited, even if it quotes the marker.
 */
async function findPlanComment(
  octokit: Octokit,
  pullRequest: PullRequest,
  marker: string,
): Promise<number | undefined> {
  const comments = await octokit.paginate(octokit.rest.issues.listComments, {
    ...pullRequest,
    per_page: 100,
  });
  const marked = comments.filter((comment) => comment.body?.startsWith(marker));
  const byBot = marked.find((comment) => comment.user?.type === 'Bot');
  if (byBot || marked.length === 0) return byBot?.id;
  // Only a personal token writes as a user; asked only then (a GITHUB_TOKEN may not call /user).
  const login = await ownLogin(octokit);
  return marked.find((comment) => login !== undefined && comment.user?.login === login)?.id;
}

async function ownLogin(octokit: Octokit): Promise<string | undefined> {
  try {
    return (await octokit.rest.users.getAuthenticated()).data.login;
  } catch {
    return undefined;
  }
}

/** One line that says what to change; the status decides, GitHub's own words follow. */
export function explainGitHubError(error: unknown, number: number, token: string): string {
  const { status, message } = error as { status?: number; message?: string };
  // The runner masks the token too; a message that echoed it must not depend on that.
  const said = message ? ` GitHub said: ${token ? message.replaceAll(token, '***') : message}` : '';
  const failed = `Could not comment the plan on pull request #${number}`;
  const unaffected = 'The deploy is unaffected; the plan is in the job summary.';
  if (status === 403 && /rate limit/i.test(message ?? ''))
    return `${failed}: GitHub's rate limit was reached (403). ${unaffected}${said}`;
  if (status === 403)
    return `${failed}: the token may not write comments (403). Add "pull-requests: write" to the job's permissions. On a pull request from a fork the token is read-only whatever the permissions. ${unaffected}${said}`;
  if (status === 401)
    return `${failed}: GitHub did not accept the github-token (401); pass \${{ github.token }} or a valid token. ${unaffected}${said}`;
  if (status === 404)
    return `${failed}: the repository or pull request was not found with this token (404). ${unaffected}${said}`;
  return `${failed}${status ? ` (HTTP ${status})` : ''}. ${unaffected}${said}`;
}
