import { STATE_FILE_NAME } from '../bucket/state.js';
import { invalidates } from '../cloudfront/origins.js';
import type { Settings } from '../inputs/settings.js';
import type { DeployFailureReport, DeployResult } from './deploy-result.js';
import { count, escapeHtml } from './text.js';

// The error is shown whole up to this length: the summary as a whole must stay under 1 MiB.
const MAX_ERROR_CHARS = 8 * 1024;

/** The head of the summary of a deploy that failed after planning: what it did, what it did not. */
export function failureBlocks(
  result: DeployResult,
  failure: DeployFailureReport,
  settings: Settings,
): string[][] {
  const { plan } = result;
  const rows: Array<[string, number, number]> = [
    ['Uploaded', failure.uploaded, plan.uploads.length],
    ['Headers updated', failure.headersUpdated, plan.headerUpdates.length],
    ['Deleted', failure.deleted, plan.deletes.length],
  ];
  const writesDone = failure.uploaded + failure.headersUpdated + failure.deleted;
  return [
    [`### Deploy failed${writesDone === 0 ? '' : ' part way'}`],
    [
      '> [!CAUTION]',
      `> **The deploy to <code>${escapeHtml(`s3://${settings.bucket}/${settings.prefix}`)}</code> failed.** ${rerunSentence(failure, settings)}`,
    ],
    errorBlock(failure.message),
    [
      '| | Done | Planned |',
      '| :-- | --: | --: |',
      ...rows.map(([label, done, planned]) => `| ${label} | ${count(done)} | ${count(planned)} |`),
    ],
  ];
}

function rerunSentence(failure: DeployFailureReport, settings: Settings): string {
  const stale =
    invalidates(settings) && !failure.invalidated
      ? ` The changed paths stay recorded in <code>${escapeHtml(settings.prefix + STATE_FILE_NAME)}</code>, so the next deploy invalidates them too.`
      : '';
  return `Fix the cause and re-run: a re-run finishes the job, skipping what is already uploaded.${stale}`;
}

/** A deploy that failed before it wrote anything: the error, and that nothing changed. */
export function failedBeforeWritingMarkdown(message: string): string {
  return `${[
    ['### Deploy failed: nothing was written'],
    errorBlock(message),
    ['Nothing was uploaded, deleted or invalidated. Fix the cause and run the deploy again.'],
  ]
    .map((block) => block.join('\n'))
    .join('\n\n')}\n`;
}

function errorBlock(message: string): string[] {
  const shown =
    message.length > MAX_ERROR_CHARS ? `${message.slice(0, MAX_ERROR_CHARS)}…` : message;
  return ['<pre>', escapeHtml(shown).replaceAll('\\n', '\n'), '</pre>'];
}
