import { showControlCharacters } from '../base/control-characters.js';
import { DeployError } from '../base/errors.js';
import {
  type AwsOperation,
  bucketArn,
  distributionArns,
  objectsArn,
  type PermissionNeed,
  type PolicySettings,
  permissionsFor,
  statementFor,
} from './permissions.js';

export interface AwsErrorContext {
  readonly operation: AwsOperation;
  readonly settings: PolicySettings;
  /** The full object key, prefix included, when the call was about one object. */
  readonly key?: string;
  /** The distribution ID, when the call was about one distribution. */
  readonly distribution?: string;
}

/** What the SDK tells us about a failed call; `message` already has secrets removed. */
interface AwsErrorFacts {
  readonly code: string;
  readonly status: number | undefined;
  readonly message: string;
  readonly region: string | undefined;
}

const EXPIRED =
  'The session credentials have expired: give the role session a duration longer than the deploy.';
const CREDENTIAL_ERRORS: Readonly<Record<string, string>> = {
  CredentialsProviderError: 'No AWS credentials were found.',
  InvalidAccessKeyId: 'AWS does not recognise the access key ID: it was deleted or deactivated.',
  InvalidClientTokenId: 'AWS does not recognise the credentials in use.',
  SignatureDoesNotMatch:
    'The secret access key does not belong to the access key ID (often a stray space or newline).',
  ExpiredToken: EXPIRED,
  ExpiredTokenException: EXPIRED,
  TokenRefreshRequired: 'The session credentials must be refreshed.',
  InvalidToken: 'The session token (AWS_SESSION_TOKEN) is malformed or belongs to other keys.',
};

const REGION_ERRORS = new Set([
  'PermanentRedirect',
  'AuthorizationHeaderMalformed',
  'IllegalLocationConstraintException',
]);
// HEAD responses have no body: the SDK can only name the error after the status.
const NAMELESS = new Set(['', 'Unknown', 'UnknownError', 'Forbidden', '403']);

const CREDENTIALS_ADVICE =
  'This action takes no keys as inputs: credentials come from the standard AWS chain. In GitHub Actions, ' +
  'run aws-actions/configure-aws-credentials before this step (OIDC: "role-to-assume", with ' +
  '"permissions: id-token: write" on the job), or set the AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY ' +
  '(and AWS_SESSION_TOKEN for temporary keys) environment variables from repository secrets.';

/** Turns any error from one AWS call into the error to show: a DeployError with the fix when recognised. */
export function explainAwsError(error: unknown, given: AwsErrorContext): Error {
  if (error instanceof DeployError) return error;
  const context = scopedToDistribution(given);
  const facts = factsOf(error);
  const explanation = explain(facts, context);
  if (explanation !== undefined) {
    return new DeployError(explanation, {
      cause: Object.hasOwn(CREDENTIAL_ERRORS, facts.code) ? scrubbed(error, facts) : error,
    });
  }
  return new Error(`${context.operation} failed for ${describeTarget(context)}: ${facts.message}`, {
    cause: error,
  });
}

/** A call about one distribution names only that distribution's ARN, not every one's. */
function scopedToDistribution(context: AwsErrorContext): AwsErrorContext {
  if (context.distribution === undefined) return context;
  const settings = {
    ...context.settings,
    distributions: [context.distribution],
    autoDistribution: false,
  };
  return { ...context, settings };
}

/** The SDK error behind an error `explainAwsError` wrapped (its `cause`), or the error itself. */
export function sdkErrorOf(error: unknown): unknown {
  const cause = (error as { cause?: unknown } | undefined)?.cause;
  return typeof cause === 'object' && cause !== null ? cause : error;
}

/** The error name (`NoSuchUpload`, `TooManyInvalidationsInProgress`, ...) of an SDK error, also
 * when `explainAwsError` has wrapped it. */
export function awsErrorName(error: unknown): string | undefined {
  const name = (sdkErrorOf(error) as { name?: unknown } | undefined)?.name;
  return typeof name === 'string' ? name : undefined;
}

/** A 403 that is about permissions, not about the credentials themselves. */
export function isAccessDenied(error: unknown): boolean {
  return isDenied(factsOf(error));
}

function isDenied({ code, status }: AwsErrorFacts): boolean {
  return code === 'AccessDenied' || (status === 403 && NAMELESS.has(code));
}

function explain(facts: AwsErrorFacts, context: AwsErrorContext): string | undefined {
  const credentials = Object.hasOwn(CREDENTIAL_ERRORS, facts.code)
    ? CREDENTIAL_ERRORS[facts.code]
    : undefined;
  if (credentials !== undefined) return `${facts.code}: ${credentials}\n${CREDENTIALS_ADVICE}`;
  if (facts.code === 'AccessControlListNotSupported') return aclMessage(context);
  if (facts.code === 'NoSuchBucket') return noSuchBucketMessage(context);
  if (facts.code === 'NoSuchDistribution') return noSuchDistributionMessage(context);
  if (isWrongRegion(facts)) return wrongRegionMessage(facts, context);
  if (isDenied(facts)) return accessDeniedMessage(facts, context);
  return undefined;
}

function aclMessage({ operation, settings, key }: AwsErrorContext): string {
  return (
    `S3 refused the ACL "${settings.acl ?? ''}" on ${operation}${key ? ` of "${showControlCharacters(key)}"` : ''}: bucket ` +
    `"${settings.bucket}" has ACLs disabled (Object Ownership "Bucket owner enforced", the default for ` +
    'new buckets since April 2023). Remove the "acl" input. Public access then comes from a bucket ' +
    'policy, or better from CloudFront with Origin Access Control.'
  );
}

function noSuchBucketMessage({ settings }: AwsErrorContext): string {
  return (
    `Bucket "${settings.bucket}" does not exist (NoSuchBucket). Check the "bucket" input for a typo; ` +
    'with the "endpoint" input (S3-compatible storage), check that it points at the service holding ' +
    'the bucket, and that "region" is the bucket\'s region.'
  );
}

function noSuchDistributionMessage({ settings }: AwsErrorContext): string {
  return (
    `CloudFront distribution "${settings.distributions.join('", "')}" does not exist (NoSuchDistribution). Check the ` +
    '"distribution" input: it takes the distribution ID shown in the CloudFront console (such as ' +
    'E2QWRUHAPOMQZL), not its domain name, and the credentials must belong to the account that owns it.'
  );
}

function isWrongRegion(facts: AwsErrorFacts): boolean {
  if (facts.code === 'AuthorizationHeaderMalformed') return facts.region !== undefined;
  return REGION_ERRORS.has(facts.code) || facts.status === 301;
}

function wrongRegionMessage(facts: AwsErrorFacts, { settings }: AwsErrorContext): string {
  const where = facts.region ? `is in region "${facts.region}"` : 'is in another region';
  const fix = facts.region
    ? `Set the "region" input to "${facts.region}"`
    : 'Set the "region" input to the bucket\'s region';
  return (
    `Bucket "${settings.bucket}" ${where} than the one requests were signed for (${label(facts)}). ` +
    `${fix} (it defaults to AWS_REGION, then AWS_DEFAULT_REGION, then us-east-1).`
  );
}

function label({ code, status }: AwsErrorFacts): string {
  return NAMELESS.has(code) ? `HTTP ${status ?? 'error'}` : code;
}

function accessDeniedMessage(facts: AwsErrorFacts, context: AwsErrorContext): string {
  const named = actionNamedByAws(facts.message);
  const needs = named
    ? needsForNamedAction(named.action, named.resource, context)
    : permissionsFor(context.operation, context.settings);
  const lines = [`Access denied: ${context.operation} for ${describeTarget(context)} was refused.`];
  if (/explicit deny/i.test(facts.message)) {
    lines.push(
      'AWS reports an explicit Deny: adding an Allow will not help; remove or narrow the Deny in the policy AWS names below.',
    );
  }
  const kind = named ? 'Missing permission' : 'Required permission';
  for (const need of needs)
    lines.push(`${kind}: ${need.action} on ${need.resource} (${need.why}).`);
  lines.push(...accessDeniedHints(facts, context, needs));
  if (needs.length > 0) {
    lines.push(
      'Add this statement to the policy of the IAM role or user the workflow uses (print-policy: true prints the whole minimal policy):',
    );
    lines.push(statementFor(needs));
  }
  if (!NAMELESS.has(facts.message)) lines.push(`AWS said: ${facts.message}`);
  return lines.join('\n');
}

function accessDeniedHints(
  facts: AwsErrorFacts,
  context: AwsErrorContext,
  needs: readonly PermissionNeed[],
): string[] {
  const hints: string[] = [];
  const bucket = bucketArn(context.settings);
  if (needs.some((need) => need.action === 's3:ListBucket')) {
    hints.push(
      `s3:ListBucket is a bucket action: its resource is the bucket ARN ${bucket}, WITHOUT "/*" (${bucket}/* does not grant it).`,
    );
  }
  if (context.operation === 'GetObject' || context.operation === 'HeadObject') {
    hints.push(
      `Without s3:ListBucket on ${bucket}, S3 also answers 403 instead of 404 for a key that does not exist.`,
    );
  }
  if (NAMELESS.has(facts.code)) {
    const head = context.operation === 'HeadObject' ? ' (a HEAD response has no body)' : '';
    hints.push(`S3 sent no details${head}; wrong credentials can also cause this 403.`);
  }
  return hints;
}

/** "... is not authorized to perform: s3:PutObjectAcl on resource: "arn:..." ..." */
function actionNamedByAws(
  message: string,
): { action: string; resource: string | undefined } | undefined {
  const action = /not authorized to perform:?\s*([a-z0-9-]+:[A-Za-z0-9*]+)/.exec(message)?.[1];
  if (action === undefined) return undefined;
  const resource = /on resource:?\s*"?(arn:[^\s"]+?)"?(?:\s|$)/.exec(message)?.[1];
  return { action, resource };
}

/** The need for the action AWS named, on the resource our policy would grant it on. */
function needsForNamedAction(
  action: string,
  awsResource: string | undefined,
  context: AwsErrorContext,
): PermissionNeed[] {
  const ours = permissionsFor(context.operation, context.settings).filter(
    (need) => need.action === action,
  );
  if (ours.length > 0) return ours;
  const { settings } = context;
  const why = `named by AWS as the action ${context.operation} was denied`;
  if (action === 's3:ListBucket') return [{ action, resource: bucketArn(settings), why }];
  if (action.startsWith('s3:')) return [{ action, resource: objectsArn(settings), why }];
  if (action.startsWith('cloudfront:') && distributionArns(settings).length > 0) {
    return distributionArns(settings).map((resource) => ({ action, resource, why }));
  }
  // For example kms:GenerateDataKey on the bucket's SSE-KMS key: only AWS knows the ARN.
  return [{ action, resource: awsResource ?? '*', why }];
}

function describeTarget({ operation, settings, key }: AwsErrorContext): string {
  if (key) return `s3://${settings.bucket}/${showControlCharacters(key)}`;
  if (operation === 'ListDistributions') return 'the distributions of the account';
  if (
    [
      'GetDistributionConfig',
      'ListInvalidations',
      'CreateInvalidation',
      'GetInvalidation',
    ].includes(operation)
  ) {
    return `CloudFront distribution ${settings.distributions.join(', ')}`;
  }
  return `s3://${settings.bucket}/${settings.prefix}`;
}

function factsOf(error: unknown): AwsErrorFacts {
  if (typeof error !== 'object' || error === null) {
    return {
      code: '',
      status: undefined,
      message: redactSecrets(String(error)),
      region: undefined,
    };
  }
  const fields = error as {
    name?: unknown;
    Code?: unknown;
    code?: unknown;
    message?: unknown;
    Region?: unknown;
    Endpoint?: unknown;
    $metadata?: { httpStatusCode?: unknown };
  };
  const code = [fields.Code, fields.name, fields.code].find(
    (value) => typeof value === 'string' && !NAMELESS.has(value),
  );
  const status = fields.$metadata?.httpStatusCode;
  const message = redactSecrets(
    typeof fields.message === 'string' ? fields.message : String(error),
  );
  return {
    code: typeof code === 'string' ? code : typeof fields.name === 'string' ? fields.name : '',
    status: typeof status === 'number' ? status : undefined,
    message,
    region: regionHint(fields.Region, fields.Endpoint, message),
  };
}

/** The bucket's region: the error's Region, its Endpoint (PermanentRedirect), or "expecting 'eu-west-1'". */
function regionHint(field: unknown, endpoint: unknown, message: string): string | undefined {
  const fromEndpoint =
    typeof endpoint === 'string'
      ? /\.s3[.-]([a-z0-9-]+)\.amazonaws\.com/.exec(endpoint)?.[1]
      : undefined;
  const region =
    typeof field === 'string'
      ? field
      : (fromEndpoint ?? /expecting '([a-z0-9-]+)'/.exec(message)?.[1]);
  return region && /^[a-z]{2}(-[a-z]+)+-\d+$/.test(region) ? region : undefined;
}

/** The original error without the fields that carry key IDs, signatures or string-to-sign. */
function scrubbed(error: unknown, facts: AwsErrorFacts): Error {
  return Object.assign(new Error(facts.message), {
    name: facts.code,
    ...(facts.status !== undefined ? { $metadata: { httpStatusCode: facts.status } } : {}),
    ...(error instanceof Error && error.stack ? { stack: redactSecrets(error.stack) } : {}),
  });
}

const ACCESS_KEY_ID =
  /\b(?:AKIA|ASIA|AIDA|AROA|AGPA|ANPA|ANVA|AIPA|APKA|ABIA|ACCA)[A-Z0-9]{12,}\b/g;
const SIGNED_QUERY = /\b(X-Amz-[A-Za-z-]+|Signature|AWSAccessKeyId|Credential)=[^&\s"'<>,]*/gi;
const AUTHORIZATION = /AWS4-HMAC-SHA256\s[^\n"']*/g;
const SECRET_ENV = ['AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_ACCESS_KEY_ID'] as const;

/** Removes access key IDs, signatures, signed-URL parameters and this process's secrets. */
export function redactSecrets(text: string, env: NodeJS.ProcessEnv = process.env): string {
  let clean = text;
  for (const name of SECRET_ENV) {
    const value = env[name];
    if (value && value.length >= 8) clean = clean.replaceAll(value, '[redacted]');
  }
  return clean
    .replace(AUTHORIZATION, 'AWS4-HMAC-SHA256 [redacted]')
    .replace(SIGNED_QUERY, '$1=[redacted]')
    .replace(ACCESS_KEY_ID, '[redacted access key]');
}
