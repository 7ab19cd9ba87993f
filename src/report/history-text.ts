import type { DeployRecord } from '../bucket/deploy-record.js';
import { showControlCharacters } from './text.js';

/** One recorded deploy as `history --json` gives it. */
export interface HistoryEntry {
  readonly id: string;
  readonly time: string;
  readonly kind: DeployRecord['kind'];
  /** complete, failed, or incomplete (stopped before it recorded its end). */
  readonly status: 'complete' | 'failed' | 'incomplete';
  readonly commit: string | null;
  readonly ref: string | null;
  readonly runUrl: string | null;
  readonly rollbackTo: string | null;
  readonly uploaded: number;
  readonly updated: number;
  readonly deleted: number;
}

/** Newest first. */
export function historyEntries(records: readonly DeployRecord[]): HistoryEntry[] {
  return [...records]
    .sort((a, b) => (a.id < b.id ? 1 : -1))
    .map((record) => ({
      id: record.id,
      time: record.time,
      kind: record.kind,
      status: record.status === 'started' ? 'incomplete' : record.status,
      commit: record.commit ?? null,
      ref: record.ref ?? null,
      runUrl: record.runUrl ?? null,
      rollbackTo: record.rollbackTo ?? null,
      ...record.counts,
    }));
}

/** A table for a terminal: ID, time, commit, uploaded/updated/deleted, and what it was. */
export function historyTable(entries: readonly HistoryEntry[]): string {
  if (entries.length === 0) return 'No deploys recorded.';
  const rows = entries.map((entry) => [
    entry.id,
    entry.time.replace('T', ' ').replace(/\.\d+Z$/, 'Z'),
    entry.commit ? entry.commit.slice(0, 7) : '-',
    `${entry.uploaded}/${entry.updated}/${entry.deleted}`,
    [
      entry.kind === 'rollback' ? `rollback to ${entry.rollbackTo}` : '',
      entry.status === 'complete' ? '' : entry.status,
    ]
      .filter(Boolean)
      .join(', '),
  ]);
  const header = ['ID', 'TIME', 'COMMIT', 'UP/UPD/DEL', ''];
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)),
  );
  return [header, ...rows]
    .map((row) =>
      row
        .map((cell, column) => cell.padEnd(widths[column] ?? 0))
        .join('  ')
        .trimEnd(),
    )
    .map(showControlCharacters)
    .join('\n');
}
