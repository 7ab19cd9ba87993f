import { unchangedCount } from '../plan/plan.js';
import type { DeployResult } from './deploy-result.js';

// The runner allows 1 MB of outputs per job (counted in UTF-16), shared with other steps: each
// inline list stays within this many characters, and the whole list goes to `result-file`.
export const MAX_INLINE_LIST_CHARS = 64 * 1024;

/** Everything a later step may want, in full, for the file named by the `result-file` output. */
export function resultFileJson(result: DeployResult): string {
  const { plan } = result;
  return `${JSON.stringify(
    {
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
    },
    null,
    2,
  )}\n`;
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
  const whole = JSON.stringify(items);
  if (whole.length <= MAX_INLINE_LIST_CHARS) return { json: whole, cut: false };
  const kept: string[] = [];
  let length = 2; // the brackets
  for (const item of items) {
    const next = JSON.stringify(item).length + (kept.length > 0 ? 1 : 0);
    if (length + next > MAX_INLINE_LIST_CHARS) break;
    kept.push(item);
    length += next;
  }
  return { json: JSON.stringify(kept), cut: true };
}
