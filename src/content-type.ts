import mime from 'mime-types';
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
  const override = firstMatch(rules, key);
  if (override) return override;
  const feed = FEED_TYPES.find(([suffix]) => key.toLowerCase().endsWith(suffix));
  if (feed) return feed[1];
  // mime.lookup('json') finds a type for a bare name, so a root file called `json` needs a dot.
  const name = key.slice(key.lastIndexOf('/') + 1);
  const type = name.lastIndexOf('.') > 0 && mime.lookup(name);
  if (!type) return DEFAULT_CONTENT_TYPE;
  return mime.contentType(type) || type;
}
