import { createHash } from 'node:crypto';
import type { Settings } from '../inputs/settings.js';
import type { DeployResult } from './deploy-result.js';
import { countsTable } from './summary.js';
import {
  type Change,
  changeGroups,
  count,
  escapeHtml,
  headline,
  isUpToDate,
  plural,
  recordSentence,
} from './text.js';

/** GitHub refuses a comment body over 65,536 characters; a body is never shorter in bytes. */
export const MAX_COMMENT_BYTES = 65_536;
// CloudFront: the first 1,000 paths a month (per account) are free, then $0.005 a path.
const FREE_PATHS_PER_MONTH = 1000;
const TENTHS_OF_A_CENT_PER_PATH = 5;
// Far enough below max-deletes for a reviewer to act before a real deploy refuses to run.
const NEAR_MAX_DELETES = 0.8;

interface ListLimits {
  /** Most entries shown in one list. */
  readonly entries: number;
  /** Most bytes of one list's entries (one entry is always shown, if entries allow). */
  readonly bytes: number;
  /** Longer entries are cut, before escaping (which can make them six times longer). */
  readonly entryCharacters: number;
}

// Tried in order until the body fits: full lists, short lists, counts only.
const LIMITS: readonly ListLimits[] = [
  { entries: 50, bytes: 6 * 1024, entryCharacters: 1100 },
  { entries: 10, bytes: 1024, entryCharacters: 200 },
  { entries: 0, bytes: 0, entryCharacters: 0 },
];

/** Where the plan came from, for the reviewer: the workflow run and the pull request's head. */
export interface CommentSource {
  readonly runUrl: string | undefined;
  readonly head: { readonly sha: string; readonly url: string } | undefined;
}

/**
 * The hidden first line that finds this target's comment again. One per bucket and prefix, so
 * two deploy steps in one workflow (staging and docs, say) keep a comment each.
 */
export function commentMarker(settings: Pick<Settings, 'bucket' | 'prefix'>): string {
  const target = createHash('sha256').update(`s3://${settings.bucket}/${settings.prefix}`);
  return `<!-- s3-cf-sync plan ${target.digest('hex').slice(0, 16)} -->`;
}

/**
 * The plan as a pull-request comment in GitHub-flavoured Markdown: headline, counts, warnings,
 * the invalidation and its cost, then the changes; always under GitHub's size limit.
 */
export function pullRequestComment(
  result: DeployResult,
  settings: Settings,
  warnings: readonly string[],
  source: CommentSource,
): string {
  for (const limits of LIMITS) {
    const body = commentBody(result, settings, warnings, source, limits);
    if (Buffer.byteLength(body) < MAX_COMMENT_BYTES) return body;
  }
  // Only a prefix of tens of kilobytes gets here: the heading alone would be too long.
  return `${commentMarker(settings)}\n### s3-cf-sync: ${headline(result)}\n\nThe plan is too long for a comment: see the job summary.\n`;
}

function commentBody(
  result: DeployResult,
  settings: Settings,
  warnings: readonly string[],
  source: CommentSource,
  limits: ListLimits,
): string {
  const upToDate = isUpToDate(result);
  const blocks: string[][] = [
    [commentMarker(settings), heading(result, settings)],
    [sourceSentence(result, source)],
    upToDate ? [] : countsTable(result.plan),
    warningsBlock(reviewWarnings(result, settings, warnings), limits),
    invalidationSection(result, settings, limits),
    ...changesSections(result, settings, limits),
  ];
  return `${blocks
    .filter((block) => block.length > 0)
    .map((block) => block.join('\n'))
    .join('\n\n')}\n`;
}

function heading(result: DeployResult, settings: Settings): string {
  const target = `<code>${escapeHtml(`s3://${settings.bucket}/${settings.prefix}`)}</code>`;
  const what = isUpToDate(result) ? 'the site is up to date' : headline(result);
  return result.dryRun ? `### Plan for ${target}: ${what}` : `### Deployed to ${target}: ${what}`;
}

function sourceSentence(result: DeployResult, { runUrl, head }: CommentSource): string {
  const run = runUrl ? ` by [this workflow run](${runUrl})` : '';
  const commit = head ? ` for commit [${escapeHtml(head.sha.slice(0, 7))}](${head.url})` : '';
  const from = run || commit ? ` ${result.dryRun ? 'Planned' : 'Deployed'}${run}${commit}.` : '';
  const record = recordSentence(result, (text) => `<code>${escapeHtml(text)}</code>`);
  const recorded = record ? ` ${record}` : '';
  return result.dryRun
    ? `Dry run: nothing was written. This is what a deploy would do.${from}${recorded}`
    : `Not a dry run: these changes are live.${from}${recorded}`;
}

/** What a reviewer should not miss: deletions near the cap, header rewrites, the deploy's warnings. */
export function reviewWarnings(
  result: DeployResult,
  settings: Settings,
  logged: readonly string[],
): string[] {
  const { deletes, headerUpdates } = result.plan;
  const warnings: string[] = [];
  if (settings.maxDeletes > 0 && deletes.length >= NEAR_MAX_DELETES * settings.maxDeletes) {
    const share = Math.round((100 * deletes.length) / settings.maxDeletes);
    warnings.push(
      `${plural(deletes.length, 'deletion')}: ${share}% of max-deletes (${count(settings.maxDeletes)}). A deploy with more than ${count(settings.maxDeletes)} stops before writing anything.`,
    );
  }
  if (headerUpdates.length > 0) {
    const byHeader = new Map<string, number>();
    for (const update of headerUpdates)
      for (const header of update.differences)
        byHeader.set(header, (byHeader.get(header) ?? 0) + 1);
    const headers = [...byHeader].map(([header, n]) => `${header} on ${count(n)}`).join(', ');
    warnings.push(
      `Headers of ${plural(headerUpdates.length, 'unchanged object')} are rewritten in place: ${headers}.`,
    );
  }
  return [...warnings, ...logged];
}

function warningsBlock(warnings: readonly string[], limits: ListLimits): string[] {
  if (warnings.length === 0) return [];
  const { shown, rest } = capped(warnings, limits);
  return [
    '> [!WARNING]',
    ...shown.map((warning) => `> - ${warning}`),
    ...(rest > 0 ? [`> - *and ${count(rest)} more*`] : []),
  ];
}

/** The invalidations this deploy sends (or would), per distribution: paths, wildcards, cost. */
function invalidationSection(
  result: DeployResult,
  settings: Settings,
  limits: ListLimits,
): string[] {
  const given = settings.autoDistribution ? ['auto'] : settings.distributions;
  if (given.length === 0) return ['**CloudFront**: no distribution given, nothing to invalidate.'];
  const sending = result.invalidations.filter((invalidation) => invalidation.paths.length > 0);
  if (sending.length === 0) {
    const distributions = given.map((id) => `<code>${escapeHtml(id)}</code>`).join(', ');
    return [
      settings.invalidate === 'none'
        ? `**CloudFront** ${distributions}: not invalidated (invalidate is none).`
        : `**CloudFront** ${distributions}: nothing to invalidate.`,
    ];
  }
  const verb = result.dryRun ? 'would invalidate' : 'invalidated';
  const total = sending.reduce((sum, invalidation) => sum + invalidation.paths.length, 0);
  return [
    ...sending.flatMap((invalidation) => {
      const distribution = `<code>${escapeHtml(invalidation.distribution)}</code>`;
      const paths = invalidation.paths.length;
      const how = invalidation.collapsed
        ? `The ${plural(invalidation.exactPathCount, 'changed URL')} are collapsed into wildcards to fit invalidation-max-paths (${count(settings.invalidationMaxPaths)}).`
        : settings.invalidate === 'all'
          ? 'invalidate is all: the whole distribution.'
          : `Not collapsed: the exact changed URLs fit invalidation-max-paths (${count(settings.invalidationMaxPaths)}).`;
      return [
        `**CloudFront** ${distribution}: ${verb} ${plural(paths, 'path')}. ${how}`,
        '',
        ...detailsList(`Invalidation paths (${count(paths)})`, invalidation.paths, limits, false),
        '',
      ];
    }),
    costSentence(total),
  ];
}

function costSentence(paths: number): string {
  const dollars = formatDollars(paths * TENTHS_OF_A_CENT_PER_PATH);
  return `Cost: CloudFront's first ${count(FREE_PATHS_PER_MONTH)} paths a month are free (a wildcard counts as one path). If this month's free ${count(FREE_PATHS_PER_MONTH)} paths are used up, this invalidation costs ${dollars} (${plural(paths, 'path')} at $0.005).`;
}

/** 35 tenths of a cent -> "$0.035", 15000 -> "$15.00": exact, no floating-point rounding. */
export function formatDollars(tenthsOfACent: number): string {
  const dollars = Math.floor(tenthsOfACent / 1000);
  const fraction = String(tenthsOfACent % 1000).padStart(3, '0');
  const shown = fraction.endsWith('0') ? fraction.slice(0, 2) : fraction;
  return `$${count(dollars)}.${shown}`;
}

/** "Pages that will change" (new, updated, headers), then "What will be deleted", open. */
function changesSections(result: DeployResult, settings: Settings, limits: ListLimits): string[][] {
  const groups = changeGroups(result.plan, settings.prefix);
  const changed = groups.filter((group) => group.kind !== 'deleted' && group.changes.length > 0);
  const deleted = groups.find((group) => group.kind === 'deleted')?.changes ?? [];
  const will = result.dryRun ? 'will' : 'did';
  const sections: string[][] = [];
  if (changed.length > 0)
    sections.push(
      [`#### Pages that ${will} change`],
      ...changed.map((group) =>
        detailsList(
          `${group.title} (${count(group.changes.length)})`,
          group.changes.map(describeChange),
          limits,
          false,
        ),
      ),
    );
  if (deleted.length > 0)
    sections.push(
      [result.dryRun ? '#### What will be deleted' : '#### What was deleted'],
      detailsList(`Deleted (${count(deleted.length)})`, deleted.map(describeChange), limits, true),
    );
  return sections;
}

function describeChange(change: Change): string {
  return change.note ? `${change.path} — ${change.note}` : change.path;
}

/** A collapsible list of code entries, capped, ending "and 3,912 more" when cut. */
function detailsList(
  title: string,
  entries: readonly string[],
  limits: ListLimits,
  open: boolean,
): string[] {
  const { shown, rest } = capped(entries, limits);
  return [
    `<details${open ? ' open' : ''}><summary>${escapeHtml(title)}</summary>`,
    '<ul>',
    ...shown.map((entry) => `<li><code>${entry}</code></li>`),
    ...(rest > 0 ? [`<li><em>and ${count(rest)} more</em></li>`] : []),
    '</ul>',
    '</details>',
  ];
}

/** The first entries, cut and escaped, within the limits; `rest` is how many were left out. */
function capped(entries: readonly string[], limits: ListLimits): { shown: string[]; rest: number } {
  const shown: string[] = [];
  let bytes = 0;
  for (const entry of entries.slice(0, limits.entries)) {
    const text = escapeHtml(shorten(entry, limits.entryCharacters));
    bytes += Buffer.byteLength(text);
    if (bytes > limits.bytes && shown.length > 0) break;
    shown.push(text);
  }
  return { shown, rest: entries.length - shown.length };
}

function shorten(text: string, characters: number): string {
  if (text.length <= characters) return text;
  // Never end on half of a surrogate pair.
  return `${text.slice(0, characters).replace(/[\ud800-\udbff]$/, '')}…`;
}
