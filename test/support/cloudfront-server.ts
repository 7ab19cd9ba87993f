// A loopback CloudFront REST/XML endpoint: routes each signed request to its operation, records
// it, and can inject faults or lose the answers of CreateInvalidation.
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  type DistributionFixture,
  distributionFields,
  getDistributionConfig,
  listDistributions,
} from './cloudfront-distributions.js';
import {
  CloudFrontError,
  FAULT_STATUS,
  fail,
  faultMessage,
  type InjectedFault,
  notAuthorized,
} from './cloudfront-errors.js';
import { InvalidationStore, type RecordedInvalidation } from './cloudfront-invalidations.js';
import {
  type CloudFrontOperation,
  type CloudFrontReply,
  type CloudFrontRoute,
  cloudFrontRouteOf,
} from './cloudfront-routing.js';
import {
  errorResponseXml,
  type InvalidationBatchBody,
  parseInvalidationBatch,
} from './cloudfront-xml.js';

export interface RecordedRequest {
  readonly method: string;
  /** The request target: path and query string. */
  readonly path: string;
  readonly operation: CloudFrontOperation | 'Unknown';
  readonly distributionId?: string;
  readonly paths?: readonly string[];
  readonly callerReference?: string;
  readonly status: number;
  /** Who sent it: the SDK (`aws-sdk-js/...`) or the action's own request (`s3-cf-sync`). */
  readonly userAgent: string;
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

/** A request routed to its operation, with what its handler reads. */
interface RoutedRequest extends CloudFrontRoute {
  readonly pathname: string;
  readonly query: URLSearchParams;
  readonly batch: InvalidationBatchBody | undefined;
}

type DistributionHandler = (distributionId: string, request: RoutedRequest) => CloudFrontReply;

/** Starts a loopback CloudFront endpoint that enforces the invalidation rules of the real API. */
export async function startCloudFrontServer(
  options: CloudFrontServerOptions = {},
): Promise<CloudFrontServer> {
  const configs = (options.distributions ?? ['E2EXAMPLE123']).map(distributionFields);
  const distributions = configs.map((config) => config.id);
  const afterMs = options.completeAfterMs ?? 0;
  const afterGets = options.completeAfterGets ?? (afterMs === 0 ? 0 : undefined);
  const invalidations = new InvalidationStore(distributions, { afterMs, afterGets });
  const denied = new Set(options.deny ?? []);
  const requests: RecordedRequest[] = [];
  const faults: { code: InjectedFault; status: number }[] = [];
  let responsesToLose = 0;
  let endpoint = '';

  // The operations on one distribution; a new one needs a route and a handler here.
  const handlers: Record<Exclude<CloudFrontOperation, 'ListDistributions'>, DistributionHandler> = {
    GetDistributionConfig: (distributionId) => getDistributionConfig(configs, distributionId),
    CreateInvalidation: (distributionId, { batch }) => {
      const fault = faults.shift();
      if (fault) fail(fault.status, fault.code, faultMessage(fault.code, distributionId));
      return invalidations.create(distributionId, batch);
    },
    GetInvalidation: (distributionId, { invalidationId }) =>
      invalidations.get(distributionId, invalidationId ?? ''),
    ListInvalidations: (distributionId, { query }) => invalidations.list(distributionId, query),
  };

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const body = await readBody(request);
    const target = request.url ?? '/';
    const url = new URL(target, 'http://loopback');
    const route = cloudFrontRouteOf(request.method, url.pathname);
    const batch =
      route.operation === 'CreateInvalidation' ? parseInvalidationBatch(body) : undefined;
    const requestId = randomUUID();
    const routed = { ...route, pathname: url.pathname, query: url.searchParams, batch };
    const reply = answer(request, routed, requestId);
    record(request, target, route, batch, reply.status);
    if (route.operation === 'CreateInvalidation' && reply.status === 201 && responsesToLose > 0) {
      responsesToLose--;
      request.socket.destroy();
      return;
    }
    response.writeHead(reply.status, {
      'content-type': 'text/xml',
      'x-amzn-RequestId': requestId,
      ...(reply.locationPath !== undefined && { location: `${endpoint}${reply.locationPath}` }),
      ...(reply.etag !== undefined && { etag: reply.etag }),
    });
    response.end(reply.xml);
  }

  function answer(
    request: IncomingMessage,
    routed: RoutedRequest,
    requestId: string,
  ): CloudFrontReply {
    try {
      return dispatch(request, routed);
    } catch (error) {
      if (!(error instanceof CloudFrontError)) throw error;
      const type = error.status >= 500 ? 'Receiver' : 'Sender';
      return {
        status: error.status,
        xml: errorResponseXml(type, error.code, error.message, requestId),
      };
    }
  }

  function dispatch(request: IncomingMessage, routed: RoutedRequest): CloudFrontReply {
    const { operation, distributionId } = routed;
    if (!request.headers.authorization?.startsWith('AWS4-HMAC-SHA256')) {
      fail(403, 'AccessDenied', 'Missing AWS4-HMAC-SHA256 authorization.');
    }
    if (operation === 'Unknown') {
      fail(404, 'NotFound', `No CloudFront operation is ${request.method} ${routed.pathname}`);
    }
    if (denied.has(operation)) fail(403, 'AccessDenied', notAuthorized(operation, distributionId));
    if (operation === 'ListDistributions') return listDistributions(configs, routed.query);
    if (distributionId === undefined) fail(404, 'NotFound', 'No distribution ID.');
    return handlers[operation](distributionId, routed);
  }

  function record(
    request: IncomingMessage,
    target: string,
    { operation, distributionId }: CloudFrontRoute,
    batch: InvalidationBatchBody | undefined,
    status: number,
  ) {
    requests.push({
      method: request.method ?? '',
      path: target,
      operation,
      status,
      userAgent: request.headers['user-agent'] ?? '',
      ...(distributionId !== undefined && { distributionId }),
      ...(batch && { paths: batch.paths }),
      ...(batch?.callerReference !== undefined && { callerReference: batch.callerReference }),
    });
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
    invalidations: (distributionId) => invalidations.recorded(distributionId),
    failNext(count, code, status = FAULT_STATUS[code]) {
      for (let i = 0; i < count; i++) faults.push({ code, status });
    },
    clearFaults() {
      faults.length = 0;
    },
    loseNextResponses(count) {
      responsesToLose += count;
    },
    completeAll: () => invalidations.completeAll(),
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
