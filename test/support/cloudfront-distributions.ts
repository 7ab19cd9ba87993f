// The distributions of the loopback CloudFront endpoint: GetDistributionConfig and ListDistributions.
import {
  type DistributionFields,
  distributionConfigXml,
  distributionListXml,
} from './cloudfront-distribution-xml.js';
import { ACCOUNT, noSuchDistribution } from './cloudfront-errors.js';
import type { CloudFrontReply } from './cloudfront-routing.js';

/** A distribution that exists, with the origins its config lists. */
export interface DistributionFixture {
  readonly id: string;
  /** Defaults to the test world's bucket: one origin `site.s3.us-east-1.amazonaws.com`. */
  readonly origins?: readonly { readonly domainName: string; readonly originPath?: string }[];
  /** Defaults to `index.html`; '' sets none. */
  readonly defaultRootObject?: string;
}

export const DEFAULT_ORIGIN = 'site.s3.us-east-1.amazonaws.com';

export function distributionFields(fixture: string | DistributionFixture): DistributionFields {
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

export function getDistributionConfig(
  configs: readonly DistributionFields[],
  distributionId: string,
): CloudFrontReply {
  const config = configs.find((other) => other.id === distributionId);
  if (!config) noSuchDistribution(distributionId);
  return { status: 200, xml: distributionConfigXml(config), etag: etagOf(config.id) };
}

/** Ordered by ID; Marker is the ID after which the page starts, as NextMarker gives it. */
export function listDistributions(
  configs: readonly DistributionFields[],
  query: URLSearchParams,
): CloudFrontReply {
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

/** A config's ETag looks like `E2QWRUHAPOMQZL`; it stays the same while the config does. */
function etagOf(distributionId: string): string {
  return `E${Buffer.from(distributionId).toString('hex').toUpperCase().slice(0, 13).padEnd(13, '0')}`;
}
