import { showControlCharacters } from '../base/control-characters.js';
import { type SyncPlan, unchangedCount } from '../plan/plan.js';
import type { DeployResult } from './deploy-result.js';

export interface DeployOrigin {
  readonly repository: string;
  readonly sha: string;
  readonly serverUrl: string;
}

/**
 * 4021 -> "4,021", the same on every machine whatever its locale. Not `toLocaleString`: its
 * first call loads ICU's locale data, 11 ms of every run's start-up (Node 24, measured).
 */
export const count = (n: number): string =>
  Number.isInteger(n) ? String(n).replace(/\B(?=(\d{3})+$)/g, ',') : n.toLocaleString('en-US');
export const plural = (n: number, word: string): string =>
  `${count(n)} ${word}${n === 1 ? '' : 's'}`;

/**
 * One line for a person: "12 uploaded, 3 deleted, 4,021 unchanged, 1 invalidation"; a dry run
 * says what it would do: "12 to upload, 3 to delete, 4,021 unchanged, 7 paths to invalidate".
 */
export function headline(result: DeployResult): string {
  const { plan, invalidations, dryRun } = result;
  // A rollback uploads nothing: it copies recorded versions back.
  const [upload, uploaded] = result.rollbackTo
    ? ['to restore', 'restored']
    : ['to upload', 'uploaded'];
  const parts = [`${count(plan.uploads.length)} ${dryRun ? upload : uploaded}`];
  if (plan.headerUpdates.length > 0)
    parts.push(
      `${count(plan.headerUpdates.length)} ${dryRun ? 'headers to update' : 'headers updated'}`,
    );
  parts.push(
    `${count(plan.deletes.length)} ${dryRun ? 'to delete' : 'deleted'}`,
    `${count(unchangedCount(plan))} unchanged`,
  );
  const paths = invalidations.reduce((sum, outcome) => sum + outcome.paths.length, 0);
  const ids = invalidations.reduce((sum, outcome) => sum + outcome.ids.length, 0);
  if (paths > 0)
    parts.push(dryRun ? `${plural(paths, 'path')} to invalidate` : plural(ids, 'invalidation'));
  return parts.join(', ');
}

/**
 * "Deploy ID 20261203-141502-a1b2 (rollback-to: 20261203-141502-a1b2 brings this state back)."
 * and, for a rollback, the deploy it went back to; '' when there is neither.
 */
export function recordSentence(result: DeployResult, code: (text: string) => string): string {
  const parts: string[] = [];
  if (result.rollbackTo)
    parts.push(
      `${result.dryRun ? 'Rollback planned' : 'Rolled back'} to the state right after deploy ${code(result.rollbackTo)}.`,
    );
  if (result.deployId)
    parts.push(
      `Deploy ID ${code(result.deployId)} (rollback-to: ${code(result.deployId)} brings this state back).`,
    );
  return parts.join(' ');
}

/** "3 paths carried over from an earlier unfinished deploy." */
export function carriedOverSentence(paths: number): string {
  return `${plural(paths, 'path')} carried over from an earlier unfinished deploy.`;
}

export function isUpToDate(result: DeployResult): boolean {
  const { plan } = result;
  return plan.uploads.length + plan.headerUpdates.length + plan.deletes.length === 0;
}

export type ChangeKind = 'new' | 'updated' | 'headers' | 'deleted';

export interface Change {
  /** The URL path: '/' + prefix + key. */
  readonly path: string;
  /** What else a person needs to know, e.g. the headers that differed. */
  readonly note?: string;
}

export interface ChangeGroup {
  readonly kind: ChangeKind;
  readonly title: string;
  readonly changes: readonly Change[];
}

/** Every change, grouped new / updated / headers / deleted, in plan order; groups may be empty. */
export function changeGroups(plan: SyncPlan, prefix: string): ChangeGroup[] {
  const path = (key: string) => `/${prefix}${key}`;
  const uploads = (reason: 'new' | 'changed') =>
    plan.uploads
      .filter((upload) => upload.reason === reason)
      .map(({ file }) => ({
        path: path(file.key),
      }));
  return [
    { kind: 'new', title: 'New', changes: uploads('new') },
    { kind: 'updated', title: 'Updated', changes: uploads('changed') },
    {
      kind: 'headers',
      title: 'Headers updated',
      changes: plan.headerUpdates.map((update) => ({
        path: path(update.file.key),
        note: update.differences.join(', '),
      })),
    },
    {
      kind: 'deleted',
      title: 'Deleted',
      changes: plan.deletes.map((object) => ({ path: path(object.key) })),
    },
  ];
}

/** 850 ms -> "0.9 s", 125 s -> "2 min 5 s", 2 h -> "2 h 0 min". */
export function formatDuration(ms: number): string {
  const seconds = ms / 1000;
  if (seconds < 60) return `${seconds.toFixed(1)} s`;
  const whole = Math.round(seconds);
  if (whole < 3600) return `${Math.floor(whole / 60)} min ${whole % 60} s`;
  return `${Math.floor(whole / 3600)} h ${Math.floor((whole % 3600) / 60)} min`;
}

export function consoleUrl(distribution: string, invalidationId: string): string {
  return `https://us-east-1.console.aws.amazon.com/cloudfront/v4/home#/distributions/${distribution}/invalidations/details/${invalidationId}`;
}

export { showControlCharacters };

/** Text safe inside HTML, and inside a Markdown paragraph or table cell (no emphasis, no `|`). */
export function escapeHtml(text: string): string {
  return showControlCharacters(text).replace(/[&<>"'`*_|[\]\\~]/g, (c) => `&#${c.charCodeAt(0)};`);
}
