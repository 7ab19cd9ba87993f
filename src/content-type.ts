import mime from 'mime-types';
import { firstMatch, type HeaderRule } from './header-rules.js';

export const DEFAULT_CONTENT_TYPE = 'application/octet-stream';

/**
 * The Content-Type for a key: a `content-type` rule if one matches, else by extension
 * (never by sniffing the bytes), with `; charset=utf-8` for text types.
 */
export function contentTypeFor(key: string, rules: readonly HeaderRule[] = []): string {
  const override = firstMatch(rules, key);
  if (override) return override;
  const type = mime.lookup(key);
  if (!type) return DEFAULT_CONTENT_TYPE;
  return mime.contentType(type) || type;
}
