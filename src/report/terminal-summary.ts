import type { Settings } from '../inputs/settings.js';
import { formatBytes } from '../inputs/size.js';
import { unchangedCount } from '../plan/plan.js';
import type { DeployResult } from './deploy-result.js';
import {
  carriedOverSentence,
  changeGroups,
  count,
  formatDuration,
  headline,
  isUpToDate,
  plural,
  recordSentence,
  showControlCharacters,
} from './text.js';

const MAX_CHANGES_LISTED = 20;
const MAX_INVALIDATION_PATHS_LISTED = 10;
const KIND_WIDTH = 'updated'.length;

/** The summary for a terminal: what happened, the invalidation, then the first changes. */
export function terminalSummary(result: DeployResult, settings: Settings): string {
  const target = `s3://${settings.bucket}/${settings.prefix}`;
  const took = formatDuration(result.durationMs);
  const lines = result.dryRun
    ? [`Dry run, nothing written: the plan for ${target} (${took}).`]
    : [`Deployed to ${target} in ${took}.`];
  if (isUpToDate(result))
    lines.push(`Up to date: all ${plural(unchangedCount(result.plan), 'file')} unchanged.`);
  else lines.push(`${headline(result)}.`);
  const record = recordSentence(result, (text) => text);
  if (record) lines.push(record);
  if (result.bytesUploaded > 0)
    lines.push(
      `${result.dryRun ? 'To upload' : 'Uploaded'}: ${formatBytes(result.bytesUploaded)}.`,
    );
  lines.push(...invalidationLines(result), ...changeLines(result, settings));
  return lines.map(showControlCharacters).join('\n');
}

function invalidationLines(result: DeployResult): string[] {
  return result.invalidations.flatMap((invalidation) => {
    if (invalidation.paths.length === 0) return [];
    const paths = plural(invalidation.paths.length, 'path');
    const covered = invalidation.collapsed
      ? ` (wildcards covering ${plural(invalidation.exactPathCount, 'changed URL')})`
      : '';
    const done =
      invalidation.waitedSeconds === undefined
        ? ''
        : `, completed after ${invalidation.waitedSeconds} s`;
    const sentence = result.dryRun
      ? `CloudFront ${invalidation.distribution}: would invalidate ${paths}${covered}:`
      : `CloudFront ${invalidation.distribution}: invalidation ${invalidation.ids.join(', ')} for ${paths}${covered}${done}:`;
    const carried =
      invalidation.carriedOverPaths > 0
        ? [`  ${carriedOverSentence(invalidation.carriedOverPaths)}`]
        : [];
    return [sentence, ...carried, ...capped(invalidation.paths, MAX_INVALIDATION_PATHS_LISTED)];
  });
}

function changeLines(result: DeployResult, settings: Settings): string[] {
  const changes = changeGroups(result.plan, settings.prefix).flatMap(({ kind, changes }) =>
    changes.map(
      ({ path, note }) => `${kind.padEnd(KIND_WIDTH)}  ${path}${note ? ` (${note})` : ''}`,
    ),
  );
  if (changes.length === 0) return [];
  return [
    `${result.dryRun ? 'Changes to make' : 'Changes'}:`,
    ...capped(changes, MAX_CHANGES_LISTED),
  ];
}

function capped(lines: readonly string[], max: number): string[] {
  const shown = lines.slice(0, max).map((line) => `  ${line}`);
  if (lines.length > max) shown.push(`  and ${count(lines.length - max)} more`);
  return shown;
}
