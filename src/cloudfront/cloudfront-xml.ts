import type { DistributionConfig } from '@aws-sdk/client-cloudfront';
import { unescapeXml } from '../base/xml-text.js';

// The XML of the two CloudFront calls sent without the SDK (src/aws/fast-cloudfront.ts): the
// body of CreateInvalidation as the SDK serialises it, and the parts of the answers the deploy
// reads. test/cloudfront/fast-calls.test.ts compares both with the SDK's.

const NAMESPACE = 'http://cloudfront.amazonaws.com/doc/2020-05-31/';

function escapeXml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (character) =>
      ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[character] ?? '',
  );
}

/** CreateInvalidation's body, byte for byte as the SDK sends it. */
export function invalidationBatchXml(callerReference: string, paths: readonly string[]): string {
  const items = paths.map((path) => `<Path>${escapeXml(path)}</Path>`).join('');
  return (
    `<?xml version="1.0" encoding="UTF-8"?><InvalidationBatch xmlns="${NAMESPACE}">` +
    `<Paths><Quantity>${paths.length}</Quantity><Items>${items}</Items></Paths>` +
    `<CallerReference>${escapeXml(callerReference)}</CallerReference></InvalidationBatch>`
  );
}

/** The text of the first `<tag>` in `xml`, or undefined; `<tag/>` is ''. */
function first(xml: string, tag: string): string | undefined {
  const match = new RegExp(`<${tag}>([^<]*)</${tag}>|<${tag}\\s*/>`).exec(xml);
  return match ? unescapeXml(match[1] ?? '') : undefined;
}

/** The new invalidation's ID, from CreateInvalidation's answer. */
export function invalidationIdOf(xml: string): string | undefined {
  return first(xml, 'Id');
}

/**
 * What the deploy reads of GetDistributionConfig's answer (origins' domains and paths, the
 * default root object), shaped as the SDK's. Undefined when the answer is not one: the SDK reads.
 */
export function distributionConfigOf(
  xml: string,
): Pick<DistributionConfig, 'Origins' | 'DefaultRootObject'> | undefined {
  if (!xml.includes('<DistributionConfig')) return undefined;
  const origins = /<Origins>([\s\S]*?)<\/Origins>/.exec(xml)?.[1];
  if (origins === undefined) return undefined;
  // <Origin> holds no element of that very name (<OriginPath>, <OriginShield>... are others).
  const items = [...origins.matchAll(/<Origin>([\s\S]*?)<\/Origin>/g)].map(([, origin = '']) => ({
    Id: first(origin, 'Id'),
    DomainName: first(origin, 'DomainName'),
    OriginPath: first(origin, 'OriginPath'),
  }));
  // The root object is the config's own, after its origins and behaviours.
  const rest = xml.replace(/<Origins>[\s\S]*?<\/Origins>/, '');
  const root = first(rest, 'DefaultRootObject');
  return {
    Origins: {
      Quantity: items.length,
      Items: items as NonNullable<DistributionConfig['Origins']>['Items'],
    },
    ...(root !== undefined ? { DefaultRootObject: root } : {}),
  };
}
