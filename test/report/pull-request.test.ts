import { afterAll, beforeEach, describe, expect, test } from 'vitest';
import { memoryLogger } from '../../src/base/logger.js';
import { commentMarker } from '../../src/report/pull-request-comment.js';
import { hashed, remote, resultOf, settingsFor, upload } from '../support/deploy-results.js';
import {
  ACTIONS_BOT,
  type GitHubUser,
  pullRequestEventFile,
  startGitHubServer,
} from '../support/github-server.js';

// The real @actions/github and Octokit against the loopback GitHub API. @actions/github reads the
// event and the API URL once, when loaded: the environment is set before the import below.
const ACTIONS_TOKEN = 'ghs_actions0000000000000000000000000000';
const READ_ONLY_TOKEN = 'ghs_readonly00000000000000000000000000';
const PERSONAL_TOKEN = 'ghp_personal0000000000000000000000000000';
const OCTOCAT: GitHubUser = { login: 'octocat', id: 583231, type: 'User' };
const REVIEWER: GitHubUser = { login: 'reviewer', id: 1001, type: 'User' };
const github = await startGitHubServer({
  [ACTIONS_TOKEN]: { user: ACTIONS_BOT, canWrite: true, canReadUser: false },
  [READ_ONLY_TOKEN]: { user: ACTIONS_BOT, canWrite: false, canReadUser: false },
  [PERSONAL_TOKEN]: { user: OCTOCAT, canWrite: true, canReadUser: true },
});
const PULL_REQUEST = 7;
const HEAD = 'abcdef0123456789abcdef0123456789abcdef01';
Object.assign(process.env, {
  GITHUB_API_URL: github.endpoint,
  GITHUB_EVENT_NAME: 'pull_request',
  GITHUB_EVENT_PATH: pullRequestEventFile(PULL_REQUEST, HEAD),
  GITHUB_SERVER_URL: 'https://github.com',
  GITHUB_RUN_ID: '4242',
});
const { commentPlan } = await import('../../src/report/pull-request.js');
afterAll(() => github.stop());

// Each test gets a repository of its own on the one server.
let repository = '';
let tests = 0;
beforeEach(() => {
  repository = `octo/site-${++tests}`;
  process.env.GITHUB_REPOSITORY = repository;
});

const settings = (token: string, inputs: Record<string, string> = {}) =>
  settingsFor({ 'github-token': token, 'delete-removed': 'true', ...inputs });
const result = resultOf({
  uploads: [upload('new', 'posts/hello/index.html')],
  deletes: [remote('old.html')],
  unchanged: [hashed('index.html')],
});
const comments = () => github.comments(repository, PULL_REQUEST);
const writes = () =>
  github.requests.filter((r) => r.path.startsWith(`/repos/${repository}/`) && r.method !== 'GET');

describe('the plan comment on a pull request', () => {
  test('the first run adds one comment, the second edits it in place', async () => {
    const logger = memoryLogger();
    await commentPlan(result, settings(ACTIONS_TOKEN), [], logger);
    expect(comments()).toHaveLength(1);
    const [first] = comments();
    expect(first?.user.login).toBe('github-actions[bot]');
    expect(first?.body.startsWith(commentMarker(settings('')))).toBe(true);
    expect(first?.body).toContain('1 to upload, 1 to delete, 1 unchanged');
    expect(first?.body).toContain(`/pull/${PULL_REQUEST}/commits/${HEAD}`);
    expect(first?.body).toContain(`https://github.com/${repository}/actions/runs/4242`);
    expect(logger.lines).toContain(
      `Commented the plan on pull request #${PULL_REQUEST}: ${first?.html_url}`,
    );

    const later = resultOf({ uploads: [upload('changed', 'index.html')] });
    await commentPlan(later, settings(ACTIONS_TOKEN), [], logger);
    expect(comments()).toHaveLength(1);
    expect(comments()[0]?.id).toBe(first?.id);
    expect(comments()[0]?.body).toContain('1 to upload, 0 to delete');
    expect(writes().map((r) => r.method)).toEqual(['POST', 'PATCH']);
    expect(logger.lines.at(-1)).toBe(
      `Updated the plan comment on pull request #${PULL_REQUEST}: ${first?.html_url}`,
    );
  });

  test("never edits someone else's comment, even one that starts with the marker", async () => {
    const marker = commentMarker(settings(''));
    const pasted = `${marker}\nI pasted the plan here to discuss it.`;
    const theirs = github.addComment(repository, PULL_REQUEST, REVIEWER, pasted);
    await commentPlan(result, settings(ACTIONS_TOKEN), [], memoryLogger());
    expect(comments()).toHaveLength(2);
    expect(comments()[0]).toEqual(theirs);
    expect(comments()[1]?.user.login).toBe('github-actions[bot]');
    expect(writes().map((r) => r.method)).toEqual(['POST']);
  });

  test("leaves another target's plan alone: one comment per bucket and prefix", async () => {
    await commentPlan(result, settings(ACTIONS_TOKEN, { prefix: 'docs' }), [], memoryLogger());
    await commentPlan(result, settings(ACTIONS_TOKEN), [], memoryLogger());
    await commentPlan(result, settings(ACTIONS_TOKEN), [], memoryLogger());
    expect(comments()).toHaveLength(2);
    expect(comments()[0]?.body).toContain('s3://example-site/docs/');
    expect(comments()[1]?.body).toContain('s3://example-site/blog/');
  });

  test("with a personal token, edits the comment of the token's own account", async () => {
    const marker = commentMarker(settings(''));
    const own = github.addComment(repository, PULL_REQUEST, OCTOCAT, `${marker}\nold plan`);
    github.addComment(repository, PULL_REQUEST, REVIEWER, `${marker}\nnot mine`);
    await commentPlan(result, settings(PERSONAL_TOKEN), [], memoryLogger());
    expect(comments()).toHaveLength(2);
    expect(comments()[0]?.id).toBe(own.id);
    expect(comments()[0]?.body).toContain('1 to upload');
    expect(comments()[1]?.body).toBe(`${marker}\nnot mine`);
  });

  test('finds its comment past the first page of 100', async () => {
    for (let i = 0; i < 150; i++)
      github.addComment(repository, PULL_REQUEST, REVIEWER, `LGTM ${i}`);
    await commentPlan(result, settings(ACTIONS_TOKEN), [], memoryLogger());
    await commentPlan(result, settings(ACTIONS_TOKEN), [], memoryLogger());
    expect(comments()).toHaveLength(151);
    expect(writes().map((r) => r.method)).toEqual(['POST', 'PATCH']);
    const pages = github.requests.filter(
      (r) => r.method === 'GET' && r.path.startsWith(`/repos/${repository}/`),
    );
    expect(pages.map((r) => new URL(r.path, 'http://x').searchParams.get('page') ?? '1')).toEqual([
      '1',
      '2',
      '1',
      '2',
    ]);
  });

  test('a 403 (a read-only token) is a warning naming pull-requests: write', async () => {
    const logger = memoryLogger();
    await expect(
      commentPlan(result, settings(READ_ONLY_TOKEN), [], logger),
    ).resolves.toBeUndefined();
    expect(comments()).toHaveLength(0);
    const [warning, ...others] = logger.lines.filter((line) => line.startsWith('warning: '));
    expect(others).toEqual([]);
    expect(warning).toContain(`Could not comment the plan on pull request #${PULL_REQUEST}`);
    expect(warning).toContain('Add "pull-requests: write" to the job\'s permissions');
    expect(warning).toContain('Resource not accessible by integration');
  });

  test('a token GitHub does not accept is a warning that never shows the token', async () => {
    const token = 'ghp_wrong00000000000000000000000000000';
    const logger = memoryLogger();
    await commentPlan(result, settings(token), [], logger);
    expect(logger.lines.join('\n')).toContain('GitHub did not accept the github-token (401)');
    expect(logger.lines.join('\n')).toContain('Bad credentials');
    expect(logger.lines.join('\n')).not.toContain(token);
  });
});

describe('the loopback GitHub API', () => {
  test('refuses a request without a token or with an unknown one, as GitHub does', async () => {
    const url = `${github.endpoint}/repos/octo/blog/issues/1/comments`;
    const anonymous = await fetch(url);
    expect(anonymous.status).toBe(401);
    expect(await anonymous.json()).toMatchObject({ message: 'Requires authentication' });
    const wrong = await fetch(url, { headers: { authorization: 'token nope' } });
    expect(wrong.status).toBe(401);
    const bearer = await fetch(url, { headers: { authorization: `Bearer ${ACTIONS_TOKEN}` } });
    expect(bearer.status).toBe(200);
  });
});
