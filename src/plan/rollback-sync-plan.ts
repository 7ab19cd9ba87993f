import type { HashedFile } from '../local/hashing.js';
import type { SyncPlan } from './plan.js';
import type { RollbackPlan } from './rollback-plan.js';

/**
 * A rollback as the reports read a deploy: each restore an upload (new when the key had no object,
 * changed otherwise), each removal a deletion. Nothing comes from disk: the files have no path.
 */
export function rollbackSyncPlan(plan: RollbackPlan): SyncPlan {
  return {
    uploads: plan.restores.map((restore) => ({
      file: {
        key: restore.key,
        path: '',
        size: restore.size,
        md5: restore.md5 ?? '',
      } as HashedFile,
      reason: restore.before ? 'changed' : 'new',
      headers: { contentType: '', cacheControl: undefined },
    })),
    headerUpdates: [],
    deletes: plan.deletes.map((removal) => ({ ...removal })),
    unchanged: [],
    kept: [],
  };
}
