import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { awsCall, type DeployContext } from './context.js';
import { STATE_FILE_NAME } from './state.js';

export interface RemoteObject {
  /** Key relative to the prefix. */
  readonly key: string;
  readonly size: number;
  /** ETag without quotes. */
  readonly etag: string;
}

/** Every object under the prefix, one ListObjectsV2 page (1,000 keys) at a time. */
export async function listRemoteObjects(context: DeployContext): Promise<RemoteObject[]> {
  const { s3, settings, logger } = context;
  const objects: RemoteObject[] = [];
  let token: string | undefined;
  do {
    const page = await awsCall(context, 'ListObjectsV2', undefined, () =>
      s3.send(
        new ListObjectsV2Command({
          Bucket: settings.bucket,
          ...(settings.prefix ? { Prefix: settings.prefix } : {}),
          ...(token ? { ContinuationToken: token } : {}),
        }),
      ),
    );
    for (const object of page.Contents ?? []) {
      const key = (object.Key ?? '').slice(settings.prefix.length);
      if (key === STATE_FILE_NAME) continue;
      if (key === '' || key.endsWith('/')) {
        logger.debug(`Left alone: folder marker "${object.Key}".`);
        continue;
      }
      objects.push({ key, size: object.Size ?? 0, etag: (object.ETag ?? '').replaceAll('"', '') });
    }
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  return objects;
}
