/** XML of the CloudFront REST API, version 2020-05-31, as the real service writes and reads it. */
export const CLOUDFRONT_API_VERSION = '2020-05-31';
const XMLNS = `http://cloudfront.amazonaws.com/doc/${CLOUDFRONT_API_VERSION}/`;
const PROLOG = '<?xml version="1.0" encoding="UTF-8"?>';

export interface InvalidationBatchBody {
  /** The `<Quantity>` element, or undefined when absent or not a whole number. */
  readonly quantity: number | undefined;
  readonly paths: readonly string[];
  readonly callerReference: string | undefined;
}

export interface InvalidationXmlFields {
  readonly id: string;
  readonly status: 'InProgress' | 'Completed';
  readonly createTime: Date;
  readonly paths: readonly string[];
  readonly callerReference: string;
}

export interface InvalidationListXmlFields {
  readonly marker: string;
  readonly maxItems: number;
  readonly nextMarker: string | undefined;
  readonly items: readonly InvalidationXmlFields[];
}

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
};
const NAMED_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => ESCAPES[character] ?? character);
}

export function unescapeXml(text: string): string {
  return text.replace(/&(?:#x([0-9a-fA-F]+)|#(\d+)|([a-z]+));/g, (entity, hex, decimal, name) => {
    if (hex !== undefined) return String.fromCodePoint(Number.parseInt(hex, 16));
    if (decimal !== undefined) return String.fromCodePoint(Number.parseInt(decimal, 10));
    return NAMED_ENTITIES[name as string] ?? entity;
  });
}

function elementText(xml: string, name: string): string | undefined {
  const match = new RegExp(`<${name}>([^<]*)</${name}>`).exec(xml);
  return match?.[1] === undefined ? undefined : unescapeXml(match[1]);
}

/** Reads an `<InvalidationBatch>` request body; undefined when there is no such element. */
export function parseInvalidationBatch(body: string): InvalidationBatchBody | undefined {
  const batch = /<InvalidationBatch(?:\s[^>]*)?>([\s\S]*)<\/InvalidationBatch>/.exec(body)?.[1];
  if (batch === undefined) return undefined;
  const pathsElement = /<Paths>([\s\S]*)<\/Paths>/.exec(batch)?.[1] ?? '';
  const quantity = elementText(pathsElement, 'Quantity');
  const paths = [...pathsElement.matchAll(/<Path>([^<]*)<\/Path>/g)].map((match) =>
    unescapeXml(match[1] ?? ''),
  );
  return {
    quantity:
      quantity !== undefined && /^\d+$/.test(quantity.trim()) ? Number(quantity) : undefined,
    paths,
    callerReference: elementText(batch, 'CallerReference'),
  };
}

function invalidationBatchXml(paths: readonly string[], callerReference: string): string {
  const items = paths.map((path) => `<Path>${escapeXml(path)}</Path>`).join('');
  return (
    `<InvalidationBatch><Paths><Quantity>${paths.length}</Quantity><Items>${items}</Items></Paths>` +
    `<CallerReference>${escapeXml(callerReference)}</CallerReference></InvalidationBatch>`
  );
}

export function invalidationXml(invalidation: InvalidationXmlFields): string {
  return (
    `${PROLOG}<Invalidation xmlns="${XMLNS}"><Id>${invalidation.id}</Id>` +
    `<Status>${invalidation.status}</Status>` +
    `<CreateTime>${invalidation.createTime.toISOString()}</CreateTime>` +
    invalidationBatchXml(invalidation.paths, invalidation.callerReference) +
    '</Invalidation>'
  );
}

export function invalidationListXml(list: InvalidationListXmlFields): string {
  const summaries = list.items
    .map(
      (item) =>
        `<InvalidationSummary><Id>${item.id}</Id>` +
        `<CreateTime>${item.createTime.toISOString()}</CreateTime>` +
        `<Status>${item.status}</Status></InvalidationSummary>`,
    )
    .join('');
  const nextMarker =
    list.nextMarker === undefined ? '' : `<NextMarker>${escapeXml(list.nextMarker)}</NextMarker>`;
  return (
    `${PROLOG}<InvalidationList xmlns="${XMLNS}"><Marker>${escapeXml(list.marker)}</Marker>` +
    `${nextMarker}<MaxItems>${list.maxItems}</MaxItems>` +
    `<IsTruncated>${list.nextMarker !== undefined}</IsTruncated>` +
    `<Quantity>${list.items.length}</Quantity>` +
    (list.items.length > 0 ? `<Items>${summaries}</Items>` : '') +
    '</InvalidationList>'
  );
}

export function errorResponseXml(
  type: 'Sender' | 'Receiver',
  code: string,
  message: string,
  requestId: string,
): string {
  return (
    `${PROLOG}<ErrorResponse xmlns="${XMLNS}"><Error><Type>${type}</Type><Code>${code}</Code>` +
    `<Message>${escapeXml(message)}</Message></Error><RequestId>${requestId}</RequestId>` +
    '</ErrorResponse>'
  );
}
