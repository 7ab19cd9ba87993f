// Classifying what an AWS call's error is (its code, status and region, with secrets removed);
// explain-error.ts turns that into what to tell the user.

/** What the SDK tells us about a failed call; `message` already has secrets removed. */
export interface AwsErrorFacts {
  readonly code: string;
  readonly status: number | undefined;
  readonly message: string;
  readonly region: string | undefined;
}

const REGION_ERRORS = new Set([
  'PermanentRedirect',
  'AuthorizationHeaderMalformed',
  'IllegalLocationConstraintException',
]);
// HEAD responses have no body: the SDK can only name the error after the status.
export const NAMELESS = new Set(['', 'Unknown', 'UnknownError', 'Forbidden', '403']);

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

export function isDenied({ code, status }: AwsErrorFacts): boolean {
  return code === 'AccessDenied' || (status === 403 && NAMELESS.has(code));
}

export function isWrongRegion(facts: AwsErrorFacts): boolean {
  if (facts.code === 'AuthorizationHeaderMalformed') return facts.region !== undefined;
  return REGION_ERRORS.has(facts.code) || facts.status === 301;
}

/**
 * The error in one line with its name and HTTP status, which S3-compatible servers often send
 * with an empty message (Ceph RGW: `<Message></Message>`, which the SDK shows as "UnknownError").
 */
export function describeFailure(error: unknown): string {
  const { code, status, message } = factsOf(error);
  const name = NAMELESS.has(code) ? '' : code;
  const named =
    name && status ? `${name} (HTTP ${status})` : name || (status ? `HTTP ${status}` : '');
  const said = NAMELESS.has(message) || message === code ? '' : message;
  if (said === '') return named || 'an error without a message';
  return named ? `${named}: ${said}` : said;
}

export function factsOf(error: unknown): AwsErrorFacts {
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
export function scrubbed(error: unknown, facts: AwsErrorFacts): Error {
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
