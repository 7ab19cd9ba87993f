import { contentTypeFor } from './content-type.js';
import { firstMatch } from './header-rules.js';
import type { Settings } from './settings.js';

/** The headers an object should carry. No uploader metadata (uid, gid, mtime) ever. */
export interface ObjectHeaders {
  readonly contentType: string;
  readonly cacheControl: string | undefined;
}

export type HeaderSettings = Pick<Settings, 'contentType' | 'cacheControl'>;

export function desiredHeaders(key: string, settings: HeaderSettings): ObjectHeaders {
  return {
    contentType: contentTypeFor(key, settings.contentType),
    cacheControl: firstMatch(settings.cacheControl, key),
  };
}

/** Names of the headers that differ, e.g. ['Content-Type']; empty when they match. */
export function headerDifferences(current: ObjectHeaders, desired: ObjectHeaders): string[] {
  const differences: string[] = [];
  if (normalise(current.contentType) !== normalise(desired.contentType))
    differences.push('Content-Type');
  if ((current.cacheControl ?? '') !== (desired.cacheControl ?? ''))
    differences.push('Cache-Control');
  return differences;
}

// `text/html;charset=utf-8` and `text/html; charset=UTF-8` are the same type.
function normalise(contentType: string): string {
  return contentType.toLowerCase().replace(/\s*;\s*/g, ';');
}
