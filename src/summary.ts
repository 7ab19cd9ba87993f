import type { DeployResult } from './deploy.js';
import type { SyncPlan } from './plan.js';
import { unchangedCount } from './plan.js';
import {
  type Change,
  changeGroups,
  consoleUrl,
  count,
  type DeployOrigin,
  escapeHtml,
  formatDuration,
  headline,
  isUpToDate,
  plural,
} from './report.js';
import type { Settings } from './settings.js';
import { formatBytes } from './size.js';

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
  const blocks: string[][] = [
    [`### ${result.dryRun ? `Dry run: ${title}` : title.replace(/^t/, 'T')}`],
    result.dryRun ? dryRunBanner() : [],
    [deployedSentence(result, settings, origin)],
    upToDate ? [] : countsTable(result.plan),
    invalidationSection(result, settings),
    ...changedPathsSection(result, settings),
  ];
  return `${blocks
    .filter((block) => block.length > 0)
    .map((block) => block.join('\n'))
    .join('\n\n')}\n`;
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
  const invalidation = result.invalidation;
  if (!settings.distribution) return ['No CloudFront distribution given: nothing to invalidate.'];
  const distribution = `<code>${escapeHtml(settings.distribution)}</code>`;
  if (!invalidation || invalidation.paths.length === 0)
    return [
      settings.invalidate === 'none'
        ? `**CloudFront** ${distribution}: not invalidated (invalidate is none).`
        : `**CloudFront** ${distribution}: nothing ${isUpToDate(result) ? 'changed, so nothing ' : ''}to invalidate.`,
    ];
  const paths = plural(invalidation.paths.length, 'path');
  const ids = invalidation.ids.map(
    (id) => `[<code>${escapeHtml(id)}</code>](${consoleUrl(settings.distribution, id)})`,
  );
  const sentence = result.dryRun
    ? `**CloudFront** ${distribution}: would invalidate ${paths}.`
    : `**CloudFront** ${distribution}: ${ids.length === 1 ? 'invalidation' : 'invalidations'} ${ids.join(', ')} of ${paths} ${waited(invalidation.waitedSeconds)}.`;
  const collapsed = invalidation.collapsed
    ? ` The ${plural(invalidation.exactPathCount, 'changed URL')} are collapsed into wildcards to fit invalidation-max-paths (${settings.invalidationMaxPaths}).`
    : '';
  return [
    sentence + collapsed,
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
  const title = result.dryRun ? 'Changes to make' : 'Changes';
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
