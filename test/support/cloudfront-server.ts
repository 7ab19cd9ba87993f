import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  type DistributionFields,
  distributionConfigXml,
  distributionListXml,
} from './cloudfront-distribution-xml.js';
import {
  CLOUDFRONT_API_VERSION,
  errorResponseXml,
  type InvalidationBatchBody,
  type InvalidationXmlFields,
  invalidationListXml,
  invalidationXml,
  parseInvalidationBatch,
} from './cloudfront-xml.js';

export type CloudFrontOperation =
  | 'CreateInvalidation'
  | 'GetInvalidation'
  | 'ListInvalidations'
  | 'GetDistributionConfig'
  | 'ListDistributions';
export type InjectedFault =
  | 'TooManyInvalidationsInProgress'
  | 'ServiceUnavailable'
  | 'Throttling'
  | 'AccessDenied';

export interface RecordedRequest {
  readonly method: string;
  /** The request target: path and query string. */
  readonly path: string;
  readonly operation: CloudFrontOperation | 'Unknown';
  readonly distributionId?: string;
  readonly paths?: readonly string[];
  readonly callerReference?: string;
  readonly status: number;
}

export type RecordedInvalidation = InvalidationXmlFields;

/** A distribution that exists, with the origins its config lists. */
export interface DistributionFixture {
  readonly id: string;
  /** Defaults to the test world's bucket: one origin `site.s3.us-east-1.amazonaws.com`. */
  readonly origins?: readonly { readonly domainName: string; readonly originPath?: string }[];
  /** Defaults to `index.html`; '' sets none. */
  readonly defaultRootObject?: string;
}

export interface CloudFrontServerOptions {
  /** Distributions that exist (an ID alone has the defaults); any other gets `NoSuchDistribution`. */
  readonly distributions?: readonly (string | DistributionFixture)[];
  /** Milliseconds until an invalidation completes; 0 completes it on its first GetInvalidation. */
  readonly completeAfterMs?: number;
  /**
   * GetInvalidation calls that report an invalidation InProgress before one reports it Completed
   * (`Infinity`: never). Overrides the completion on the first read of `completeAfterMs: 0`.
   */
  readonly completeAfterGets?: number;
  /** Operations refused with AccessDenied, as for a policy that does not allow them. */
  readonly deny?: readonly CloudFrontOperation[];
}

export interface CloudFrontServer {
  readonly endpoint: string;
  readonly port: number;
  readonly distributions: readonly string[];
  /** Every request served, in order. */
  readonly requests: readonly RecordedRequest[];
  /** Invalidations created on a distribution, oldest first. */
  invalidations(distributionId: string): RecordedInvalidation[];
  /** Makes the next `count` CreateInvalidation requests fail with `code`. */
  failNext(count: number, code: InjectedFault, status?: number): void;
  /** Drops the faults not yet served. */
  clearFaults(): void;
  /**
   * Serves the next `count` CreateInvalidation requests, then drops the connection instead of
   * answering: the invalidation exists, but the client never learns it.
   */
  loseNextResponses(count: number): void;
  /** Completes every invalidation in progress. */
  completeAll(): void;
  stop(): Promise<void>;
}

// Quotas of the real service, per distribution, counted independently.
const MAX_FILE_PATHS_IN_PROGRESS = 3000;
const MAX_WILDCARD_PATHS_IN_PROGRESS = 15;
const MAX_PATH_LENGTH = 4000;
const ACCOUNT = '123456789012';
const INVALID_PATHS = 'Your request contains one or more invalid invalidation paths.';
const MISSING_BODY =
  'This operation requires a body. Ensure that the body is present and the Content-Type header is set.';
const ROUTE = /^\/2020-05-31\/distribution\/([^/]+)\/invalidation(?:\/([^/]+))?$/;
const CONFIG_ROUTE = /^\/2020-05-31\/distribution\/([^/]+)\/config$/;
const LIST_ROUTE = '/2020-05-31/distribution';
export const DEFAULT_ORIGIN = 'site.s3.us-east-1.amazonaws.com';
const FAULT_STATUS: Record<InjectedFault, number> = {
  TooManyInvalidationsInProgress: 400,
  ServiceUnavailable: 503,
  Throttling: 400,
  AccessDenied: 403,
};

function faultMessage(code: InjectedFault, distributionId: string): string {
  if (code === 'TooManyInvalidationsInProgress') return tooManyInProgress('invalidations');
  if (code === 'ServiceUnavailable') {
    return 'CloudFront encountered an internal error. Please try again.';
  }
  if (code === 'Throttling') return 'Rate exceeded';
  return notAuthorized('CreateInvalidation', distributionId);
}

function notAuthorized(operation: CloudFrontOperation, distributionId: string | undefined): string {
  const resource =
    distributionId === undefined
      ? `arn:aws:cloudfront::${ACCOUNT}:*`
      : `arn:aws:cloudfront::${ACCOUNT}:distribution/${distributionId}`;
  return (
    `User: arn:aws:iam::${ACCOUNT}:user/ci is not authorized to perform: cloudfront:${operation}` +
    ` on resource: ${resource}`
  );
}

function distributionFields(fixture: string | DistributionFixture): DistributionFields {
  const { id, origins, defaultRootObject } =
    typeof fixture === 'string' ? { id: fixture } : fixture;
  return {
    id,
    domainName: `d${id.toLowerCase().slice(0, 13)}.cloudfront.net`,
    callerReference: `created-${id}`,
    lastModifiedTime: new Date('2024-05-01T10:00:00Z'),
    origins: (origins ?? [{ domainName: DEFAULT_ORIGIN }]).map((origin, index) => ({
      id: `origin-${index + 1}`,
      domainName: origin.domainName,
      originPath: origin.originPath ?? '',
    })),
    defaultRootObject: defaultRootObject ?? 'index.html',
  };
}

function tooManyInProgress(kind: 'invalidations' | 'wildcard invalidations'): string {
  return `Processing your request will cause you to exceed the maximum number of in-progress ${kind}.`;
}

class CloudFrontError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

function fail(status: number, code: string, message: string): never {
  throw new CloudFrontError(status, code, message);
}

interface StoredInvalidation {
  readonly id: string;
  readonly callerReference: string;
  readonly paths: readonly string[];
  readonly createTime: Date;
  completed?: true;
  /** GetInvalidation calls that reported it InProgress. */
  reads: number;
}

interface Reply {
  readonly status: number;
  readonly xml: string;
  readonly location?: string;
  readonly etag?: string;
}

/** Starts a loopback CloudFront endpoint that enforces the invalidation rules of the real API. */
export async function startCloudFrontServer(
  options: CloudFrontServerOptions = {},
): Promise<CloudFrontServer> {
  const configs = (options.distributions ?? ['E2EXAMPLE123']).map(distributionFields);
  const distributions = configs.map((config) => config.id);
  const completeAfterMs = options.completeAfterMs ?? 0;
  const completeAfterGets = options.completeAfterGets ?? (completeAfterMs === 0 ? 0 : undefined);
  const denied = new Set(options.deny ?? []);
  const store = new Map<string, StoredInvalidation[]>(distributions.map((id) => [id, []]));
  const requests: RecordedRequest[] = [];
  const faults: { code: InjectedFault; status: number }[] = [];
  let responsesToLose = 0;
  let endpoint = '';

  const isComplete = (invalidation: StoredInvalidation): boolean =>
    invalidation.completed ||
    (completeAfterMs > 0 && Date.now() - invalidation.createTime.getTime() >= completeAfterMs);
  const fields = (invalidation: StoredInvalidation): InvalidationXmlFields => ({
    ...invalidation,
    status: isComplete(invalidation) ? 'Completed' : 'InProgress',
  });
  const invalidationsOf = (distributionId: string): StoredInvalidation[] => {
    const invalidations = store.get(distributionId);
    const message = `The specified distribution does not exist: ${distributionId}`;
    return invalidations ?? fail(404, 'NoSuchDistribution', message);
  };
  const created = (distributionId: string, invalidation: StoredInvalidation): Reply => ({
    status: 201,
    xml: invalidationXml(fields(invalidation)),
    location: `${endpoint}/${CLOUDFRONT_API_VERSION}/distribution/${distributionId}/invalidation/${invalidation.id}`,
  });

  function createInvalidation(
    distributionId: string,
    batch: InvalidationBatchBody | undefined,
  ): Reply {
    const fault = faults.shift();
    if (fault) fail(fault.status, fault.code, faultMessage(fault.code, distributionId));
    const invalidations = invalidationsOf(distributionId);
    const { paths, callerReference } = validateBatch(batch);
    const existing = invalidations.find((other) => other.callerReference === callerReference);
    if (existing) {
      if (pathSet(existing.paths) === pathSet(paths)) return created(distributionId, existing);
      const message = `CallerReference ${callerReference} was already used with another batch.`;
      fail(409, 'InvalidationBatchAlreadyExists', message);
    }
    const inProgress = invalidations.filter((other) => !isComplete(other)).flatMap((i) => i.paths);
    const wildcards = [...inProgress, ...paths].filter((path) => path.endsWith('*')).length;
    const files = inProgress.length + paths.length - wildcards;
    if (files > MAX_FILE_PATHS_IN_PROGRESS) {
      fail(400, 'TooManyInvalidationsInProgress', tooManyInProgress('invalidations'));
    }
    if (wildcards > MAX_WILDCARD_PATHS_IN_PROGRESS) {
      fail(400, 'TooManyInvalidationsInProgress', tooManyInProgress('wildcard invalidations'));
    }
    const invalidation: StoredInvalidation = {
      id: invalidationId(),
      callerReference,
      paths,
      createTime: new Date(),
      reads: 0,
    };
    invalidations.push(invalidation);
    return created(distributionId, invalidation);
  }

  function getInvalidation(distributionId: string, id: string): Reply {
    const invalidation = invalidationsOf(distributionId).find((other) => other.id === id);
    if (!invalidation)
      fail(404, 'NoSuchInvalidation', 'The specified invalidation does not exist.');
    if (completeAfterGets !== undefined && !isComplete(invalidation)) {
      if (invalidation.reads >= completeAfterGets) invalidation.completed = true;
      else invalidation.reads++;
    }
    return { status: 200, xml: invalidationXml(fields(invalidation)) };
  }

  function listInvalidations(distributionId: string, query: URLSearchParams): Reply {
    const newestFirst = [...invalidationsOf(distributionId)].reverse();
    const marker = query.get('Marker') ?? '';
    const maxItems = Number(query.get('MaxItems') ?? 100);
    const start = marker ? newestFirst.findIndex((other) => other.id === marker) + 1 : 0;
    const page = newestFirst.slice(start, start + maxItems);
    const truncated = start + maxItems < newestFirst.length;
    const nextMarker = truncated ? page.at(-1)?.id : undefined;
    const items = page.map(fields);
    return { status: 200, xml: invalidationListXml({ marker, maxItems, nextMarker, items }) };
  }

  function getDistributionConfig(distributionId: string): Reply {
    const config = configs.find((other) => other.id === distributionId);
    const message = `The specified distribution does not exist: ${distributionId}`;
    if (!config) fail(404, 'NoSuchDistribution', message);
    return { status: 200, xml: distributionConfigXml(config), etag: etagOf(config.id) };
  }

  /** Ordered by ID; Marker is the ID after which the page starts, as NextMarker gives it. */
  function listDistributions(query: URLSearchParams): Reply {
    const sorted = [...configs].sort((a, b) => (a.id < b.id ? -1 : 1));
    const marker = query.get('Marker') ?? '';
    const maxItems = Number(query.get('MaxItems') ?? 100);
    const start = marker ? sorted.findIndex((other) => other.id > marker) : 0;
    const rest = start < 0 ? [] : sorted.slice(start);
    const items = rest.slice(0, maxItems);
    const nextMarker = rest.length > maxItems ? items.at(-1)?.id : undefined;
    return {
      status: 200,
      xml: distributionListXml({ marker, maxItems, nextMarker, items }, ACCOUNT),
    };
  }

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const body = await readBody(request);
    const target = request.url ?? '/';
    const url = new URL(target, 'http://loopback');
    const [, configId] = CONFIG_ROUTE.exec(url.pathname) ?? [];
    const [, routeId, id] = ROUTE.exec(url.pathname) ?? [];
    const distributionId = configId ?? routeId;
    const operation =
      configId !== undefined && request.method === 'GET'
        ? 'GetDistributionConfig'
        : url.pathname === LIST_ROUTE && request.method === 'GET'
          ? 'ListDistributions'
          : operationOf(request.method, routeId, id);
    const batch = operation === 'CreateInvalidation' ? parseInvalidationBatch(body) : undefined;
    const requestId = randomUUID();
    let reply: Reply;
    try {
      if (!request.headers.authorization?.startsWith('AWS4-HMAC-SHA256')) {
        fail(403, 'AccessDenied', 'Missing AWS4-HMAC-SHA256 authorization.');
      }
      if (operation === 'Unknown') {
        fail(404, 'NotFound', `No CloudFront operation is ${request.method} ${url.pathname}`);
      }
      if (denied.has(operation))
        fail(403, 'AccessDenied', notAuthorized(operation, distributionId));
      if (operation === 'ListDistributions') reply = listDistributions(url.searchParams);
      else if (distributionId === undefined) fail(404, 'NotFound', 'No distribution ID.');
      else if (operation === 'GetDistributionConfig') reply = getDistributionConfig(distributionId);
      else if (operation === 'CreateInvalidation')
        reply = createInvalidation(distributionId, batch);
      else if (operation === 'GetInvalidation') reply = getInvalidation(distributionId, id ?? '');
      else reply = listInvalidations(distributionId, url.searchParams);
    } catch (error) {
      if (!(error instanceof CloudFrontError)) throw error;
      const type = error.status >= 500 ? 'Receiver' : 'Sender';
      reply = {
        status: error.status,
        xml: errorResponseXml(type, error.code, error.message, requestId),
      };
    }
    requests.push({
      method: request.method ?? '',
      path: target,
      operation,
      status: reply.status,
      ...(distributionId !== undefined && { distributionId }),
      ...(batch && { paths: batch.paths }),
      ...(batch?.callerReference !== undefined && { callerReference: batch.callerReference }),
    });
    if (operation === 'CreateInvalidation' && reply.status === 201 && responsesToLose > 0) {
      responsesToLose--;
      request.socket.destroy();
      return;
    }
    response.writeHead(reply.status, {
      'content-type': 'text/xml',
      'x-amzn-RequestId': requestId,
      ...(reply.location !== undefined && { location: reply.location }),
      ...(reply.etag !== undefined && { etag: reply.etag }),
    });
    response.end(reply.xml);
  }

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
    port,
    distributions,
    requests,
    invalidations: (distributionId) => (store.get(distributionId) ?? []).map(fields),
    failNext(count, code, status = FAULT_STATUS[code]) {
      for (let i = 0; i < count; i++) faults.push({ code, status });
    },
    clearFaults() {
      faults.length = 0;
    },
    loseNextResponses(count) {
      responsesToLose += count;
    },
    completeAll() {
      for (const invalidation of [...store.values()].flat()) invalidation.completed = true;
    },
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

function operationOf(
  method: string | undefined,
  distributionId: string | undefined,
  id: string | undefined,
): CloudFrontOperation | 'Unknown' {
  if (distributionId === undefined) return 'Unknown';
  if (method === 'GET') return id === undefined ? 'ListInvalidations' : 'GetInvalidation';
  return method === 'POST' && id === undefined ? 'CreateInvalidation' : 'Unknown';
}

/** The request rules of CreateInvalidation that do not depend on earlier invalidations. */
function validateBatch(batch: InvalidationBatchBody | undefined) {
  if (!batch) fail(400, 'MissingBody', MISSING_BODY);
  const { quantity, paths, callerReference } = batch;
  if (quantity === undefined) fail(400, 'InvalidArgument', 'Paths must contain a Quantity.');
  if (quantity !== paths.length) {
    fail(400, 'InconsistentQuantities', "The value of Quantity and the size of Items don't match.");
  }
  if (quantity < 1) fail(400, 'InvalidArgument', 'An invalidation batch needs at least one path.');
  if (!callerReference) fail(400, 'InvalidArgument', 'CallerReference is required.');
  if (!paths.every(isValidPath)) fail(400, 'InvalidArgument', INVALID_PATHS);
  return { paths, callerReference };
}

function isValidPath(path: string): boolean {
  const star = path.indexOf('*');
  return (
    path.startsWith('/') &&
    (star === -1 || star === path.length - 1) &&
    path.length <= MAX_PATH_LENGTH &&
    // The real service rejects a raw `~` (aws-sdk-js-v3#4042), although `%7E` passes.
    !path.includes('~')
  );
}

function pathSet(paths: readonly string[]): string {
  return JSON.stringify([...new Set(paths)].sort());
}

/** A config's ETag looks like `E2QWRUHAPOMQZL`; it stays the same while the config does. */
function etagOf(distributionId: string): string {
  return `E${Buffer.from(distributionId).toString('hex').toUpperCase().slice(0, 13).padEnd(13, '0')}`;
}

/** Real invalidation IDs look like `I2J0I21PCUYOIK`: an `I` and 13 upper-case letters or digits. */
function invalidationId(): string {
  return `I${randomUUID().replaceAll('-', '').slice(0, 13).toUpperCase()}`;
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
