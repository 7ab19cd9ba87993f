// XML text of the S3 API for the fault proxy. Kept independent of src/: the proxy is the oracle
// the code under test is checked against.

export function xmlEscape(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&apos;');
}

export function xmlUnescape(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#\d+|amp|lt|gt|quot|apos);/g, (_, entity: string) => {
    if (entity.startsWith('#x')) return String.fromCodePoint(Number.parseInt(entity.slice(2), 16));
    if (entity.startsWith('#')) return String.fromCodePoint(Number(entity.slice(1)));
    return (
      ({ amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" } as Record<string, string>)[entity] ?? ''
    );
  });
}

/** The first `<Key>` of an XML fragment, unescaped. */
export function keyOf(xmlFragment: string): string | undefined {
  const match = /<Key>([\s\S]*?)<\/Key>/.exec(xmlFragment);
  return match?.[1] === undefined ? undefined : xmlUnescape(match[1]);
}
