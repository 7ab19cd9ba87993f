import type { DistributionConfig, DistributionSummary, Origins } from '@aws-sdk/client-cloudfront';
import { isAccessDenied, sdkErrorOf } from '../aws/aws-errors.js';
import { cloudFrontCall, type DeployContext } from '../aws/context.js';
import { CLOUDFRONT_API } from '../aws/fast-cloudfront.js';
import { distributionArn } from '../aws/permissions.js';
import { showControlCharacters } from '../base/control-characters.js';
import { DeployError } from '../base/errors.js';
import { distributionConfigOf } from './cloudfront-xml.js';
import {
  bucketOriginOf,
  bucketOriginPaths,
  type DistributionOrigin,
  type DistributionTarget,
  rootDocumentOf,
  servesPrefix,
  unverifiedTarget,
} from './origins.js';

export type { DistributionTarget } from './origins.js';

// Origins listed in a refusal; a distribution rarely has more.
const MAX_ORIGINS_SHOWN = 10;

/**
 * The distributions to invalidate, each checked against the bucket before anything is written:
 * the given IDs (GetDistributionConfig each), or with `auto` every distribution whose origin is
 * this bucket (ListDistributions, then GetDistributionConfig for each match, since only the
 * config holds the default root object). Refuses a distribution that does not serve the bucket.
 */
export async function resolveDistributions(context: DeployContext): Promise<DistributionTarget[]> {
  const targets = context.settings.autoDistribution
    ? await findDistributions(context)
    : await Promise.all(context.settings.distributions.map((id) => readTarget(context, id)));
  warnUnverified(context, targets);
  for (const target of targets) logTarget(context, target);
  return targets;
}

interface ReadTarget extends DistributionTarget {
  /** Set when the config could not be read: whether ListInvalidations found the distribution. */
  readonly existenceChecked?: boolean;
  /** With `auto`: the default root object is unknown, since the config could not be read. */
  readonly rootObjectUnknown?: boolean;
}

async function readTarget(context: DeployContext, id: string): Promise<ReadTarget> {
  const config = await readConfig(context, id);
  if (config === undefined) {
    return { ...unverifiedTarget(id), existenceChecked: await checkExists(context, id) };
  }
  const origins = originsOf(config.Origins);
  const originPaths = servingOriginPaths(context, origins);
  if (originPaths.length === 0) throw notThisBucket(context, id, origins);
  return { id, originPaths, defaultRootObject: config.DefaultRootObject ?? '', verified: true };
}

/** The config, or undefined when reading it is not allowed. */
async function readConfig(
  context: DeployContext,
  id: string,
): Promise<Partial<Pick<DistributionConfig, 'Origins' | 'DefaultRootObject'>> | undefined> {
  try {
    const response = await cloudFrontCall(context, 'GetDistributionConfig', id, async () => {
      const fast = await context.fastCloudFront?.get(`${CLOUDFRONT_API}/distribution/${id}/config`);
      const config = fast && distributionConfigOf(fast.body.toString('utf8'));
      if (config) return { DistributionConfig: config };
      return context.cloudFront.call((client, sdk) =>
        client.send(new sdk.GetDistributionConfigCommand({ Id: id })),
      );
    });
    return response.DistributionConfig ?? {};
  } catch (error) {
    // NoSuchDistribution and credential errors arrive explained; only a refusal is tolerated.
    if (!isAccessDenied(sdkErrorOf(error))) throw error;
    return undefined;
  }
}

/**
 * Without the config, ListInvalidations (MaxItems 1, the cheapest read of a distribution) still
 * refuses a wrong ID before anything is written. False when that is not allowed either.
 */
async function checkExists(context: DeployContext, id: string): Promise<boolean> {
  try {
    await cloudFrontCall(context, 'ListInvalidations', id, () =>
      context.cloudFront.call((client, sdk) =>
        client.send(new sdk.ListInvalidationsCommand({ DistributionId: id, MaxItems: 1 })),
      ),
    );
    return true;
  } catch (error) {
    if (!isAccessDenied(sdkErrorOf(error))) throw error;
    return false;
  }
}

function originsOf(origins: Origins | undefined): DistributionOrigin[] {
  return (origins?.Items ?? []).map((origin) => ({
    domainName: origin.DomainName ?? '',
    originPath: origin.OriginPath ?? '',
  }));
}

/** The origin paths of this bucket's origins that serve something under the prefix. */
function servingOriginPaths(context: DeployContext, origins: readonly DistributionOrigin[]) {
  const { prefix } = context.settings;
  return bucketOriginPaths(origins, bucketOriginOf(context.settings)).filter((path) =>
    servesPrefix(path, prefix),
  );
}

function notThisBucket(
  context: DeployContext,
  id: string,
  origins: readonly DistributionOrigin[],
): DeployError {
  const { bucket, prefix } = context.settings;
  const own = bucketOriginPaths(origins, bucketOriginOf(context.settings));
  const reason =
    own.length > 0
      ? `its origins for bucket "${bucket}" serve only ${own.map((path) => `"${path}/"`).join(', ')}, which holds nothing of prefix "${prefix}"`
      : `none of its origins is bucket "${bucket}"`;
  const shown = origins.slice(0, MAX_ORIGINS_SHOWN).map(describeOrigin).join(', ');
  const more =
    origins.length > MAX_ORIGINS_SHOWN ? ` and ${origins.length - MAX_ORIGINS_SHOWN} more` : '';
  return new DeployError(
    `CloudFront distribution ${id} does not serve this deploy: ${reason}. Its origins: ` +
      `${shown || 'none'}${more}. Nothing was written. Check the "distribution" input (and ` +
      '"bucket" and "prefix"): an S3 origin is BUCKET.s3.REGION.amazonaws.com or the website ' +
      `endpoint BUCKET.s3-website-REGION.amazonaws.com.${originHint(context)}`,
    { badInput: true },
  );
}

/** With an S3-compatible endpoint, how to name the origin that serves the bucket. */
function originHint(context: DeployContext): string {
  const { endpointHost, originDomain } = bucketOriginOf(context.settings);
  if (originDomain !== undefined)
    return ` The "origin-domain" input names ${originDomain}: no origin has that domain name.`;
  if (endpointHost === undefined) return '';
  return (
    ` With "endpoint", an origin on ${endpointHost} (origin path /${context.settings.bucket}) or ` +
    `on ${context.settings.bucket}.${endpointHost} is the bucket; for another one (a custom ` +
    'domain in front of the bucket), set the "origin-domain" input to its domain name.'
  );
}

function describeOrigin(origin: DistributionOrigin): string {
  return origin.originPath === ''
    ? origin.domainName
    : `${origin.domainName} (origin path ${origin.originPath})`;
}

/** `auto`: every distribution of the account whose origin is this bucket. */
async function findDistributions(context: DeployContext): Promise<ReadTarget[]> {
  const summaries = await listDistributions(context);
  const matches = summaries.filter(
    (summary) => servingOriginPaths(context, originsOf(summary.Origins)).length > 0,
  );
  if (matches.length === 0) {
    const { bucket, prefix } = context.settings;
    throw new DeployError(
      `distribution "auto" found no CloudFront distribution whose origin is bucket "${bucket}"` +
        `${prefix ? ` and serves prefix "${prefix}"` : ''}, among the account's ` +
        `${summaries.length} distribution(s). Nothing was written. Give the distribution ID ` +
        'as the "distribution" input, or leave it empty to deploy without invalidating.',
      { badInput: true },
    );
  }
  return Promise.all(matches.map((summary) => targetOfSummary(context, summary)));
}

async function listDistributions(context: DeployContext): Promise<DistributionSummary[]> {
  const summaries: DistributionSummary[] = [];
  let marker: string | undefined;
  do {
    const Marker = marker;
    const response = await cloudFrontCall(context, 'ListDistributions', undefined, () =>
      context.cloudFront.call((client, sdk) =>
        client.send(new sdk.ListDistributionsCommand(Marker ? { Marker } : {})),
      ),
    );
    const list = response.DistributionList;
    summaries.push(...(list?.Items ?? []));
    marker = list?.IsTruncated ? list.NextMarker : undefined;
  } while (marker);
  return summaries;
}

/** The config is read for the default root object, which the list does not carry. */
async function targetOfSummary(
  context: DeployContext,
  summary: DistributionSummary,
): Promise<ReadTarget> {
  const id = summary.Id ?? '';
  const config = await readConfig(context, id);
  const origins = originsOf(config?.Origins ?? summary.Origins);
  const originPaths = servingOriginPaths(context, origins);
  if (originPaths.length === 0) throw notThisBucket(context, id, origins);
  const defaultRootObject = config?.DefaultRootObject ?? '';
  return { id, originPaths, defaultRootObject, verified: true, rootObjectUnknown: !config };
}

/** One warning for every distribution whose config could not be read. */
function warnUnverified(context: DeployContext, targets: readonly ReadTarget[]): void {
  const unread = targets.filter((target) => !target.verified || target.rootObjectUnknown);
  if (unread.length === 0) return;
  const arns = unread.map((target) => distributionArn(target.id)).join(', ');
  const ids = unread.map((target) => target.id).join(', ');
  const consequence = context.settings.autoDistribution
    ? 'Their default root object is unknown: "/" is invalidated for index.html.'
    : `It is not checked that ${ids} serve(s) bucket "${context.settings.bucket}": keys are ` +
      'invalidated as if the origin were the bucket root, with "/" for index.html, so a wrong ' +
      'ID or an origin path would go unnoticed.';
  const unchecked = unread.filter((target) => target.existenceChecked === false);
  const existence =
    unchecked.length > 0
      ? ` cloudfront:ListInvalidations is not allowed either, so a wrong ID (${unchecked.map((target) => target.id).join(', ')}) would only show after the upload.`
      : '';
  context.logger.warning(
    `Could not read the config of CloudFront distribution(s) ${ids}: cloudfront:GetDistributionConfig ` +
      `on ${arns} is not allowed. ${consequence}${existence} Add that permission (print-policy: true ` +
      'prints the policy).',
  );
}

function logTarget(context: DeployContext, target: DistributionTarget): void {
  if (!target.verified) return;
  const paths = target.originPaths.map((path) => (path === '' ? 'the bucket root' : path));
  context.logger.info(
    showControlCharacters(
      `CloudFront ${target.id} serves bucket ${context.settings.bucket} from ${paths.join(', ')}; ` +
        `"/" is ${rootDocumentOf(target)}.`,
    ),
  );
}
