// Which CloudFront operation a request to the loopback endpoint is, and what answering one gives.
import { CLOUDFRONT_API_VERSION } from './cloudfront-xml.js';

export type CloudFrontOperation =
  | 'CreateInvalidation'
  | 'GetInvalidation'
  | 'ListInvalidations'
  | 'GetDistributionConfig'
  | 'ListDistributions';

export interface CloudFrontRoute {
  readonly operation: CloudFrontOperation | 'Unknown';
  /** The distribution ID in the path, whether or not the operation is known. */
  readonly distributionId: string | undefined;
  readonly invalidationId: string | undefined;
}

/** What an operation answers, before the server adds the request ID. */
export interface CloudFrontReply {
  readonly status: number;
  readonly xml: string;
  /** The created resource's path; the server makes it absolute with its endpoint. */
  readonly locationPath?: string;
  readonly etag?: string;
}

const INVALIDATION_ROUTE = new RegExp(
  `^/${CLOUDFRONT_API_VERSION}/distribution/([^/]+)/invalidation(?:/([^/]+))?$`,
);
const CONFIG_ROUTE = new RegExp(`^/${CLOUDFRONT_API_VERSION}/distribution/([^/]+)/config$`);
const LIST_ROUTE = `/${CLOUDFRONT_API_VERSION}/distribution`;

/** The operation a request performs, from its method and path. */
export function cloudFrontRouteOf(method: string | undefined, pathname: string): CloudFrontRoute {
  const [, configId] = CONFIG_ROUTE.exec(pathname) ?? [];
  const [, routeId, invalidationId] = INVALIDATION_ROUTE.exec(pathname) ?? [];
  const distributionId = configId ?? routeId;
  const operation =
    configId !== undefined && method === 'GET'
      ? 'GetDistributionConfig'
      : pathname === LIST_ROUTE && method === 'GET'
        ? 'ListDistributions'
        : invalidationOperationOf(method, routeId, invalidationId);
  return { operation, distributionId, invalidationId };
}

function invalidationOperationOf(
  method: string | undefined,
  distributionId: string | undefined,
  id: string | undefined,
): CloudFrontOperation | 'Unknown' {
  if (distributionId === undefined) return 'Unknown';
  if (method === 'GET') return id === undefined ? 'ListInvalidations' : 'GetInvalidation';
  return method === 'POST' && id === undefined ? 'CreateInvalidation' : 'Unknown';
}
