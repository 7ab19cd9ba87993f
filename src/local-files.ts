import { lstat, opendir, realpath, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { DeployError } from './errors.js';
import { globMatcher } from './header-rules.js';
import type { Logger } from './logger.js';

export interface LocalFile {
  /** Path relative to `dir`, with `/` separators: the key without the prefix. */
  readonly key: string;
  readonly path: string;
  readonly size: number;
}

// S3 keys are at most 1,024 bytes of UTF-8, prefix included.
const MAX_KEY_BYTES = 1024;

/**
 * Lists the regular files under `dir`. Links are followed only to files and folders inside
 * `dir`; links that leave it or loop, and anything that is not a file, are skipped with a
 * warning naming them. Excluded files are logged too: nothing is skipped silently.
 */
export async function listLocalFiles(
  dir: string,
  options: {
    readonly exclude: readonly string[];
    readonly prefix: string;
    readonly logger: Logger;
  },
): Promise<LocalFile[]> {
  const root = await rootOf(dir);
  const excluded = options.exclude.map((glob) => ({ glob, matches: globMatcher(glob) }));
  const files: LocalFile[] = [];
  // Real paths of the folders being walked: a link back to one of them is a loop, while a
  // second link to a sibling folder is not (its files are published under both names).
  const walk = async (folder: string, ancestors: ReadonlySet<string>): Promise<void> => {
    const entries = [];
    for await (const entry of await opendir(folder)) entries.push(entry.name);
    for (const name of entries.sort()) {
      const path = join(folder, name);
      const key = relative(root, path).split(sep).join('/');
      const rule = excluded.find(({ matches }) => matches(key) || matches(`${key}/`));
      if (rule) {
        options.logger.info(`Skipped ${key}: excluded by "${rule.glob}".`);
        continue;
      }
      const target = await resolveEntry(root, path, key, options.logger);
      if (target?.kind === 'folder') {
        if (ancestors.has(target.real)) {
          options.logger.warning(
            `Skipped ${key}: the link loops back to a folder that contains it.`,
          );
          continue;
        }
        await walk(path, new Set([...ancestors, target.real]));
      } else if (target?.kind === 'file') {
        checkKeyLength(options.prefix + key, path);
        files.push({ key, path, size: target.size });
      }
    }
  };
  await walk(root, new Set([root]));
  return files;
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

async function resolveEntry(
  root: string,
  path: string,
  key: string,
  logger: Logger,
): Promise<Entry> {
  const link = await lstat(path);
  let real = path;
  if (link.isSymbolicLink()) {
    try {
      real = await realpath(path);
    } catch {
      logger.warning(`Skipped ${key}: the link is broken or loops.`);
      return undefined;
    }
    if (real !== root && !real.startsWith(root + sep)) {
      logger.warning(`Skipped ${key}: the link points outside "dir" (${real}).`);
      return undefined;
    }
  }
  const target = link.isSymbolicLink() ? await stat(real) : link;
  if (target.isFile()) return { kind: 'file', size: target.size };
  if (target.isDirectory()) return { kind: 'folder', real: await realpath(path) };
  logger.warning(`Skipped ${key}: not a regular file.`);
  return undefined;
}

function checkKeyLength(key: string, path: string): void {
  const bytes = Buffer.byteLength(key, 'utf8');
  if (bytes > MAX_KEY_BYTES) {
    throw new DeployError(
      `The file ${path} would need the key "${key.slice(0, 80)}…" of ${bytes} bytes; S3 keys are at most ${MAX_KEY_BYTES} bytes. Rename it or shorten "prefix".`,
    );
  }
}
