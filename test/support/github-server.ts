import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// A loopback GitHub REST API: the issue-comment endpoints a pull-request comment needs, and
// GET /user, with GitHub's authentication, permissions, pagination and JSON error shapes.

export interface GitHubUser {
  readonly login: string;
  readonly id: number;
  readonly type: 'User' | 'Bot';
}

export interface GitHubToken {
  /** Who the token writes as: github-actions[bot] for a workflow's GITHUB_TOKEN. */
  readonly user: GitHubUser;
  /** False for a fork's read-only token or one without `pull-requests: write`. */
  readonly canWrite: boolean;
  /** False for a GITHUB_TOKEN or an app's token: GET /user is not theirs to call. */
  readonly canReadUser: boolean;
}

export interface IssueComment {
  readonly id: number;
  readonly body: string;
  readonly user: GitHubUser;
  readonly html_url: string;
}

export interface RecordedRequest {
  readonly method: string;
  /** Path and query string. */
  readonly path: string;
  readonly status: number;
}

export interface GitHubServer {
  /** The API base URL, as GITHUB_API_URL gives it. */
  readonly endpoint: string;
  readonly requests: readonly RecordedRequest[];
  /** The comments on one issue or pull request, oldest first. */
  comments(repository: string, number: number): IssueComment[];
  /** Adds a comment as someone, as if written before the test. */
  addComment(repository: string, number: number, user: GitHubUser, body: string): IssueComment;
  stop(): Promise<void>;
}

export const ACTIONS_BOT: GitHubUser = { login: 'github-actions[bot]', id: 41898282, type: 'Bot' };

const DOCS = 'https://docs.github.com/rest';
// GitHub's limit on an issue or pull-request comment body.
const MAX_BODY = 65_536;
const COMMENTS = /^\/repos\/([^/]+\/[^/]+)\/issues\/(\d+)\/comments$/;
const COMMENT = /^\/repos\/([^/]+\/[^/]+)\/issues\/comments\/(\d+)$/;

interface StoredComment extends IssueComment {
  readonly repository: string;
  readonly number: number;
}

export async function startGitHubServer(
  tokens: Record<string, GitHubToken>,
): Promise<GitHubServer> {
  const stored: StoredComment[] = [];
  const requests: RecordedRequest[] = [];
  let nextId = 1000;
  let endpoint = '';

  const add = (repository: string, number: number, user: GitHubUser, body: string) => {
    const id = nextId++;
    const comment = {
      id,
      body,
      user,
      repository,
      number,
      html_url: `https://github.com/${repository}/pull/${number}#issuecomment-${id}`,
    };
    stored.push(comment);
    return comment;
  };

  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      requests.push({ method: request.method ?? '', path: request.url ?? '', status });
      response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
      response.end(JSON.stringify(body));
    };
    const fail = (status: number, message: string, docs = DOCS) =>
      send(status, { message, documentation_url: docs, status: String(status) });
    const token = tokenOf(request.headers.authorization, tokens);
    if (token === 'missing') return fail(401, 'Requires authentication');
    if (token === 'unknown') return fail(401, 'Bad credentials');
    const text = await readBody(request);
    const forbidden = () => fail(403, 'Resource not accessible by integration');
    const comments = COMMENTS.exec(url.pathname);
    const comment = COMMENT.exec(url.pathname);
    if (request.method === 'GET' && url.pathname === '/user')
      return token.canReadUser ? send(200, publicUser(token.user)) : forbidden();
    if (request.method === 'GET' && comments) {
      const [repository, number] = [comments[1] as string, Number(comments[2])];
      const all = stored.filter((c) => c.repository === repository && c.number === number);
      const page = pageOf(all, url, `${endpoint}${url.pathname}`);
      return send(200, page.comments.map(publicComment), page.headers);
    }
    if (request.method === 'POST' && comments) {
      if (!token.canWrite) return forbidden();
      const body = bodyOf(text);
      if (body === undefined) return fail(422, 'Invalid request.\n\n"body" wasn\'t supplied.');
      if (body.length > MAX_BODY) return fail(422, 'Validation Failed');
      const created = add(comments[1] as string, Number(comments[2]), token.user, body);
      return send(201, publicComment(created));
    }
    if (request.method === 'PATCH' && comment) {
      if (!token.canWrite) return forbidden();
      const index = stored.findIndex(
        (c) => c.repository === comment[1] && c.id === Number(comment[2]),
      );
      const existing = stored[index];
      if (!existing) return fail(404, 'Not Found');
      const body = bodyOf(text);
      if (body === undefined || body.length > MAX_BODY) return fail(422, 'Validation Failed');
      // A maintainer's token may edit anyone's comment: the server allows what the action must not do.
      stored[index] = { ...existing, body };
      return send(200, publicComment(stored[index] as StoredComment));
    }
    return fail(404, 'Not Found');
  };

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      response.writeHead(500).end(String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  endpoint = `http://127.0.0.1:${port}`;
  return {
    endpoint,
    requests,
    comments: (repository, number) =>
      stored.filter((c) => c.repository === repository && c.number === number).map(publicComment),
    addComment: (repository, number, user, body) =>
      publicComment(add(repository, number, user, body)),
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

/** One page of comments, per_page (at most 100) and page as GitHub takes them, with its Link header. */
function pageOf(all: readonly IssueComment[], url: URL, base: string) {
  const perPage = Math.min(Number(url.searchParams.get('per_page') ?? 30) || 30, 100);
  const page = Math.max(Number(url.searchParams.get('page') ?? 1) || 1, 1);
  const pages = Math.max(Math.ceil(all.length / perPage), 1);
  const link = (n: number, rel: string) => {
    const target = new URL(base);
    target.searchParams.set('per_page', String(perPage));
    target.searchParams.set('page', String(n));
    return `<${target}>; rel="${rel}"`;
  };
  const links = page < pages ? [link(page + 1, 'next'), link(pages, 'last')] : [];
  return {
    comments: all.slice((page - 1) * perPage, page * perPage),
    headers: links.length > 0 ? { link: links.join(', ') } : {},
  };
}

/** Writes the event file the runner names in GITHUB_EVENT_PATH for a `pull_request` event. */
export function pullRequestEventFile(number: number, headSha: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'github-event-')), 'event.json');
  const event = { action: 'synchronize', number, pull_request: { number, head: { sha: headSha } } };
  writeFileSync(path, JSON.stringify(event));
  return path;
}

// GitHub accepts `token X` and `Bearer X`.
function tokenOf(
  authorization: string | undefined,
  tokens: Record<string, GitHubToken>,
): GitHubToken | 'missing' | 'unknown' {
  if (!authorization) return 'missing';
  const match = /^(?:token|bearer) +(\S+)$/i.exec(authorization);
  return (match && tokens[match[1] as string]) || 'unknown';
}

function bodyOf(text: string): string | undefined {
  try {
    const body: unknown = (JSON.parse(text) as { body?: unknown }).body;
    return typeof body === 'string' ? body : undefined;
  } catch {
    return undefined;
  }
}

function publicUser(user: GitHubUser) {
  return { login: user.login, id: user.id, type: user.type };
}

function publicComment({ id, body, user, html_url }: IssueComment): IssueComment {
  return { id, body, user: publicUser(user), html_url };
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
