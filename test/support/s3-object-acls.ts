// Object ACLs for the fault proxy: s3rver accepts ACL headers without storing them, and its
// GetObjectAcl is a stub, so the proxy keeps the ACL each write set and answers GetObjectAcl.
import { answerXml, readAll, type S3Exchange, type S3RequestRecord } from './s3-exchange.js';
import { xmlEscape } from './s3-xml.js';

export interface AclGrant {
  readonly grantee: { readonly id?: string; readonly uri?: string; readonly email?: string };
  readonly permission: 'FULL_CONTROL' | 'READ' | 'WRITE' | 'READ_ACP' | 'WRITE_ACP';
}

/** The canonical ID of the account that owns the bucket and every object in it. */
export const OWNER_ID = '79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be';
export const ALL_USERS = 'http://acs.amazonaws.com/groups/global/AllUsers';
const AUTHENTICATED_USERS = 'http://acs.amazonaws.com/groups/global/AuthenticatedUsers';

const OWNER: AclGrant = { grantee: { id: OWNER_ID }, permission: 'FULL_CONTROL' };

/** The grants a canned ACL (`x-amz-acl`) stands for, as S3 documents them. */
export function cannedGrants(acl: string): AclGrant[] {
  switch (acl) {
    case 'public-read':
      return [OWNER, { grantee: { uri: ALL_USERS }, permission: 'READ' }];
    case 'public-read-write':
      return [
        OWNER,
        { grantee: { uri: ALL_USERS }, permission: 'READ' },
        { grantee: { uri: ALL_USERS }, permission: 'WRITE' },
      ];
    case 'authenticated-read':
      return [OWNER, { grantee: { uri: AUTHENTICATED_USERS }, permission: 'READ' }];
    default: // private, bucket-owner-read, bucket-owner-full-control: one account here
      return [OWNER];
  }
}

const GRANT_HEADERS = {
  'x-amz-grant-full-control': 'FULL_CONTROL',
  'x-amz-grant-read': 'READ',
  'x-amz-grant-read-acp': 'READ_ACP',
  'x-amz-grant-write-acp': 'WRITE_ACP',
} as const;

/**
 * The ACL a write's headers give the new object: a canned ACL, explicit grants
 * (`id="..."`, `uri="..."`, `emailAddress="..."`, comma-separated), or private when neither.
 */
export function grantsOfHeaders(headers: Readonly<Record<string, string | undefined>>): AclGrant[] {
  const canned = headers['x-amz-acl'];
  if (canned !== undefined) return cannedGrants(canned);
  const grants: AclGrant[] = [];
  for (const [header, permission] of Object.entries(GRANT_HEADERS)) {
    for (const match of (headers[header] ?? '').matchAll(/(id|uri|emailAddress)="([^"]*)"/g)) {
      const [, kind, value = ''] = match;
      const grantee =
        kind === 'id' ? { id: value } : kind === 'uri' ? { uri: value } : { email: value };
      grants.push({ grantee, permission });
    }
  }
  return grants.length > 0 ? grants : [OWNER];
}

/** The GetObjectAcl answer. */
export function aclXml(grants: readonly AclGrant[]): string {
  const grantXml = grants
    .map(({ grantee, permission }) => {
      const [type, inner] = grantee.uri
        ? ['Group', `<URI>${xmlEscape(grantee.uri)}</URI>`]
        : grantee.email
          ? ['AmazonCustomerByEmail', `<EmailAddress>${xmlEscape(grantee.email)}</EmailAddress>`]
          : ['CanonicalUser', `<ID>${xmlEscape(grantee.id ?? '')}</ID>`];
      return (
        '<Grant><Grantee xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" ' +
        `xsi:type="${type}">${inner}</Grantee><Permission>${permission}</Permission></Grant>`
      );
    })
    .join('');
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    '<AccessControlPolicy xmlns="http://s3.amazonaws.com/doc/2006-03-01/">' +
    `<Owner><ID>${OWNER_ID}</ID></Owner><AccessControlList>${grantXml}</AccessControlList>` +
    '</AccessControlPolicy>'
  );
}

/** True when a bucket with ACLs disabled refuses the request: only bucket-owner-full-control passes. */
export function aclRefused(
  operation: string,
  headers: Readonly<Record<string, string | string[] | undefined>>,
): boolean {
  const acl = headers['x-amz-acl'];
  if (acl !== undefined) return acl !== 'bucket-owner-full-control';
  if (Object.keys(headers).some((name) => name.startsWith('x-amz-grant-'))) return true;
  return operation === 'PutObjectAcl' || operation === 'PutBucketAcl'; // an ACL in the body
}

/** The ACL of each object, and of each multipart upload until it is completed, by key. */
export class ObjectAcls {
  /** A key not in it is private. */
  readonly objects = new Map<string, AclGrant[]>();
  // The ACL a multipart upload gives its object when completed, by key.
  private readonly uploads = new Map<string, AclGrant[]>();

  /** After a successful write: the ACL it gave the object. */
  remember({ operation, key = '', headers }: S3RequestRecord): void {
    if (operation === 'PutObject' || operation === 'CopyObject') {
      this.objects.set(key, grantsOfHeaders(headers));
    }
    if (operation === 'CreateMultipartUpload') this.uploads.set(key, grantsOfHeaders(headers));
    if (operation === 'CompleteMultipartUpload') {
      this.objects.set(key, this.uploads.get(key) ?? grantsOfHeaders({}));
      this.uploads.delete(key);
    }
  }

  /** Answers GetObjectAcl; with ACLs disabled, every object is private. */
  async answer(exchange: S3Exchange, aclsDisabled: () => boolean): Promise<void> {
    await readAll(exchange.req);
    const stored = aclsDisabled() ? undefined : this.objects.get(exchange.record.key ?? '');
    return answerXml(exchange, aclXml(stored ?? grantsOfHeaders({})), true);
  }
}
