import { errorMessage } from '../base/errors.js';
import { STATE_FILE_NAME } from '../bucket/state.js';
import type { Settings } from '../inputs/settings.js';

/**
 * Every site write succeeded (a deploy's or a rollback's); only the state's last write failed. Says what that leaves and
 * that the next deploy repairs it.
 */
export function unrecordedWarning(
  settings: Pick<Settings, 'bucket' | 'prefix'>,
  error: unknown,
  done: { uploaded: number; headersUpdated: number; deleted: number },
  invalidated: boolean,
): string {
  const { bucket, prefix } = settings;
  const work = [
    `${done.uploaded} uploaded`,
    ...(done.headersUpdated > 0 ? [`${done.headersUpdated} headers updated`] : []),
    ...(done.deleted > 0 ? [`${done.deleted} deleted`] : []),
  ].join(', ');
  return (
    `The site is deployed (${work}${invalidated ? ', invalidation sent' : ''}), but the last write of its state, s3://${bucket}/${prefix}${STATE_FILE_NAME}, failed: ${errorMessage(error)}. ` +
    "That object still holds this deploy's lock and the keys it recorded before writing. The next deploy (or a re-run) takes the lock over once it is 60 s old (a re-run at once), invalidates the recorded keys again and records the state: nothing needs doing by hand."
  );
}
