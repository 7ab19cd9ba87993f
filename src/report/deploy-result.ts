import { DeployError, errorMessage } from '../base/errors.js';
import type { DistributionInvalidation } from '../cloudfront/invalidation.js';
import type { SyncPlan } from '../plan/plan.js';

// What a deploy did: deploy.ts builds it; the summary, the outputs, the terminal and the
// pull-request comment render it. It lives here, below deploy.ts, so no report reaches up.

/** What a failed deploy had done when it stopped, for the summary. */
export interface DeployFailureReport {
  readonly message: string;
  readonly uploaded: number;
  readonly headersUpdated: number;
  readonly deleted: number;
  /** Whether every planned invalidation was accepted by CloudFront. */
  readonly invalidated: boolean;
}

export interface DeployResult {
  readonly plan: SyncPlan;
  readonly dryRun: boolean;
  readonly bytesUploaded: number;
  /** URL paths ('/' + prefix + key) of every object written or deleted. */
  readonly changedPaths: readonly string[];
  /** One entry per distribution; empty when nothing was (or would be) sent to CloudFront. */
  readonly invalidations: readonly DistributionInvalidation[];
  readonly durationMs: number;
  /** Set when the deploy failed after planning. */
  readonly failure?: DeployFailureReport;
  /** Set when every site write succeeded but the final state write did not: what that leaves. */
  readonly unrecorded?: string;
  /** The ID of this deploy's record (bucket/deploy-record.ts); unset when nothing was written. */
  readonly deployId?: string;
  /** Set for a rollback: the deploy whose state it brought back. */
  readonly rollbackTo?: string;
}

/** A deploy that failed after planning: the message, and what it had done by then. */
export class DeployFailure extends DeployError {
  constructor(
    readonly result: DeployResult,
    cause: unknown,
  ) {
    super(errorMessage(cause), {
      cause,
      badInput: cause instanceof DeployError && cause.badInput,
    });
  }
}
