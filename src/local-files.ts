import { type Dirent, readdirSync, realpathSync, statSync } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import { join, sep } from 'node:path';
import { DeployError } from './errors.js';
import { globMatcher } from './header-rules.js';
import type { Logger } from './logger.js';

export interface LocalFile {
  /** Path relative to `dir`, with `/` separators: the key without the prefix. */
  readonly key: string;
  readonly path: string;
  readonly size: number;
}

/**
 * A file the walk found. A site can have 100,000 of these alive for the whole deploy, so each
 * is one small object: the path is rebuilt from the folder when needed, and the survey fills
 * in the hash in place instead of copying the record.
 */
export class FoundFile implements LocalFile {
  /** Hex MD5 of the content, set by the survey ('' until then). */
  md5 = '';
  /** The remote multipart ETag, when the survey showed these bytes produce it. */
  multipartEtag?: string;

  /** `base` is the folder's path ending in a separator. */
  constructor(
    private readonly base: string,
    readonly key: string,
    readonly size: number,
  ) {}

  get path(): string {
    return this.base + (sep === '/' ? this.key : this.key.replaceAll('/', sep));
  }
}

// S3 keys are at most 1,024 bytes of UTF-8, prefix included.
const MAX_KEY_BYTES = 1024;

/**
 * Lists the regular files under `dir`, sorted by key. Links are followed only to files and
 * folders inside `dir`; links that leave it or loop, and anything that is not a file, are
 * skipped with a warning naming them. Excluded files are logged too: nothing is skipped
 * silently. `onFile` sees each file as it is found, so hashing need not wait for the walk.
 *
 * The walk uses synchronous calls in slices of a few milliseconds: for the small files of a
 * site this is several times faster than a promise per call, and the event loop still serves
 * the bucket listing between slices.
 */
export async function listLocalFiles(
  dir: string,
  options: {
    readonly exclude: readonly string[];
    readonly prefix: string;
    readonly logger: Logger;
    readonly onFile?: (file: FoundFile) => void;
  },
): Promise<FoundFile[]> {
  const root = await rootOf(dir);
  const excluded = options.exclude.map((glob) => ({ glob, matches: globMatcher(glob) }));
  const files: FoundFile[] = [];
  // `ancestors` holds the real paths of the folders above: a link back to one of them is a
  // loop, while a second link to a sibling folder is not (its files appear under both names).
  const pending: Array<{ folder: Folder; ancestors: ReadonlySet<string> }> = [
    { folder: { path: root, real: root, key: '' }, ancestors: new Set([root]) },
  ];
  const rootBase = withSeparator(root);
  const slice = new TimeSlice();
  for (let next = pending.pop(); next; next = pending.pop()) {
    const { folder, ancestors } = next;
    // Plain concatenation: `join` would normalise each path, and names from readdir need none.
    const base = withSeparator(folder.path);
    for (const entry of readdirSync(folder.path, { withFileTypes: true })) {
      if (slice.isDue()) await slice.pause();
      const path = base + entry.name;
      const key = folder.key + entry.name;
      // A folder is also matched as `key/` (so `.git/**` leaves out `.git` itself); a file need
      // not be, which spares a string per file.
      const folderLike = entry.isDirectory() || entry.isSymbolicLink();
      const rule = excluded.find(
        ({ matches }) => matches(key) || (folderLike && matches(`${key}/`)),
      );
      if (rule) {
        options.logger.info(`Skipped ${key}: excluded by "${rule.glob}".`);
        continue;
      }
      const target = resolveEntry(root, folder.real, entry, path, key, options.logger);
      if (target?.kind === 'folder') {
        if (ancestors.has(target.real)) {
          options.logger.warning(
            `Skipped ${key}: the link loops back to a folder that contains it.`,
          );
          continue;
        }
        const child = { path, real: target.real, key: `${key}/` };
        pending.push({ folder: child, ancestors: new Set([...ancestors, target.real]) });
      } else if (target?.kind === 'file') {
        checkKeyLength(options.prefix + key, path);
        const file = new FoundFile(rootBase, key, target.size);
        files.push(file);
        options.onFile?.(file);
      }
    }
  }
  return files.sort(byKey);
}

/** Orders records by key (JavaScript string order). */
export function byKey(a: { readonly key: string }, b: { readonly key: string }): number {
  return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
}

/**
 * Hands the event loop back every few milliseconds of synchronous work. Asking is cheap and
 * allocates nothing: a promise is made only when it is time to pause.
 */
class TimeSlice {
  private started = performance.now();

  constructor(private readonly milliseconds = 4) {}

  isDue(): boolean {
    return performance.now() - this.started >= this.milliseconds;
  }

  async pause(): Promise<void> {
    await new Promise((resolve) => setImmediate(resolve));
    this.started = performance.now();
  }
}

function withSeparator(path: string): string {
  return path.endsWith(sep) ? path : path + sep;
}

interface Folder {
  readonly path: string;
  /** The folder's path with every link resolved. */
  readonly real: string;
  /** Its key prefix: '' for the root, else ending in '/'. */
  readonly key: string;
}

/** The real path of `dir`; a DeployError naming the input when it is not a folder. */
export async function rootOf(dir: string): Promise<string> {
  try {
    const real = await realpath(dir);
    if ((await stat(real)).isDirectory()) return real;
  } catch {}
  throw new DeployError(
    `Input "dir" is invalid: ${JSON.stringify(dir)} is not a folder (is the site built?).`,
    { badInput: true },
  );
}

type Entry = { kind: 'file'; size: number } | { kind: 'folder'; real: string } | undefined;

/** What an entry is, from the directory listing itself; only links and files need a stat. */
function resolveEntry(
  root: string,
  parentReal: string,
  entry: Dirent,
  path: string,
  key: string,
  logger: Logger,
): Entry {
  if (entry.isDirectory()) return { kind: 'folder', real: join(parentReal, entry.name) };
  if (entry.isFile()) return { kind: 'file', size: statSync(path).size };
  if (!entry.isSymbolicLink()) {
    logger.warning(`Skipped ${key}: not a regular file.`);
    return undefined;
  }
  let real: string;
  try {
    real = realpathSync(path);
  } catch {
    logger.warning(`Skipped ${key}: the link is broken or loops.`);
    return undefined;
  }
  if (real !== root && !real.startsWith(root + sep)) {
    logger.warning(`Skipped ${key}: the link points outside "dir" (${real}).`);
    return undefined;
  }
  const target = statSync(real);
  if (target.isFile()) return { kind: 'file', size: target.size };
  if (target.isDirectory()) return { kind: 'folder', real };
  logger.warning(`Skipped ${key}: not a regular file.`);
  return undefined;
}

function checkKeyLength(key: string, path: string): void {
  // A UTF-16 unit is at most 3 bytes of UTF-8: most keys need no counting.
  if (key.length * 3 <= MAX_KEY_BYTES) return;
  const bytes = Buffer.byteLength(key, 'utf8');
  if (bytes > MAX_KEY_BYTES) {
    throw new DeployError(
      `The file ${path} would need the key "${key.slice(0, 80)}…" of ${bytes} bytes; S3 keys are at most ${MAX_KEY_BYTES} bytes. Rename it or shorten "prefix".`,
    );
  }
}
