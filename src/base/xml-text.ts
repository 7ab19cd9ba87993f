// XML character data as text, for the few answers read without the SDK's XML parser
// (bucket/list-objects-xml.ts, cloudfront/cloudfront-xml.ts, aws/fast-cloudfront.ts).

const ENTITY = /&(?:#x([0-9a-fA-F]+)|#([0-9]+)|([a-z]+));/g;
const NAMED_ENTITIES = new Map(
  Object.entries({ amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" }),
);

/** `raw` with its entities (the five named ones and numeric ones) replaced; throws on others. */
export function unescapeXml(raw: string): string {
  return raw.includes('&') ? raw.replace(ENTITY, unescapeEntity) : raw;
}

function unescapeEntity(entity: string, hex?: string, decimal?: string, name?: string): string {
  if (name !== undefined) {
    const character = NAMED_ENTITIES.get(name);
    if (character !== undefined) return character;
  } else {
    const code = hex === undefined ? Number(decimal) : Number.parseInt(hex, 16);
    if (code <= 0x10ffff) return String.fromCodePoint(code);
  }
  throw new Error(`unknown XML entity ${entity}`);
}
