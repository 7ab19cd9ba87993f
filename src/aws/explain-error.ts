import { showControlCharacters } from '../base/control-characters.js';
import { DeployError } from '../base/errors.js';
import {
  type AwsErrorFacts,
  describeFailure,
  factsOf,
  isDenied,
  isWrongRegion,
  NAMELESS,
  scrubbed,
} from './aws-errors.js';
import {
  type AwsOperation,
  bucketArn,
  distributionArns,
  objectsArn,
  type PermissionNeed,
  type PolicySettings,
  permissionsFor,
} from './permissions.js';
import { statementFor } from './policy.js';

export interface AwsErrorContext {
  readonly operation: AwsOperation;
  readonly settings: PolicySettings;
  /** The full object key, prefix included, when the call was about one object. */
  readonly key?: string;
  /** The distribution ID, when the call was about one distribution. */
  readonly distribution?: string;
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
  return new Error(
    `${context.operation} failed for ${describeTarget(context)}: ${describeFailure(error)}`,
    {
      cause: error,
    },
  );
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
  if (action.startsWith('kms:')) {
    // The bucket's SSE-KMS key: only AWS knows its ARN, and a deploy both writes and reads.
    const resource = awsResource ?? '*';
    const kmsWhy =
      'the bucket encrypts with SSE-KMS: S3 asks the key for a data key on every write and to decrypt on every read and copy';
    return ['kms:Decrypt', 'kms:GenerateDataKey'].map((kms) => ({
      action: kms,
      resource,
      why: kmsWhy,
    }));
  }
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
