import type { DeployResult } from './deploy.js';
import { consoleUrl, type DeployOrigin, escapeHtml, headline, isUpToDate } from './report.js';
import type { Settings } from './settings.js';
import { formatBytes } from './size.js';

// Keeps the summary far below the runner's 1 MiB limit whatever the deploy size.
const MAX_LISTED_PER_GROUP = 250;

/** The job summary as GitHub-flavoured Markdown (with the HTML the summary page renders). */
export function summaryMarkdown(
  result: DeployResult,
  settings: Settings,
  origin: DeployOrigin | undefined,
): string {
  const target = `s3://${settings.bucket}/${settings.prefix}`;
  const lines: string[] = [];
  lines.push(`## ${result.dryRun ? 'Dry run: ' : ''}Deployed to \`${target}\``);
  if (result.dryRun)
    lines.push(
      '',
      '> [!NOTE]',
      '> **Dry run**: this is the plan. Nothing was uploaded, deleted or invalidated.',
    );
  lines.push(
    '',
    isUpToDate(result)
      ? `**The site is up to date**: ${headline(result)}.`
      : `**${headline(result)}**`,
  );
  if (origin) {
    const commit = `${origin.serverUrl}/${origin.repository}/commit/${origin.sha}`;
    lines.push(
      '',
      `From [${origin.repository}@${origin.sha.slice(0, 7)}](${commit}) in ${(result.durationMs / 1000).toFixed(1)} s.`,
    );
  } else {
    lines.push('', `Took ${(result.durationMs / 1000).toFixed(1)} s.`);
  }
  lines.push(
    '',
    ...countsTable(result),
    '',
    ...invalidationSection(result, settings),
    ...changedPathsSection(result, settings),
  );
  return `${lines.join('\n')}\n`;
}

function countsTable(result: DeployResult): string[] {
  const { plan } = result;
  const bytes = (files: readonly { file: { size: number } }[]) =>
    formatBytes(files.reduce((sum, { file }) => sum + file.size, 0));
  const newFiles = plan.uploads.filter((upload) => upload.reason === 'new');
  const updated = plan.uploads.filter((upload) => upload.reason === 'changed');
  const unchanged = plan.unchanged.length - plan.headerUpdates.length;
  return [
    '| | Objects | Size |',
    '| --- | ---: | ---: |',
    `| New | ${newFiles.length} | ${bytes(newFiles)} |`,
    `| Updated | ${updated.length} | ${bytes(updated)} |`,
    `| Headers updated | ${plan.headerUpdates.length} | — |`,
    `| Deleted | ${plan.deletes.length} | ${formatBytes(plan.deletes.reduce((sum, object) => sum + object.size, 0))} |`,
    `| Unchanged | ${unchanged} | — |`,
  ];
}

function invalidationSection(result: DeployResult, settings: Settings): string[] {
  const invalidation = result.invalidation;
  if (!settings.distribution)
    return ['No CloudFront distribution given: nothing to invalidate.', ''];
  if (!invalidation || invalidation.paths.length === 0)
    return ['Nothing changed, so nothing was invalidated.', ''];
  const ids = invalidation.ids.map((id) => `[\`${id}\`](${consoleUrl(settings.distribution, id)})`);
  const covered = invalidation.collapsed
    ? ` covering ${invalidation.exactPathCount} changed URLs (collapsed to fit invalidation-max-paths ${settings.invalidationMaxPaths})`
    : '';
  const lines = [
    result.dryRun
      ? `CloudFront \`${settings.distribution}\`: would invalidate ${invalidation.paths.length} path(s)${covered}.`
      : `CloudFront \`${settings.distribution}\`: invalidation ${ids.join(', ')} for ${invalidation.paths.length} path(s)${covered}${waited(invalidation.waitedSeconds)}.`,
    '',
  ];
  return [
    ...lines,
    ...details(`Invalidation paths (${invalidation.paths.length})`, invalidation.paths),
    '',
  ];
}

function waited(seconds: number | undefined): string {
  return seconds === undefined ? '' : `, completed after ${seconds} s`;
}

function changedPathsSection(result: DeployResult, settings: Settings): string[] {
  const { plan } = result;
  const url = (key: string) => `/${settings.prefix}${key}`;
  const groups: Array<[string, string[]]> = [
    ['New', plan.uploads.filter((u) => u.reason === 'new').map((u) => url(u.file.key))],
    ['Updated', plan.uploads.filter((u) => u.reason === 'changed').map((u) => url(u.file.key))],
    [
      'Headers updated',
      plan.headerUpdates.map((u) => `${url(u.file.key)} (${u.differences.join(', ')})`),
    ],
    ['Deleted', plan.deletes.map((d) => url(d.key))],
  ];
  return groups
    .filter(([, paths]) => paths.length > 0)
    .flatMap(([title, paths]) => [...details(`${title} (${paths.length})`, paths), '']);
}

function details(title: string, items: readonly string[]): string[] {
  const shown = items
    .slice(0, MAX_LISTED_PER_GROUP)
    .map((item) => `<li><code>${escapeHtml(item)}</code></li>`);
  const more =
    items.length > MAX_LISTED_PER_GROUP
      ? [`<li>and ${(items.length - MAX_LISTED_PER_GROUP).toLocaleString('en-US')} more</li>`]
      : [];
  return [
    `<details><summary>${escapeHtml(title)}</summary>`,
    '',
    '<ul>',
    ...shown,
    ...more,
    '</ul>',
    '</details>',
  ];
}
