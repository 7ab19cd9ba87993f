import { type ChildProcess, spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '..', '..');

export interface StepResult {
  readonly exitCode: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly outputs: Record<string, string>;
  readonly summary: string;
}

export interface StepEndpoints {
  readonly s3: string;
  readonly cloudFront: string;
}

/** The action as the runner checks it out: dist/ and action.yml, no node_modules. */
export function checkoutOfAction(): { dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'action-'));
  cpSync(join(ROOT, 'dist'), join(dir, 'dist'), { recursive: true });
  cpSync(join(ROOT, 'action.yml'), join(dir, 'action.yml'));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * Runs `dist/index.js` exactly as the runner does: INPUT_* env, output and summary files.
 * `started` receives the child process, so a test can kill it; the promise settles on exit.
 */
export async function runStep(
  node: string,
  action: string,
  endpoints: StepEndpoints,
  inputs: Record<string, string>,
  options: { env?: NodeJS.ProcessEnv; started?: (child: ChildProcess) => void } = {},
): Promise<StepResult> {
  const files = mkdtempSync(join(tmpdir(), 'runner-'));
  const outputFile = join(files, 'output');
  const summaryFile = join(files, 'summary');
  writeFileSync(outputFile, '');
  writeFileSync(summaryFile, '');
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    AWS_ACCESS_KEY_ID: 'S3RVER',
    AWS_SECRET_ACCESS_KEY: 'S3RVER',
    AWS_REGION: 'us-east-1',
    AWS_ENDPOINT_URL_S3: endpoints.s3,
    AWS_ENDPOINT_URL_CLOUDFRONT: endpoints.cloudFront,
    GITHUB_OUTPUT: outputFile,
    GITHUB_STEP_SUMMARY: summaryFile,
    RUNNER_TEMP: files,
    GITHUB_REPOSITORY: 'octo/blog',
    GITHUB_SHA: '0123456789abcdef0123456789abcdef01234567',
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_RUN_ID: '4242',
    GITHUB_RUN_ATTEMPT: '1',
    GITHUB_ACTION: 'deploy',
    ...options.env,
    ...Object.fromEntries(
      Object.entries(inputs).map(([name, value]) => [`INPUT_${name.toUpperCase()}`, value]),
    ),
  };
  const child = spawn(node, [join(action, 'dist', 'index.js')], { cwd: files, env });
  options.started?.(child);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString('utf8');
  });
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
  });
  const [exitCode, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) =>
    child.once('close', (code, killed) => resolve([code, killed])),
  );
  const outputs = parseOutputs(readFileSync(outputFile, 'utf8'));
  const resultFile = outputs['result-file'];
  const result = {
    exitCode,
    signal,
    stdout,
    stderr,
    outputs: {
      ...outputs,
      // The result file lives in RUNNER_TEMP, removed below: keep its content instead.
      ...(resultFile ? { 'result-file-content': readFileSync(resultFile, 'utf8') } : {}),
    },
    summary: readFileSync(summaryFile, 'utf8'),
  };
  rmSync(files, { recursive: true, force: true });
  return result;
}

/** GITHUB_OUTPUT uses `name<<DELIMITER` heredocs. */
function parseOutputs(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const pattern = /^(.+?)<<(.+)\n([\s\S]*?)\n\2$/gm;
  for (const match of text.matchAll(pattern)) outputs[match[1] as string] = match[3] as string;
  return outputs;
}
