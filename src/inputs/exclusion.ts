import picomatch from 'picomatch';

interface ExcludeRule {
  readonly glob: string;
  readonly pattern: RegExp;
  /** The glob ended in `/`: it matches folders, never a file of that name. */
  readonly foldersOnly: boolean;
}

/**
 * One `exclude` glob, read as .gitignore reads it: with no `/` but a trailing one (`tag`, `tag/`,
 * `*.tmp`) it matches a name at any depth; with a `/` at the start or inside (`/tag/`,
 * `blog/drafts/`, `.git/**`) it is anchored at `dir`. Throws on a glob picomatch cannot read.
 */
export function excludeRule(glob: string): ExcludeRule {
  const anchored = glob.startsWith('/');
  const foldersOnly = glob.endsWith('/');
  const body = glob.slice(anchored ? 1 : 0, foldersOnly ? -1 : undefined);
  if (body === '' || body.startsWith('/') || body.endsWith('/')) {
    throw new Error(`${JSON.stringify(glob)} names no file or folder`);
  }
  const atAnyDepth = !anchored && !body.includes('/');
  // `dot` so `.well-known/**` works; one compiled expression, tested without splitting the key.
  const pattern = picomatch.makeRe(atAnyDepth ? `**/${body}` : body, { dot: true });
  return { glob, pattern, foldersOnly };
}

/**
 * The `exclude` input as one predicate for both sides of the sync: a key is excluded when it, or
 * any folder above it, matches a glob. The walk asks per entry (it never enters an excluded
 * folder, so the folders above were asked already); the planner asks per remote key.
 */
export class Exclusion {
  private readonly rules: readonly ExcludeRule[];
  // Verdicts per folder of the remote keys: listings come in key order, so most keys share the
  // previous key's folder and cost no string at all; the map covers returns to a parent.
  private readonly folderRules = new Map<string, string | undefined>();
  private lastFolder: string | undefined;
  private lastFolderRule: string | undefined;

  constructor(globs: readonly string[]) {
    this.rules = globs.map(excludeRule);
  }

  /** The glob that excludes an entry by its own key (`a/b`, no trailing `/` for a folder). */
  ruleForEntry(key: string, isFolder: boolean): string | undefined {
    for (const rule of this.rules) {
      if ((isFolder || !rule.foldersOnly) && rule.pattern.test(key)) return rule.glob;
    }
    return undefined;
  }

  /** The glob that excludes an object key: the key itself or any folder above it. */
  ruleForKey(key: string): string | undefined {
    if (this.rules.length === 0) return undefined;
    const end = key.lastIndexOf('/');
    return (
      (end === -1 ? undefined : this.ruleForFolderOf(key, end)) ?? this.ruleForEntry(key, false)
    );
  }

  excludes(key: string): boolean {
    return this.ruleForKey(key) !== undefined;
  }

  /** The verdict for the folder `key.slice(0, end)` and the folders above it. */
  private ruleForFolderOf(key: string, end: number): string | undefined {
    const last = this.lastFolder;
    if (last !== undefined && last.length === end && key.startsWith(last)) {
      return this.lastFolderRule;
    }
    const folder = key.slice(0, end);
    const rule = this.ruleForFolder(folder);
    this.lastFolder = folder;
    this.lastFolderRule = rule;
    return rule;
  }

  private ruleForFolder(folder: string): string | undefined {
    if (this.folderRules.has(folder)) return this.folderRules.get(folder);
    const end = folder.lastIndexOf('/');
    const rule =
      (end === -1 ? undefined : this.ruleForFolder(folder.slice(0, end))) ??
      this.ruleForEntry(folder, true);
    this.folderRules.set(folder, rule);
    return rule;
  }
}
