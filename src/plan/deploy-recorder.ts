import type { DeployContext } from '../aws/context.js';
import { pruneRecords, withdrawRecord, writeRecord } from '../bucket/deploy-history.js';
import type {
  DeployRecord,
  RecordedAfter,
  RecordedChange,
  WrittenVersion,
} from '../bucket/deploy-record.js';
import type { RemoteObject } from '../bucket/objects.js';
import type { SyncPlan } from './plan.js';

export type RecordKind = Pick<DeployRecord, 'kind' | 'headerRules'> &
  Partial<Pick<DeployRecord, 'rollbackTo'>>;

/**
 * The record of one deploy that writes: every planned change with what the listing showed, written
 * before the first site write ("started"), then, once done, what S3 answered each write. A deploy
 * killed in between leaves a record saying which keys it may have changed: still true.
 */
export class DeployRecorder {
  private readonly after = new Map<string, RecordedAfter>();
  private readonly deleted = new Set<string>();
  private readonly started: string;

  constructor(
    private readonly context: DeployContext,
    /** This deploy's ID (newDeployId), also in the state it writes. */
    readonly id: string,
    /** Recorded deploy IDs as listed, oldest first. */
    private readonly ids: readonly string[],
    private readonly planned: readonly RecordedChange[],
    /** ETag snapshot entries still true: unchanged objects matched through the last record. */
    private readonly carried: Readonly<Record<string, readonly [string, string]>>,
    private readonly kind: RecordKind,
  ) {
    this.started = new Date(context.now()).toISOString();
  }

  /** Whether records are kept at all (keep-deploys: 0 keeps none). */
  get enabled(): boolean {
    return this.context.settings.keepDeploys > 0;
  }

  start(): Promise<void> {
    return this.enabled ? writeRecord(this.context, this.record('started')) : Promise.resolve();
  }

  /** Takes the "started" record back: this attempt lost the deploy lock and wrote nothing. */
  withdraw(): Promise<void> {
    return this.enabled ? withdrawRecord(this.context, this.id) : Promise.resolve();
  }

  /** One write S3 answered: the version it made, its ETag, and the content's MD5. */
  wrote(
    key: string,
    written: WrittenVersion,
    content: { readonly md5: string; readonly size: number },
    acl?: Readonly<Record<string, string | undefined>>,
  ): void {
    const { versionId, etag } = written;
    const grants = Object.fromEntries(
      Object.entries(acl ?? {}).filter((entry): entry is [string, string] => Boolean(entry[1])),
    );
    this.after.set(key, {
      ...(versionId ? { versionId } : {}),
      etag,
      md5: content.md5,
      size: content.size,
      ...(Object.keys(grants).length > 0 ? { grants } : {}),
    });
  }

  removed(keys: Iterable<string>): void {
    for (const key of keys) this.deleted.add(key);
  }

  /**
   * The final record, then the oldest beyond keep-deploys pruned; resolves to how many objects the
   * record lists with an ETag that is no MD5.
   */
  async finish(status: 'complete' | 'failed'): Promise<number> {
    if (!this.enabled) return 0;
    const record = this.record(status);
    await writeRecord(this.context, record);
    await pruneRecords(this.context, [...this.ids, this.id], this.context.settings.keepDeploys);
    // How many objects it lists with an ETag that is no MD5, for the state.
    return Object.keys(record.etags).length;
  }

  private record(status: DeployRecord['status']): DeployRecord {
    const changes = this.planned.map((change): RecordedChange => {
      if (status === 'started') return change;
      if (change.action === 'delete')
        return this.deleted.has(change.key) ? { ...change, after: null } : change;
      const after = this.after.get(change.key);
      return after ? { ...change, after } : change;
    });
    const count = (actions: readonly RecordedChange['action'][]) =>
      changes.filter((change) => actions.includes(change.action)).length;
    return {
      version: 1,
      id: this.id,
      ...this.kind,
      status,
      time: this.started,
      ...(status === 'started' ? {} : { finished: new Date(this.context.now()).toISOString() }),
      ...runOf(process.env),
      counts: {
        uploaded: count(['upload', 'restore']),
        updated: count(['headers']),
        deleted: count(['delete']),
      },
      acl: this.context.settings.acl ?? '',
      changes,
      etags: status === 'started' ? {} : this.snapshot(),
    };
  }

  /** Every object whose ETag is not its MD5, as this deploy leaves the prefix. */
  private snapshot(): Record<string, readonly [string, string]> {
    const etags: Record<string, readonly [string, string]> = { ...this.carried };
    for (const key of this.deleted) delete etags[key];
    for (const [key, { etag, md5 }] of this.after) {
      if (etag === md5 || etag === '') delete etags[key];
      else etags[key] = [etag, md5];
    }
    return etags;
  }
}

/** The changes a content plan will make, with what the listing showed of each key. */
export function plannedChanges(sync: SyncPlan, remote: readonly RemoteObject[]): RecordedChange[] {
  const listed = new Map(remote.map((object) => [object.key, object]));
  const before = (key: string) => {
    const object = listed.get(key);
    return object ? { etag: object.etag, size: object.size } : null;
  };
  return [
    ...sync.uploads.map(({ file }) => ({
      key: file.key,
      action: 'upload' as const,
      before: before(file.key),
    })),
    ...sync.headerUpdates.map(({ file }) => ({
      key: file.key,
      action: 'headers' as const,
      before: before(file.key),
    })),
    ...sync.deletes.map((object) => ({
      key: object.key,
      action: 'delete' as const,
      before: before(object.key),
    })),
  ];
}

/** The snapshot entries of unchanged objects that the last record vouched for. */
export function carriedEtags(sync: SyncPlan): Record<string, readonly [string, string]> {
  const etags: Record<string, readonly [string, string]> = {};
  for (const file of sync.unchanged) {
    if (file.recordedEtag !== undefined) etags[file.key] = [file.recordedEtag, file.md5];
  }
  return etags;
}

function runOf(env: NodeJS.ProcessEnv): Pick<DeployRecord, 'commit' | 'ref' | 'runUrl'> {
  const { GITHUB_SHA: commit, GITHUB_REF: ref, GITHUB_REPOSITORY: repository } = env;
  const server = env.GITHUB_SERVER_URL || 'https://github.com';
  return {
    ...(commit ? { commit } : {}),
    ...(ref ? { ref } : {}),
    ...(repository && env.GITHUB_RUN_ID
      ? { runUrl: `${server}/${repository}/actions/runs/${env.GITHUB_RUN_ID}` }
      : {}),
  };
}
