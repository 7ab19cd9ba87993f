import { CONTENT_TYPES } from './content-types.js';
import { firstMatch, type HeaderRule } from './header-rules.js';

export const DEFAULT_CONTENT_TYPE = 'application/octet-stream';

/**
 * The Content-Type for a key: a `content-type` rule if one matches, else by extension
 * (never by sniffing the bytes), with `; charset=utf-8` for text types.
 */
// Pelican and other generators name feeds `*.atom.xml` and `*.rss.xml`; readers want the feed type.
const FEED_TYPES: ReadonlyArray<readonly [string, string]> = [
  ['.atom.xml', 'application/atom+xml; charset=utf-8'],
  ['.rss.xml', 'application/rss+xml; charset=utf-8'],
];

export function contentTypeFor(key: string, rules: readonly HeaderRule[] = []): string {
  const override = rules.length > 0 ? firstMatch(rules, key) : undefined;
  return override ?? typeByName(key);
}

// Content-Type by lower-case extension ('.html'), from the table generated from mime-types
// (scripts/content-types.mjs), built on first use.
let typeByExtension: Map<string, string> | undefined;

function typeByName(key: string): string {
  const name = key.slice(key.lastIndexOf('/') + 1);
  const dot = name.lastIndexOf('.');
  // A name with no extension (`json`, `.htaccess`) has no type to go by.
  if (dot <= 0) return DEFAULT_CONTENT_TYPE;
  const extension = name.slice(dot).toLowerCase();
  if (extension === '.xml') {
    const lower = name.toLowerCase();
    const feed = FEED_TYPES.find(([suffix]) => lower.endsWith(suffix));
    if (feed) return feed[1];
  }
  typeByExtension ??= extensionTable();
  return typeByExtension.get(extension) ?? DEFAULT_CONTENT_TYPE;
}

function extensionTable(): Map<string, string> {
  const table = new Map<string, string>();
  for (const entry of CONTENT_TYPES) {
    const [type = '', extensions = ''] = entry.split('|');
    for (const extension of extensions.split(' ')) table.set(`.${extension}`, type);
  }
  return table;
}
