import { explicitInvalidationPath, urlPathsForKey } from './path-encoding.js';

export { encodeCloudFrontPath, urlPathsForKey } from './path-encoding.js';

/** CloudFront allows 15 wildcard paths in progress per distribution. */
export const MAX_WILDCARDS_IN_PROGRESS = 15;
/** CloudFront allows 3,000 file paths in progress per distribution. */
export const MAX_PATHS_PER_REQUEST = 3000;

export interface InvalidationRequestPlan {
  /** Paths to send, sorted, deterministic. */
  readonly paths: readonly string[];
  /** How many exact (URL) paths the sent paths cover. */
  readonly exactPathCount: number;
  /** True when the exact list was collapsed into wildcards to fit the budget. */
  readonly collapsed: boolean;
}

export interface InvalidationOptions {
  readonly mode: 'changed' | 'all' | 'none';
  /** User-given paths starting with '/', added verbatim. */
  readonly extraPaths: readonly string[];
  /** Also invalidate '/dir/' for 'dir/index.html' (and '/' for the root index.html). */
  readonly indexForms: boolean;
  /** Most paths to send, >= 1. */
  readonly maxPaths: number;
  /** The object served at '/' (the default root object); `index.html` when not given. */
  readonly rootDocument?: string;
}

const ALL_PATHS = '/*';

/**
 * The paths to invalidate for changed keys (full S3 keys, no leading slash). When the exact list
 * does not fit maxPaths or the wildcard limit, it is collapsed into directory wildcards: the fewest
 * wildcards, then the fewest paths, then the deepest directories; `/*` only when nothing else fits.
 */
export function planInvalidation(
  changedKeys: readonly string[],
  options: InvalidationOptions,
): InvalidationRequestPlan {
  if (!Number.isInteger(options.maxPaths) || options.maxPaths < 1) {
    throw new RangeError(`maxPaths must be a whole number of at least 1, got ${options.maxPaths}`);
  }
  const requested = requestedPaths(changedKeys, options);
  const exactPathCount = requested.length;
  // With nothing changed nothing is stale: `all` then sends only the extra paths, if any.
  if (options.mode === 'all' && changedKeys.length > 0) {
    return { paths: [ALL_PATHS], exactPathCount, collapsed: false };
  }
  const paths = removeCoveredPaths(requested);
  if (fitsLimits(paths, options.maxPaths)) return { paths, exactPathCount, collapsed: false };
  return { paths: collapseToWildcards(paths, options.maxPaths), exactPathCount, collapsed: true };
}

/** The exact list: every changed key's paths plus the extra paths, distinct and sorted. */
function requestedPaths(changedKeys: readonly string[], options: InvalidationOptions): string[] {
  const paths = new Set<string>();
  if (options.mode !== 'none') {
    for (const key of changedKeys) {
      for (const path of urlPathsForKey(key, options.indexForms, options.rootDocument))
        paths.add(path);
    }
  }
  for (const path of options.extraPaths) paths.add(explicitInvalidationPath(path));
  return [...paths].sort();
}

function isWildcard(path: string): boolean {
  return path.endsWith('*');
}

/** What a path matches: a wildcard matches every path starting with this, an exact path itself. */
function matchPrefix(path: string): string {
  return isWildcard(path) ? path.slice(0, -1) : path;
}

/** Drops every path that another (wildcard) path already covers; returns them sorted. */
function removeCoveredPaths(paths: readonly string[]): string[] {
  // Only a wildcard covers anything: without one, every path stays (they come sorted).
  if (!paths.some(isWildcard)) return [...paths];
  // Sorted by what they match, the paths a wildcard covers directly follow it.
  const entries = paths
    .map((path) => ({ path, prefix: matchPrefix(path) }))
    .sort(
      (a, b) =>
        compareStrings(a.prefix, b.prefix) ||
        Number(isWildcard(b.path)) - Number(isWildcard(a.path)),
    );
  const kept: string[] = [];
  let cover: string | undefined;
  for (const { path, prefix } of entries) {
    if (cover !== undefined && prefix.startsWith(cover)) continue;
    cover = isWildcard(path) ? prefix : undefined;
    kept.push(path);
  }
  return kept.sort();
}

function compareStrings(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

function fitsLimits(paths: readonly string[], maxPaths: number): boolean {
  const wildcards = paths.filter(isWildcard).length;
  return paths.length <= maxPaths && wildcards <= MAX_WILDCARDS_IN_PROGRESS;
}

/** A directory of the paths to invalidate: the wildcard `${directory}*` covers its whole subtree. */
interface DirectoryNode {
  /** '/' for the root, else '/a/b/'. */
  readonly directory: string;
  readonly children: DirectoryNode[];
  /** Paths (exact or wildcard) whose directory is this one. */
  readonly paths: string[];
}

/** Best outcome for a subtree with a given number of wildcards: fewest exact paths, then deepest. */
interface Score {
  readonly exact: number;
  /** Sum of the wildcards' depths; more means narrower wildcards. */
  readonly specificity: number;
}

/** Indexed by the number of wildcards used in the subtree, 0..MAX_WILDCARDS_IN_PROGRESS. */
type Scores = (Score | undefined)[];

interface Solution {
  readonly scores: Scores;
  /** Whether the one-wildcard outcome is this directory's own wildcard. */
  readonly wildcardHere: boolean;
  /** childShares[k][w]: wildcards given to child k when children 0..k and the node use w. */
  readonly childShares: readonly (readonly number[])[];
}

/**
 * Covers paths with the fewest directory wildcards that fit the limits, then the fewest paths,
 * then the deepest wildcards: an exact dynamic program over the directory tree (a knapsack on the
 * wildcard count, which is at most 15, at each directory). The root is never chosen: `/*` is the
 * fallback when nothing else fits.
 */
function collapseToWildcards(paths: readonly string[], maxPaths: number): string[] {
  // A first deploy of 100,000 files: the program's tables took 120 MB to find only /*.
  if (noWildcardsCanFit(paths, maxPaths)) return [ALL_PATHS];
  const { root, nodes } = buildDirectoryTree(paths);
  const solutions = new Map<DirectoryNode, Solution>();
  // Reverse order puts every directory after all of its subdirectories.
  for (const node of [...nodes].reverse()) solutions.set(node, solveDirectory(node, solutions));
  const wildcards = fewestFeasibleWildcards(solutionOf(root, solutions).scores, maxPaths);
  if (wildcards === undefined) return [ALL_PATHS];
  return chosenPaths(root, wildcards, solutions).sort();
}

/**
 * Whether no choice of wildcards can fit, by a bound that needs no tree: wildcards below one
 * top-level directory cover at most its exact paths, so w wildcards leave at least all exact
 * paths but those of the w largest top-level directories (the root's own paths stay exact).
 * True only when the program would also end with /*.
 */
export function noWildcardsCanFit(paths: readonly string[], maxPaths: number): boolean {
  const perTopLevel = new Map<string, number>();
  let exact = 0;
  for (const path of paths) {
    if (isWildcard(path)) continue;
    exact += 1;
    // The first directory under the root: `/a/` for `/a/`, `/a/b` and `/a/b/c`; none for `/a`.
    const end = path.indexOf('/', 1);
    if (end < 0) continue;
    const topLevel = path.slice(0, end + 1);
    perTopLevel.set(topLevel, (perTopLevel.get(topLevel) ?? 0) + 1);
  }
  const largest = [...perTopLevel.values()].sort((a, b) => b - a);
  let covered = 0;
  for (let wildcards = 0; wildcards <= MAX_WILDCARDS_IN_PROGRESS; wildcards++) {
    covered += wildcards > 0 ? (largest[wildcards - 1] ?? 0) : 0;
    if (wildcards + exact - covered <= maxPaths) return false;
  }
  return true;
}

function buildDirectoryTree(paths: readonly string[]): {
  root: DirectoryNode;
  nodes: DirectoryNode[];
} {
  const nodes = new Map<string, DirectoryNode>();
  const nodeFor = (directory: string): DirectoryNode => {
    const existing = nodes.get(directory);
    if (existing !== undefined) return existing;
    const node: DirectoryNode = { directory, children: [], paths: [] };
    nodes.set(directory, node);
    if (directory !== '/') nodeFor(directoryOf(directory.slice(0, -1))).children.push(node);
    return node;
  };
  const root = nodeFor('/');
  for (const path of paths) nodeFor(directoryOf(matchPrefix(path))).paths.push(path);
  const sorted = [...nodes.values()].sort((a, b) => compareStrings(a.directory, b.directory));
  return { root, nodes: sorted };
}

/** '/a/b/' for '/a/b/c' and for '/a/b/'; '/' for anything without a directory. */
function directoryOf(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash <= 0 ? '/' : path.slice(0, slash + 1);
}

function solveDirectory(node: DirectoryNode, solutions: Map<DirectoryNode, Solution>): Solution {
  let scores = ownScores(node);
  const childShares: number[][] = [];
  for (const child of node.children) {
    const merged = mergeScores(scores, solutionOf(child, solutions).scores);
    scores = merged.scores;
    childShares.push(merged.shares);
  }
  const own: Score = { exact: 0, specificity: specificity(`${node.directory}*`) };
  const wildcardHere = node.directory !== '/' && isBetter(own, scores[1]);
  if (wildcardHere) scores[1] = own;
  return { scores, wildcardHere, childShares };
}

function emptyScores(): Scores {
  return Array.from({ length: MAX_WILDCARDS_IN_PROGRESS + 1 }, (): Score | undefined => undefined);
}

/** The directory's own paths kept as they are. */
function ownScores(node: DirectoryNode): Scores {
  const scores = emptyScores();
  const wildcards = node.paths.filter(isWildcard);
  if (wildcards.length <= MAX_WILDCARDS_IN_PROGRESS) {
    scores[wildcards.length] = {
      exact: node.paths.length - wildcards.length,
      specificity: wildcards.reduce((sum, path) => sum + specificity(path), 0),
    };
  }
  return scores;
}

/** Min-plus combination of two subtrees' outcomes over the wildcard count. */
function mergeScores(left: Scores, right: Scores): { scores: Scores; shares: number[] } {
  const scores = emptyScores();
  const shares = scores.map(() => 0);
  left.forEach((a, leftWildcards) => {
    right.forEach((b, rightWildcards) => {
      const total = leftWildcards + rightWildcards;
      if (a === undefined || b === undefined || total > MAX_WILDCARDS_IN_PROGRESS) return;
      const combined = { exact: a.exact + b.exact, specificity: a.specificity + b.specificity };
      if (isBetter(combined, scores[total])) {
        scores[total] = combined;
        shares[total] = rightWildcards;
      }
    });
  });
  return { scores, shares };
}

function isBetter(candidate: Score, incumbent: Score | undefined): boolean {
  if (incumbent === undefined || candidate.exact !== incumbent.exact) {
    return incumbent === undefined || candidate.exact < incumbent.exact;
  }
  return candidate.specificity > incumbent.specificity;
}

/** How deep a wildcard reaches: `/a/b/*` is 3, `/a/b/run*` (narrower than `/a/b/*`) is 4. */
function specificity(wildcard: string): number {
  const prefix = matchPrefix(wildcard);
  const slashes = prefix.split('/').length - 1;
  return prefix.endsWith('/') ? slashes : slashes + 1;
}

function fewestFeasibleWildcards(scores: Scores, maxPaths: number): number | undefined {
  const fits = (score: Score | undefined, wildcards: number) =>
    score !== undefined && wildcards + score.exact <= maxPaths;
  const wildcards = scores.findIndex(fits);
  return wildcards < 0 ? undefined : wildcards;
}

/** Walks the chosen outcome down the tree and lists the paths it sends. */
function chosenPaths(
  root: DirectoryNode,
  wildcards: number,
  solutions: Map<DirectoryNode, Solution>,
): string[] {
  const paths: string[] = [];
  const pending: [DirectoryNode, number][] = [[root, wildcards]];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const [node, budget] = next;
    const solution = solutionOf(node, solutions);
    if (budget === 1 && solution.wildcardHere) {
      paths.push(`${node.directory}*`);
      continue;
    }
    paths.push(...node.paths);
    let remaining = budget;
    for (let k = node.children.length - 1; k >= 0; k--) {
      const share = solution.childShares[k]?.[remaining] ?? 0;
      const child = node.children[k];
      if (child !== undefined) pending.push([child, share]);
      remaining -= share;
    }
  }
  return paths;
}

function solutionOf(node: DirectoryNode, solutions: Map<DirectoryNode, Solution>): Solution {
  const solution = solutions.get(node);
  if (solution === undefined) throw new Error(`No solution for ${node.directory}`);
  return solution;
}
