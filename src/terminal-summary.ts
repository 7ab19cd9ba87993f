import type { DeployResult } from './deploy.js';
import { headline, isUpToDate } from './report.js';
import type { Settings } from './settings.js';

const MAX_LISTED = 20;

/** The summary for a terminal: headline, invalidation, and the first changed paths. */
export function terminalSummary(result: DeployResult, settings: Settings): string {
  const lines = [
    `${result.dryRun ? 'Dry run (nothing written): ' : ''}s3://${settings.bucket}/${settings.prefix}`,
    isUpToDate(result) ? `Up to date: ${headline(result)}.` : `${headline(result)}.`,
  ];
  const invalidation = result.invalidation;
  if (invalidation && invalidation.paths.length > 0) {
    const ids = invalidation.ids.length > 0 ? ` ${invalidation.ids.join(', ')}` : '';
    lines.push(`Invalidation${ids}: ${invalidation.paths.join(' ')}`);
  }
  const shown = result.changedPaths.slice(0, MAX_LISTED);
  if (shown.length > 0) lines.push('Changed:', ...shown.map((path) => `  ${path}`));
  if (result.changedPaths.length > MAX_LISTED)
    lines.push(`  and ${result.changedPaths.length - MAX_LISTED} more`);
  lines.push(`Took ${(result.durationMs / 1000).toFixed(1)} s.`);
  return lines.join('\n');
}
