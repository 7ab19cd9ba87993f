/** CloudFront rejects invalidation paths longer than this many characters. */
export const MAX_PATH_LENGTH = 4000;

// What a browser leaves as it is in a URL path (letters, digits, RFC 1738 safe and reserved
// characters); CloudFront only matches that form. `~` and `*` are left to the callers, which turn
// them into wildcards; `?` would start a query string, so it is encoded like the unsafe characters.
const LITERAL_CHARACTER = /^[A-Za-z0-9\-._~*/+!$&'(),;=:@]$/;
const LITERAL_PATH = /^[A-Za-z0-9\-._~*/+!$&'(),;=:@]*$/;
// A raw `~` is rejected and `%7E` matches nothing (aws-sdk-js-v3#4042); a literal `*` is a
// wildcard. Neither can be invalidated exactly, only by a wildcard ending just before it.
const UNMATCHABLE_CHARACTER = /[~*]/;
const INDEX_DOCUMENT = 'index.html';
const utf8 = new TextEncoder();

/** Percent-encodes a URL path the way a browser sends it (UTF-8 bytes, uppercase hex). */
export function encodeCloudFrontPath(path: string): string {
  // Most keys need no encoding: the same string, not one built a character at a time (for
  // 100,000 keys that was 180 MB of garbage in one go).
  if (LITERAL_PATH.test(path)) return path;
  let encoded = '';
  for (const character of path) {
    encoded += LITERAL_CHARACTER.test(character) ? character : percentEncode(character);
  }
  return encoded;
}

function percentEncode(character: string): string {
  let encoded = '';
  for (const byte of utf8.encode(character)) {
    encoded += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return encoded;
}

/**
 * The CloudFront paths that invalidate one key (as the viewer asks for it), sorted: `/key`, plus
 * its pretty URL when indexForms is set: `/dir/` for `dir/index.html`, and `/` for rootDocument
 * (the distribution's default root object). A key holding `~` or `*` yields a single wildcard
 * ending just before that character.
 */
export function urlPathsForKey(
  key: string,
  indexForms: boolean,
  rootDocument: string = INDEX_DOCUMENT,
): string[] {
  const unmatchable = key.search(UNMATCHABLE_CHARACTER);
  if (unmatchable >= 0) {
    return [fitPathLength(`/${encodeCloudFrontPath(key.slice(0, unmatchable))}*`)];
  }
  const paths = [fitPathLength(`/${encodeCloudFrontPath(key)}`)];
  const directories = indexForms ? indexDirectories(key, rootDocument) : [];
  for (const directory of directories) {
    const path = fitPathLength(`/${encodeCloudFrontPath(directory)}`);
    if (!paths.includes(path)) paths.push(path);
  }
  return paths.length === 1 ? paths : paths.sort();
}

/**
 * The directories (with their trailing slash, '' for the root) that serve key as their index
 * page. CloudFront's default root object applies to `/` only; a sub-folder's index is
 * `index.html`, served by the website endpoint or a viewer-request function.
 */
function indexDirectories(key: string, rootDocument: string): string[] {
  const directories = key === rootDocument ? [''] : [];
  if (key.endsWith(`/${INDEX_DOCUMENT}`)) directories.push(key.slice(0, -INDEX_DOCUMENT.length));
  return directories;
}

/**
 * A user-given path, kept verbatim except where CloudFront would reject or misread it: a `~` or a
 * `*` before the end makes it a wildcard ending there, and an over-long path is shortened.
 */
export function explicitInvalidationPath(path: string): string {
  const unmatchable = path.search(UNMATCHABLE_CHARACTER);
  return fitPathLength(unmatchable >= 0 ? `${path.slice(0, unmatchable)}*` : path);
}

/**
 * A path within CloudFront's length limit: an over-long one becomes the wildcard of its directory,
 * or, when the directory alone is too long, of its longest prefix that fits (never cutting a %XX).
 */
export function fitPathLength(path: string): string {
  if (path.length <= MAX_PATH_LENGTH) return path;
  const prefix = path.endsWith('*') ? path.slice(0, -1) : path;
  const directory = prefix.slice(0, prefix.lastIndexOf('/') + 1);
  if (directory.length > 0 && directory.length < MAX_PATH_LENGTH) return `${directory}*`;
  return `${prefix.slice(0, escapeBoundary(prefix, MAX_PATH_LENGTH - 1))}*`;
}

/** end, moved back if it would split a percent-escape. */
function escapeBoundary(path: string, end: number): number {
  if (path[end - 1] === '%') return end - 1;
  if (path[end - 2] === '%') return end - 2;
  return end;
}
