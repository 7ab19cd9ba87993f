import { unchangedCount } from '../plan/plan.js';
import type { DeployResult } from './deploy-result.js';

// The runner allows 1 MB of outputs per job (counted in UTF-16), shared with other steps: each
// inline list stays within this many characters, and the whole list goes to `result-file`.
export const MAX_INLINE_LIST_CHARS = 64 * 1024;

/** Everything a later step may want, in full, for the file named by the `result-file` output. */
export function resultFileValue(result: DeployResult) {
  const { plan } = result;
  return {
    dryRun: result.dryRun,
    deployId: result.deployId ?? '',
    uploaded: plan.uploads.map((upload) => upload.file.key),
    updatedHeaders: plan.headerUpdates.map((update) => update.file.key),
    deleted: plan.deletes.map((object) => object.key),
    changedPaths: result.changedPaths,
    invalidations: result.invalidations.map((outcome) => ({
      distribution: outcome.distribution,
      ids: outcome.ids,
      paths: outcome.paths,
    })),
  };
}

/** How the result file is written: two spaces, each list one item at a time. */
export const RESULT_FILE_JSON = { space: 2, depth: 2 } as const;

/** The result file's text (the CLI prints it); the action writes it with writeJsonFile. */
export function resultFileJson(result: DeployResult): string {
  return `${JSON.stringify(resultFileValue(result), null, RESULT_FILE_JSON.space)}\n`;
}

/** The step outputs, as strings, together far below the runner's 1 MB whatever the deploy. */
export function outputsOf(result: DeployResult, resultFile = ''): Record<string, string> {
  const { plan, invalidations } = result;
  const sentPaths = [...new Set(invalidations.flatMap((outcome) => outcome.paths))].sort();
  const changed = inlineList(result.changedPaths);
  const sent = inlineList(sentPaths);
  return {
    'changed-paths': changed.json,
    'invalidation-id': invalidations.flatMap((outcome) => outcome.ids)[0] ?? '',
    'invalidation-paths': sent.json,
    'lists-truncated': String(changed.cut || sent.cut),
    'result-file': resultFile,
    // Path counts, not lists: the outputs of a job share 1 MB.
    invalidations: JSON.stringify(
      invalidations.map((outcome) => ({
        distribution: outcome.distribution,
        ids: outcome.ids,
        paths: outcome.paths.length,
      })),
    ),
    uploaded: String(plan.uploads.length),
    'updated-headers': String(plan.headerUpdates.length),
    deleted: String(plan.deletes.length),
    unchanged: String(unchangedCount(plan)),
    'deploy-id': result.deployId ?? '',
  };
}

/** A JSON array of as many leading items as fit in MAX_INLINE_LIST_CHARS. */
export function inlineList(items: readonly string[]): { json: string; cut: boolean } {
  // Counted item by item: the whole list of a 100,000-file deploy would be 4 MB of text.
  let length = 2; // the brackets
  for (let kept = 0; kept < items.length; kept++) {
    const next = JSON.stringify(items[kept]).length + (kept > 0 ? 1 : 0);
    if (length + next > MAX_INLINE_LIST_CHARS)
      return { json: JSON.stringify(items.slice(0, kept)), cut: true };
    length += next;
  }
  return { json: JSON.stringify(items), cut: false };
}
