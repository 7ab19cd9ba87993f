import { type Dirent, readdirSync, realpathSync, statSync } from 'node:fs';
import { opendir, realpath, stat } from 'node:fs/promises';
import { join, sep } from 'node:path';
import { showControlCharacters } from '../base/control-characters.js';
import { DeployError, errorMessage } from '../base/errors.js';
import type { Logger } from '../base/logger.js';
import { Exclusion } from '../inputs/exclusion.js';

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
  /** The remote non-MD5 ETag that the last deploy record vouches for (SSE-KMS, SSE-C). */
  recordedEtag?: string;

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

export interface LocalListing {
  /** The regular files, sorted by key. */
  readonly files: FoundFile[];
  /**
   * Keys of the entries that had to be skipped (not excluded): links leaving `dir`, broken or
   * looping links, FIFOs and sockets, what cannot be read. Their objects in the bucket, and all
   * objects under them as folders, are kept: a skipped entry is not a removed one.
   */
  readonly skipped: string[];
}

/**
 * Lists the regular files under `dir`. Links are followed only to files and folders inside
 * `dir`; links that leave it or loop, anything that is not a file, and what cannot be read are
 * skipped with a warning naming them. Excluded files are logged too: nothing is skipped
 * silently. `onFile` sees each file as it is found, so hashing need not wait for the walk.
 *
 * The walk uses synchronous calls in slices of a few milliseconds: for the small files of a
 * site this is several times faster than a promise per call, and the event loop still serves
 * the bucket listing between slices.
 */
export async function listLocalFiles(dir: string, options: WalkOptions): Promise<LocalListing> {
  const walk = new Walk(await rootOf(dir), options);
  await walk.run();
  return { files: walk.files.sort(byKey), skipped: walk.skipped };
}

interface WalkOptions {
  readonly exclude: readonly string[];
  readonly prefix: string;
  readonly logger: Logger;
  readonly onFile?: (file: FoundFile) => void;
}

class Walk {
  readonly files: FoundFile[] = [];
  readonly skipped: string[] = [];
  private readonly exclusion: Exclusion;
  private readonly rootBase: string;
  // `ancestors` holds the real paths of the folders above: a link back to one of them is a
  // loop, while a second link to a sibling folder is not (its files appear under both names).
  private readonly pending: Array<{ folder: Folder; ancestors: ReadonlySet<string> }>;

  constructor(
    private readonly root: string,
    private readonly options: WalkOptions,
  ) {
    this.exclusion = new Exclusion(options.exclude);
    this.rootBase = withSeparator(root);
    this.pending = [{ folder: { path: root, real: root, key: '' }, ancestors: new Set([root]) }];
  }

  async run(): Promise<void> {
    const slice = new TimeSlice();
    for (let next = this.pending.pop(); next; next = this.pending.pop()) {
      const { folder, ancestors } = next;
      const entries = this.read(folder);
      // Plain concatenation: `join` would normalise each path, and names from readdir need none.
      const base = withSeparator(folder.path);
      for (const entry of entries) {
        if (slice.isDue()) await slice.pause();
        this.visit(folder, ancestors, entry, base + entry.name);
      }
    }
  }

  private visit(folder: Folder, ancestors: ReadonlySet<string>, entry: Dirent, path: string) {
    const key = folder.key + entry.name;
    // A link is asked as a file here, and as a folder once it is known to lead to one.
    const rule = this.exclusion.ruleForEntry(key, entry.isDirectory());
    if (rule) return this.exclude(key, rule);
    const target = resolveEntry(this.root, folder.real, entry, path);
    if ('skipped' in target) return this.skip(key, target.skipped, target.kind);
    if (target.kind === 'file') {
      checkKeyLength(this.options.prefix + key, path);
      const file = new FoundFile(this.rootBase, key, target.size);
      this.files.push(file);
      this.options.onFile?.(file);
      return;
    }
    const linkRule = entry.isSymbolicLink() && this.exclusion.ruleForEntry(key, true);
    if (linkRule) return this.exclude(key, linkRule);
    if (ancestors.has(target.real)) {
      return this.skip(key, 'the link loops back to a folder that contains it', 'folder');
    }
    const child = { path, real: target.real, key: `${key}/` };
    this.pending.push({ folder: child, ancestors: new Set([...ancestors, target.real]) });
  }

  /** A folder's entries; none, skipped with a warning, when it may not be read. */
  private read(folder: Folder): Dirent[] {
    try {
      return readdirSync(folder.path, { withFileTypes: true });
    } catch (error) {
      const reason = unreadableReason(error);
      // The root was opened by rootOf: any failure there is the folder changing under the walk.
      if (!reason || folder.key === '') throw changedWhileRead(folder.path, error);
      this.skip(folder.key.slice(0, -1), reason, 'folder');
      return [];
    }
  }

  private skip(key: string, reason: string, kind: 'file' | 'folder'): void {
    this.skipped.push(key);
    const kept =
      kind === 'folder'
        ? 'the objects under it in the bucket are kept'
        : 'its object in the bucket, if any, is kept';
    this.options.logger.warning(`Skipped ${showControlCharacters(key)}: ${reason}; ${kept}.`);
  }

  private exclude(key: string, glob: string): void {
    this.options.logger.detail(`Skipped ${showControlCharacters(key)}: excluded by "${glob}".`);
  }
}

/**
 * A read that failed for another reason than permissions: the file or folder vanished or changed
 * kind since it was listed. The deploy stops before writing, as no plan made from a folder that
 * is changing (a build still running?) can be trusted.
 */
export function changedWhileRead(path: string, error: unknown): DeployError {
  const code = (error as NodeJS.ErrnoException | undefined)?.code ?? errorMessage(error);
  return new DeployError(
    `Could not read ${showControlCharacters(path)} (${code}): the folder changed while it was being read (is the site still being built?); nothing was uploaded or deleted.`,
    { cause: error },
  );
}

/**
 * Why an entry cannot be read, when that is a lasting property of the tree (its permissions);
 * undefined for anything else (a file that vanished mid-walk), which must fail the deploy.
 */
export function unreadableReason(error: unknown): string | undefined {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return code === 'EACCES' || code === 'EPERM' ? `permission denied (${code})` : undefined;
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
  let real: string | undefined;
  try {
    real = await realpath(dir);
    if (!(await stat(real)).isDirectory()) real = undefined;
  } catch {}
  if (real === undefined) {
    throw new DeployError(
      `Input "dir" is invalid: ${JSON.stringify(dir)} is not a folder (is the site built?).`,
      { badInput: true },
    );
  }
  try {
    // Opened, not access()ed: access() asks for the real user, reading is done as the effective.
    await (await opendir(real)).close();
  } catch (error) {
    throw new DeployError(
      `Input "dir" is invalid: ${JSON.stringify(dir)} cannot be read (${(error as NodeJS.ErrnoException).code}).`,
      { badInput: true, cause: error },
    );
  }
  return real;
}

type Entry =
  | { kind: 'file'; size: number }
  | { kind: 'folder'; real: string }
  | { kind: 'file' | 'folder'; skipped: string };

/**
 * What an entry is, from the directory listing itself; only links and files need a stat. What
 * cannot be followed or read comes back as skipped, with the reason.
 */
function resolveEntry(root: string, parentReal: string, entry: Dirent, path: string): Entry {
  if (entry.isDirectory()) return { kind: 'folder', real: join(parentReal, entry.name) };
  try {
    if (entry.isFile()) return { kind: 'file', size: statSync(path).size };
    if (!entry.isSymbolicLink()) return { kind: 'file', skipped: 'not a regular file' };
    return resolveLink(root, path);
  } catch (error) {
    const reason = unreadableReason(error);
    if (!reason) throw changedWhileRead(path, error);
    return { kind: 'file', skipped: reason };
  }
}

function resolveLink(root: string, path: string): Entry {
  let real: string;
  try {
    real = realpathSync(path);
  } catch (error) {
    const reason = unreadableReason(error);
    return { kind: 'file', skipped: reason ?? 'the link is broken or loops' };
  }
  const target = statSync(real);
  const kind = target.isDirectory() ? 'folder' : 'file';
  if (real !== root && !real.startsWith(root + sep)) {
    return { kind, skipped: `the link points outside "dir" (${showControlCharacters(real)})` };
  }
  if (target.isFile()) return { kind: 'file', size: target.size };
  if (target.isDirectory()) return { kind: 'folder', real };
  return { kind, skipped: 'not a regular file' };
}

function checkKeyLength(key: string, path: string): void {
  // A UTF-16 unit is at most 3 bytes of UTF-8: most keys need no counting.
  if (key.length * 3 <= MAX_KEY_BYTES) return;
  const bytes = Buffer.byteLength(key, 'utf8');
  if (bytes > MAX_KEY_BYTES) {
    throw new DeployError(
      `The file ${showControlCharacters(path)} would need the key "${showControlCharacters(key.slice(0, 80))}…" of ${bytes} bytes; S3 keys are at most ${MAX_KEY_BYTES} bytes. Rename it or shorten "prefix".`,
    );
  }
}
