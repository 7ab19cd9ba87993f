import type { DistributionInvalidation } from '../cloudfront/invalidation.js';
import type { Settings } from '../inputs/settings.js';
import { formatBytes } from '../inputs/size.js';
import type { SyncPlan } from '../plan/plan.js';
import { unchangedCount } from '../plan/plan.js';
import type { DeployResult } from './deploy-result.js';
import { failureBlocks } from './failure-summary.js';
import {
  type Change,
  carriedOverSentence,
  changeGroups,
  consoleUrl,
  count,
  type DeployOrigin,
  escapeHtml,
  formatDuration,
  headline,
  isUpToDate,
  plural,
  recordSentence,
} from './text.js';

// Each list shows at most this many entries and bytes (plus one entry, if that alone is larger),
// so its five lists stay near 100 KiB whatever the deploy: the runner rejects a summary over 1 MiB.
const MAX_LISTED = 100;
const MAX_LIST_BYTES = 16 * 1024;

/**
 * The job summary as GitHub-flavoured Markdown, for a person: what happened in one line, the
 * numbers, the invalidation, then every change in collapsed lists.
 */
export function summaryMarkdown(
  result: DeployResult,
  settings: Settings,
  origin: DeployOrigin | undefined,
): string {
  const upToDate = isUpToDate(result);
  const title = upToDate ? 'the site is up to date' : headline(result);
  const head = result.failure
    ? failureBlocks(result, result.failure, settings)
    : [
        [`### ${result.dryRun ? `Dry run: ${title}` : title.replace(/^t/, 'T')}`],
        result.dryRun ? dryRunBanner() : [],
        result.unrecorded ? ['> [!WARNING]', `> ${escapeHtml(result.unrecorded)}`] : [],
        [deployedSentence(result, settings, origin)],
        recordBlock(result),
        upToDate ? [] : countsTable(result.plan),
      ];
  const blocks: string[][] = [
    ...head,
    invalidationSection(result, settings),
    ...changedPathsSection(result, settings),
  ];
  return `${blocks
    .filter((block) => block.length > 0)
    .map((block) => block.join('\n'))
    .join('\n\n')}\n`;
}

function recordBlock(result: DeployResult): string[] {
  const sentence = recordSentence(result, (text) => `<code>${escapeHtml(text)}</code>`);
  return sentence ? [sentence] : [];
}

function dryRunBanner(): string[] {
  return [
    '> [!WARNING]',
    '> **Dry run**: nothing was uploaded, deleted or invalidated. This is what a deploy would do.',
  ];
}

/** "Deployed octo/blog@0123456 to s3://site/blog/ in 12.3 s.", the commit linked. */
function deployedSentence(
  result: DeployResult,
  settings: Settings,
  origin: DeployOrigin | undefined,
): string {
  const target = `<code>${escapeHtml(`s3://${settings.bucket}/${settings.prefix}`)}</code>`;
  const source = origin ? ` ${commitLink(origin)}` : '';
  const verb = result.dryRun ? `Planned a deploy${source && ` of${source}`}` : `Deployed${source}`;
  const sentence = `${verb} to ${target} in ${formatDuration(result.durationMs)}`;
  if (!isUpToDate(result)) return `${sentence}.`;
  const files = plural(unchangedCount(result.plan), 'file');
  return `${sentence}: all ${files} unchanged, nothing ${result.dryRun ? 'to upload or delete' : 'uploaded or deleted'}.`;
}

function commitLink(origin: DeployOrigin): string {
  const text = escapeHtml(`${origin.repository}@${origin.sha.slice(0, 7)}`);
  return `[${text}](${origin.serverUrl}/${origin.repository}/commit/${origin.sha})`;
}

/** New, updated, headers updated, deleted, unchanged (and kept): files and bytes of each. */
export function countsTable(plan: SyncPlan): string[] {
  const size = (bytes: readonly number[]) =>
    bytes.length === 0 ? '—' : formatBytes(bytes.reduce((sum, n) => sum + n, 0));
  const uploads = (reason: 'new' | 'changed') =>
    plan.uploads.filter((upload) => upload.reason === reason).map(({ file }) => file.size);
  const rewritten = new Set(plan.headerUpdates.map(({ file }) => file.key));
  const unchanged = plan.unchanged.filter((file) => !rewritten.has(file.key));
  const rows: Array<[string, readonly number[]]> = [
    ['New', uploads('new')],
    ['Updated', uploads('changed')],
    ['Headers updated', plan.headerUpdates.map(({ file }) => file.size)],
    ['Deleted', plan.deletes.map((object) => object.size)],
    ['Unchanged', unchanged.map((file) => file.size)],
  ];
  if (plan.kept.length > 0)
    rows.push(['Kept (not in dir)', plan.kept.map((object) => object.size)]);
  return [
    '| | Files | Size |',
    '| :-- | --: | --: |',
    ...rows.map(([label, sizes]) => `| ${label} | ${count(sizes.length)} | ${size(sizes)} |`),
  ];
}

function invalidationSection(result: DeployResult, settings: Settings): string[] {
  const given = settings.autoDistribution ? ['auto'] : settings.distributions;
  if (given.length === 0) return ['No CloudFront distribution given: nothing to invalidate.'];
  if (result.invalidations.length === 0 && result.failure) {
    return [
      `**CloudFront**: nothing was invalidated: the deploy stopped before${result.failure.invalidated ? '' : ', and the changed paths are left for the next deploy'}.`,
    ];
  }
  if (result.invalidations.length === 0) {
    const distributions = given.map((id) => `<code>${escapeHtml(id)}</code>`).join(', ');
    return [
      settings.invalidate === 'none'
        ? `**CloudFront** ${distributions}: not invalidated (invalidate is none).`
        : `**CloudFront** ${distributions}: nothing ${isUpToDate(result) ? 'changed, so nothing ' : ''}to invalidate.`,
    ];
  }
  return result.invalidations.flatMap((invalidation, index) => [
    ...(index > 0 ? [''] : []),
    ...distributionSection(invalidation, result.dryRun, settings),
  ]);
}

/** One distribution: its invalidation linked, what was carried over, the paths sent. */
function distributionSection(
  invalidation: DistributionInvalidation,
  dryRun: boolean,
  settings: Settings,
): string[] {
  const distribution = `<code>${escapeHtml(invalidation.distribution)}</code>`;
  const unchecked = invalidation.verified
    ? ''
    : ' Not checked against the bucket: cloudfront:GetDistributionConfig is not allowed.';
  if (invalidation.paths.length === 0) {
    return [
      `**CloudFront** ${distribution}: nothing to invalidate (no changed file is served through its origin).${unchecked}`,
    ];
  }
  const paths = plural(invalidation.paths.length, 'path');
  const ids = invalidation.ids.map(
    (id) => `[<code>${escapeHtml(id)}</code>](${consoleUrl(invalidation.distribution, id)})`,
  );
  const sentence = dryRun
    ? `**CloudFront** ${distribution}: would invalidate ${paths}.`
    : ids.length === 0
      ? `**CloudFront** ${distribution}: the invalidation of ${paths} failed.`
      : `**CloudFront** ${distribution}: ${ids.length === 1 ? 'invalidation' : 'invalidations'} ${ids.join(', ')} of ${paths} ${waited(invalidation.waitedSeconds)}.`;
  const collapsed = invalidation.collapsed
    ? ` The ${plural(invalidation.exactPathCount, 'changed URL')} are collapsed into wildcards to fit invalidation-max-paths (${settings.invalidationMaxPaths}).`
    : '';
  const carried =
    invalidation.carriedOverPaths > 0
      ? ` ${carriedOverSentence(invalidation.carriedOverPaths)}`
      : '';
  return [
    sentence + collapsed + carried + unchecked,
    '',
    ...details(
      `Invalidation paths (${count(invalidation.paths.length)})`,
      invalidation.paths.map((path) => ({ path })),
    ),
  ];
}

function waited(seconds: number | undefined): string {
  return seconds === undefined ? 'started' : `completed after ${seconds} s`;
}

function changedPathsSection(result: DeployResult, settings: Settings): string[][] {
  const groups = changeGroups(result.plan, settings.prefix).filter(
    (group) => group.changes.length > 0,
  );
  if (groups.length === 0) return [];
  const title = result.dryRun ? 'Changes to make' : result.failure ? 'Planned changes' : 'Changes';
  return [
    [`#### ${title}`],
    ...groups.map((group) =>
      details(`${group.title} (${count(group.changes.length)})`, group.changes),
    ),
  ];
}

/** A collapsed list, capped in entries and bytes, ending "and 3,912 more" when cut. */
function details(title: string, changes: readonly Change[]): string[] {
  const items: string[] = [];
  let bytes = 0;
  for (const change of changes.slice(0, MAX_LISTED)) {
    const note = change.note ? ` — ${escapeHtml(change.note)}` : '';
    const item = `<li><code>${escapeHtml(change.path)}</code>${note}</li>`;
    bytes += Buffer.byteLength(item);
    if (bytes > MAX_LIST_BYTES && items.length > 0) break;
    items.push(item);
  }
  const rest = changes.length - items.length;
  if (rest > 0) items.push(`<li><em>and ${count(rest)} more</em></li>`);
  return [
    `<details><summary>${escapeHtml(title)}</summary>`,
    '<ul>',
    ...items,
    '</ul>',
    '</details>',
  ];
}
