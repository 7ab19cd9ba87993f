import type { DeployRecord, RecordedChange } from '../bucket/deploy-record.js';
import type { ObjectVersion } from '../bucket/object-versions.js';

/** One key brought back: a server-side copy of that version over the current object. */
export interface Restore {
  readonly key: string;
  readonly versionId: string;
  readonly etag: string;
  readonly size: number;
  /** The content's MD5 when known (from the record that wrote it, or an MD5 ETag). */
  readonly md5: string | undefined;
  /** The ACL to send with the copy, as the write that made this version sent it. */
  readonly acl: { readonly canned?: string; readonly grants?: Readonly<Record<string, string>> };
  /** The object there now, which the copy replaces (null: none). */
  readonly before: { readonly etag: string; readonly size: number } | null;
}

export interface RollbackRemoval {
  readonly key: string;
  readonly size: number;
  readonly etag: string;
}

/** A key another tool changed since the target deploy: rolling back overwrites that change. */
export interface ForeignChange {
  readonly key: string;
  readonly now: ObjectVersion | undefined;
}

export interface RollbackPlan {
  readonly target: DeployRecord;
  readonly restores: readonly Restore[];
  readonly deletes: readonly RollbackRemoval[];
  /** Keys whose version to restore no longer exists (a lifecycle rule expired it). */
  readonly missing: readonly string[];
  readonly foreign: readonly ForeignChange[];
}

export interface RollbackInputs {
  /** Every readable record, oldest first. */
  readonly records: readonly DeployRecord[];
  readonly targetId: string;
  /** Each site key's versions (own objects left out), newest first. */
  readonly versions: ReadonlyMap<string, readonly ObjectVersion[]>;
  /** When the target's record object was last written, by S3's clock (its LastModified). */
  readonly targetWrittenAt: number;
  /** Also restore the keys another tool changed (it is then told, not asked). */
  readonly force: boolean;
  /** The rollback's own canned ACL, for versions no record wrote. */
  readonly acl: string | undefined;
}

interface Touch {
  readonly record: DeployRecord;
  readonly change: RecordedChange;
}

/**
 * What makes the bucket serve exactly what it served right after the target deploy: for every
 * key a later deploy changed, the version the first of them replaced (or no object, for keys
 * they added); the keys changed by anything else since, and the versions that are gone. Pure.
 */
export function planRollback(inputs: RollbackInputs): RollbackPlan {
  const { records, targetId, versions } = inputs;
  const at = records.findIndex((record) => record.id === targetId);
  const target = records[at];
  if (target === undefined) throw new Error(`no record ${targetId}`);
  const { first, last } = touchesAfter(records.slice(at + 1));
  const restores: Restore[] = [];
  const deletes: RollbackRemoval[] = [];
  const missing: string[] = [];
  const foreign: ForeignChange[] = [];
  const bring = (key: string, version: ObjectVersion | 'absent' | undefined) => {
    const current = currentOf(versions.get(key));
    if (version === undefined) missing.push(key);
    else if (version === 'absent') {
      if (current) deletes.push({ key, size: current.size, etag: current.etag ?? '' });
    } else if (current?.versionId !== version.versionId) {
      const before = current ? { etag: current.etag ?? '', size: current.size } : null;
      restores.push({ ...restoreOf(key, version, records, inputs.acl), before });
    }
  };
  for (const [key, touch] of first) {
    const list = versions.get(key) ?? [];
    const latest = last.get(key) ?? touch;
    if (changedSince(latest, currentOf(list))) foreign.push({ key, now: currentOf(list) });
    bring(key, versionBefore(touch, list, afterVersionIds(key, records.slice(at + 1))));
  }
  for (const [key, list] of versions) {
    if (first.has(key)) continue;
    const current = list[0];
    if (current === undefined || current.lastModified <= inputs.targetWrittenAt) continue;
    foreign.push({ key, now: currentOf(list) });
    if (!inputs.force) continue;
    const then = list.find((version) => version.lastModified <= inputs.targetWrittenAt);
    bring(key, then === undefined || then.deleteMarker ? 'absent' : then);
  }
  const byKey = <T extends { key: string }>(a: T, b: T) => (a.key < b.key ? -1 : 1);
  return {
    target,
    restores: restores.sort(byKey),
    deletes: deletes.sort(byKey),
    missing: missing.sort(),
    foreign: foreign.sort(byKey),
  };
}

/** For every key, the first and the last later record that changed it. */
function touchesAfter(later: readonly DeployRecord[]) {
  const first = new Map<string, Touch>();
  const last = new Map<string, Touch>();
  for (const record of later) {
    for (const change of record.changes) {
      if (!first.has(change.key)) first.set(change.key, { record, change });
      last.set(change.key, { record, change });
    }
  }
  return { first, last };
}

function currentOf(list: readonly ObjectVersion[] | undefined): ObjectVersion | undefined {
  const latest = list?.[0];
  return latest && !latest.deleteMarker ? latest : undefined;
}

/** Whether the key is not what the last deploy that changed it left (unknown: not claimed). */
function changedSince({ change }: Touch, current: ObjectVersion | undefined): boolean {
  if (change.after === undefined) return false; // the deploy stopped before it told
  if (change.after === null) return current !== undefined;
  if (change.after.versionId === undefined) return false;
  return current?.versionId !== change.after.versionId;
}

/** The version IDs later deploys wrote for a key: never the one "before" them. */
function afterVersionIds(key: string, later: readonly DeployRecord[]): Set<string> {
  const ids = new Set<string>();
  for (const record of later) {
    for (const change of record.changes) {
      if (change.key === key && change.after?.versionId) ids.add(change.after.versionId);
    }
  }
  return ids;
}

/**
 * The version the first later deploy replaced: right below the version it wrote, when that one
 * is known and the ETag is the one it listed; else the newest other version with that ETag.
 */
function versionBefore(
  { change }: Touch,
  list: readonly ObjectVersion[],
  laterVersions: ReadonlySet<string>,
): ObjectVersion | 'absent' | undefined {
  const { before } = change;
  if (before === null) return 'absent';
  const written = change.after?.versionId;
  const index = written === undefined ? -1 : list.findIndex((v) => v.versionId === written);
  const below = index >= 0 ? list[index + 1] : undefined;
  if (below && !below.deleteMarker && below.etag === before.etag) return below;
  return list.find(
    (version) =>
      !version.deleteMarker &&
      version.etag === before.etag &&
      !laterVersions.has(version.versionId),
  );
}

function restoreOf(
  key: string,
  version: ObjectVersion,
  records: readonly DeployRecord[],
  rollbackAcl: string | undefined,
): Omit<Restore, 'before'> {
  for (let index = records.length - 1; index >= 0; index--) {
    const record = records[index] as DeployRecord;
    const change = record.changes.find(
      (candidate) => candidate.key === key && candidate.after?.versionId === version.versionId,
    );
    if (change?.after) {
      const acl = change.after.grants
        ? { grants: change.after.grants }
        : record.acl
          ? { canned: record.acl }
          : {};
      return { ...base(key, version), md5: change.after.md5, acl };
    }
  }
  const md5 = /^[0-9a-f]{32}$/.test(version.etag ?? '') ? version.etag : undefined;
  return { ...base(key, version), md5, acl: rollbackAcl ? { canned: rollbackAcl } : {} };
}

function base(key: string, version: ObjectVersion) {
  return { key, versionId: version.versionId, etag: version.etag ?? '', size: version.size };
}
