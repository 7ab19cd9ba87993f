import type { DeployResult } from './deploy.js';

export interface DeployOrigin {
  readonly repository: string;
  readonly sha: string;
  readonly serverUrl: string;
}

/** The step outputs, as strings. */
export function outputsOf(result: DeployResult): Record<string, string> {
  const { plan, invalidation } = result;
  return {
    'changed-paths': JSON.stringify(result.changedPaths),
    'invalidation-id': invalidation?.ids[0] ?? '',
    'invalidation-paths': JSON.stringify(invalidation?.paths ?? []),
    uploaded: String(plan.uploads.length),
    'updated-headers': String(plan.headerUpdates.length),
    deleted: String(plan.deletes.length),
    unchanged: String(plan.unchanged.length - plan.headerUpdates.length),
  };
}

const count = (n: number) => n.toLocaleString('en-US');
const plural = (n: number, word: string) => `${count(n)} ${word}${n === 1 ? '' : 's'}`;

/** "12 uploaded, 3 deleted, 4,021 unchanged, 1 invalidation" */
export function headline(result: DeployResult): string {
  const { plan, invalidation } = result;
  const parts = [`${count(plan.uploads.length)} uploaded`];
  if (plan.headerUpdates.length > 0)
    parts.push(`${count(plan.headerUpdates.length)} headers updated`);
  parts.push(
    `${count(plan.deletes.length)} deleted`,
    `${count(plan.unchanged.length - plan.headerUpdates.length)} unchanged`,
  );
  if (invalidation && invalidation.paths.length > 0) {
    parts.push(
      result.dryRun
        ? plural(invalidation.paths.length, 'invalidation path')
        : plural(invalidation.ids.length, 'invalidation'),
    );
  }
  return parts.join(', ');
}

export function isUpToDate(result: DeployResult): boolean {
  const { plan } = result;
  return plan.uploads.length + plan.headerUpdates.length + plan.deletes.length === 0;
}

export function consoleUrl(distribution: string, invalidationId: string): string {
  return `https://us-east-1.console.aws.amazon.com/cloudfront/v4/home#/distributions/${distribution}/invalidations/details/${invalidationId}`;
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
