// The errors the loopback CloudFront endpoint answers, with the real service's codes and messages.
import type { CloudFrontOperation } from './cloudfront-routing.js';

export type InjectedFault =
  | 'TooManyInvalidationsInProgress'
  | 'ServiceUnavailable'
  | 'Throttling'
  | 'AccessDenied';

/** The account that owns every distribution. */
export const ACCOUNT = '123456789012';

export const FAULT_STATUS: Record<InjectedFault, number> = {
  TooManyInvalidationsInProgress: 400,
  ServiceUnavailable: 503,
  Throttling: 400,
  AccessDenied: 403,
};

/** Thrown by an operation to answer with a CloudFront error instead. */
export class CloudFrontError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export function fail(status: number, code: string, message: string): never {
  throw new CloudFrontError(status, code, message);
}

export function faultMessage(code: InjectedFault, distributionId: string): string {
  if (code === 'TooManyInvalidationsInProgress') return tooManyInProgress('invalidations');
  if (code === 'ServiceUnavailable') {
    return 'CloudFront encountered an internal error. Please try again.';
  }
  if (code === 'Throttling') return 'Rate exceeded';
  return notAuthorized('CreateInvalidation', distributionId);
}

export function notAuthorized(
  operation: CloudFrontOperation,
  distributionId: string | undefined,
): string {
  const resource =
    distributionId === undefined
      ? `arn:aws:cloudfront::${ACCOUNT}:*`
      : `arn:aws:cloudfront::${ACCOUNT}:distribution/${distributionId}`;
  return (
    `User: arn:aws:iam::${ACCOUNT}:user/ci is not authorized to perform: cloudfront:${operation}` +
    ` on resource: ${resource}`
  );
}

export function tooManyInProgress(kind: 'invalidations' | 'wildcard invalidations'): string {
  return `Processing your request will cause you to exceed the maximum number of in-progress ${kind}.`;
}

export function noSuchDistribution(distributionId: string): never {
  const message = `The specified distribution does not exist: ${distributionId}`;
  fail(404, 'NoSuchDistribution', message);
}
