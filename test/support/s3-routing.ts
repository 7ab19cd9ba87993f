// Which S3 operation a path-style request is, and on which bucket and key.

/** Bucket, key (decoded) and query of a path-style request URL (`/bucket/key?query`). */
export function s3TargetOf(url: string) {
  const q = url.indexOf('?');
  const path = (q < 0 ? url : url.slice(0, q)).replace(/^\//, '');
  const slash = path.indexOf('/');
  const bucket = decodeURIComponent(slash < 0 ? path : path.slice(0, slash)) || undefined;
  const key = slash < 0 ? undefined : decodeURIComponent(path.slice(slash + 1)) || undefined;
  return { bucket, key, query: new URLSearchParams(q < 0 ? '' : url.slice(q + 1)) };
}

type Routes = readonly (readonly [method: string, queryParameter: string, operation: string])[];
const BUCKET_SUBRESOURCES = Object.entries({
  acl: 'BucketAcl',
  policy: 'BucketPolicy',
  cors: 'BucketCors',
  website: 'BucketWebsite',
  location: 'BucketLocation',
  versioning: 'BucketVersioning',
  tagging: 'BucketTagging',
  lifecycle: 'BucketLifecycleConfiguration',
  ownershipControls: 'BucketOwnershipControls',
  publicAccessBlock: 'PublicAccessBlock',
});
// First match wins; '' matches any query.
const BUCKET_ROUTES: Routes = [
  ...BUCKET_SUBRESOURCES.flatMap(([parameter, name]) =>
    ['Get', 'Put', 'Delete'].map(
      (verb) => [verb.toUpperCase(), parameter, `${verb}${name}`] as const,
    ),
  ),
  ['GET', 'list-type', 'ListObjectsV2'],
  ['GET', 'uploads', 'ListMultipartUploads'],
  ['GET', 'versions', 'ListObjectVersions'],
  ['GET', '', 'ListObjects'],
  ['HEAD', '', 'HeadBucket'],
  ['PUT', '', 'CreateBucket'],
  ['DELETE', '', 'DeleteBucket'],
  ['POST', 'delete', 'DeleteObjects'],
];
const OBJECT_ROUTES: Routes = [
  ['GET', 'acl', 'GetObjectAcl'],
  ['GET', 'tagging', 'GetObjectTagging'],
  ['GET', 'uploadId', 'ListParts'],
  ['GET', '', 'GetObject'],
  ['HEAD', '', 'HeadObject'],
  ['PUT', 'acl', 'PutObjectAcl'],
  ['PUT', 'tagging', 'PutObjectTagging'],
  ['PUT', 'uploadId', 'UploadPart'],
  ['PUT', '', 'PutObject'],
  ['POST', 'uploads', 'CreateMultipartUpload'],
  ['POST', 'uploadId', 'CompleteMultipartUpload'],
  ['POST', 'restore', 'RestoreObject'],
  ['DELETE', 'uploadId', 'AbortMultipartUpload'],
  ['DELETE', 'tagging', 'DeleteObjectTagging'],
  ['DELETE', '', 'DeleteObject'],
];
const COPIES: Readonly<Record<string, string>> = {
  PutObject: 'CopyObject',
  UploadPart: 'UploadPartCopy',
};

/** The S3 operation a path-style request performs, from its method, URL and headers. */
export function s3OperationOf(
  method: string,
  url: string,
  headers: Readonly<Record<string, string | string[] | undefined>>,
): string {
  const { bucket, key, query } = s3TargetOf(url);
  const verb = method.toUpperCase();
  if (bucket === undefined) return verb === 'GET' ? 'ListBuckets' : 'Unknown';
  const routes = key === undefined ? BUCKET_ROUTES : OBJECT_ROUTES;
  const route = routes.find(
    ([m, parameter]) => m === verb && (parameter === '' || query.has(parameter)),
  );
  const operation = route?.[2] ?? 'Unknown';
  return headers['x-amz-copy-source'] === undefined ? operation : (COPIES[operation] ?? operation);
}
