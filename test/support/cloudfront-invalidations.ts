// The invalidations of the loopback CloudFront endpoint, with the rules and quotas of the real API.
import { randomUUID } from 'node:crypto';
import { fail, noSuchDistribution, tooManyInProgress } from './cloudfront-errors.js';
import type { CloudFrontReply } from './cloudfront-routing.js';
import {
  CLOUDFRONT_API_VERSION,
  type InvalidationBatchBody,
  type InvalidationXmlFields,
  invalidationListXml,
  invalidationXml,
} from './cloudfront-xml.js';

export type RecordedInvalidation = InvalidationXmlFields;

/** When an invalidation completes: after a time, after some reads, or when told to. */
export interface InvalidationCompletion {
  /** Milliseconds until it completes; 0: never by time. */
  readonly afterMs: number;
  /** GetInvalidation calls that report it InProgress first; undefined: not counted. */
  readonly afterGets: number | undefined;
}

// Quotas of the real service, per distribution, counted independently.
const MAX_FILE_PATHS_IN_PROGRESS = 3000;
const MAX_WILDCARD_PATHS_IN_PROGRESS = 15;
const MAX_PATH_LENGTH = 4000;
const INVALID_PATHS = 'Your request contains one or more invalid invalidation paths.';
const MISSING_BODY =
  'This operation requires a body. Ensure that the body is present and the Content-Type header is set.';

interface StoredInvalidation {
  readonly id: string;
  readonly callerReference: string;
  readonly paths: readonly string[];
  readonly createTime: Date;
  completed?: true;
  /** GetInvalidation calls that reported it InProgress. */
  reads: number;
}

/** The invalidations of each distribution, oldest first, and the operations on them. */
export class InvalidationStore {
  private readonly store: Map<string, StoredInvalidation[]>;

  constructor(
    distributions: readonly string[],
    private readonly completion: InvalidationCompletion,
  ) {
    this.store = new Map(distributions.map((id) => [id, []]));
  }

  create(distributionId: string, batch: InvalidationBatchBody | undefined): CloudFrontReply {
    const invalidations = this.of(distributionId);
    const { paths, callerReference } = validateBatch(batch);
    const existing = invalidations.find((other) => other.callerReference === callerReference);
    if (existing) {
      if (pathSet(existing.paths) === pathSet(paths)) return this.created(distributionId, existing);
      const message = `CallerReference ${callerReference} was already used with another batch.`;
      fail(409, 'InvalidationBatchAlreadyExists', message);
    }
    this.checkQuotas(invalidations, paths);
    const invalidation: StoredInvalidation = {
      id: invalidationId(),
      callerReference,
      paths,
      createTime: new Date(),
      reads: 0,
    };
    invalidations.push(invalidation);
    return this.created(distributionId, invalidation);
  }

  get(distributionId: string, id: string): CloudFrontReply {
    const invalidation = this.of(distributionId).find((other) => other.id === id);
    if (!invalidation)
      fail(404, 'NoSuchInvalidation', 'The specified invalidation does not exist.');
    const { afterGets } = this.completion;
    if (afterGets !== undefined && !this.isComplete(invalidation)) {
      if (invalidation.reads >= afterGets) invalidation.completed = true;
      else invalidation.reads++;
    }
    return { status: 200, xml: invalidationXml(this.fields(invalidation)) };
  }

  list(distributionId: string, query: URLSearchParams): CloudFrontReply {
    const newestFirst = [...this.of(distributionId)].reverse();
    const marker = query.get('Marker') ?? '';
    const maxItems = Number(query.get('MaxItems') ?? 100);
    const start = marker ? newestFirst.findIndex((other) => other.id === marker) + 1 : 0;
    const page = newestFirst.slice(start, start + maxItems);
    const truncated = start + maxItems < newestFirst.length;
    const nextMarker = truncated ? page.at(-1)?.id : undefined;
    const items = page.map((invalidation) => this.fields(invalidation));
    return { status: 200, xml: invalidationListXml({ marker, maxItems, nextMarker, items }) };
  }

  /** The invalidations created on a distribution, oldest first; none for an unknown one. */
  recorded(distributionId: string): RecordedInvalidation[] {
    return (this.store.get(distributionId) ?? []).map((invalidation) => this.fields(invalidation));
  }

  completeAll(): void {
    for (const invalidation of [...this.store.values()].flat()) invalidation.completed = true;
  }

  private of(distributionId: string): StoredInvalidation[] {
    return this.store.get(distributionId) ?? noSuchDistribution(distributionId);
  }

  private checkQuotas(invalidations: readonly StoredInvalidation[], paths: readonly string[]) {
    const inProgress = invalidations
      .filter((other) => !this.isComplete(other))
      .flatMap((i) => i.paths);
    const wildcards = [...inProgress, ...paths].filter((path) => path.endsWith('*')).length;
    const files = inProgress.length + paths.length - wildcards;
    if (files > MAX_FILE_PATHS_IN_PROGRESS) {
      fail(400, 'TooManyInvalidationsInProgress', tooManyInProgress('invalidations'));
    }
    if (wildcards > MAX_WILDCARD_PATHS_IN_PROGRESS) {
      fail(400, 'TooManyInvalidationsInProgress', tooManyInProgress('wildcard invalidations'));
    }
  }

  private isComplete(invalidation: StoredInvalidation): boolean {
    const { afterMs } = this.completion;
    return (
      invalidation.completed === true ||
      (afterMs > 0 && Date.now() - invalidation.createTime.getTime() >= afterMs)
    );
  }

  private fields(invalidation: StoredInvalidation): InvalidationXmlFields {
    return { ...invalidation, status: this.isComplete(invalidation) ? 'Completed' : 'InProgress' };
  }

  private created(distributionId: string, invalidation: StoredInvalidation): CloudFrontReply {
    return {
      status: 201,
      xml: invalidationXml(this.fields(invalidation)),
      locationPath: `/${CLOUDFRONT_API_VERSION}/distribution/${distributionId}/invalidation/${invalidation.id}`,
    };
  }
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

/** Real invalidation IDs look like `I2J0I21PCUYOIK`: an `I` and 13 upper-case letters or digits. */
function invalidationId(): string {
  return `I${randomUUID().replaceAll('-', '').slice(0, 13).toUpperCase()}`;
}
