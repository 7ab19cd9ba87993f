import { CLOUDFRONT_API_VERSION, escapeXml } from './cloudfront-xml.js';

/**
 * XML of GetDistributionConfig (`DistributionConfig`) and ListDistributions (`DistributionList`
 * of `DistributionSummary`), API 2020-05-31, with the elements the real service writes. A summary
 * carries the origins but no DefaultRootObject: only the config has it.
 */
const XMLNS = `http://cloudfront.amazonaws.com/doc/${CLOUDFRONT_API_VERSION}/`;
const PROLOG = '<?xml version="1.0" encoding="UTF-8"?>';
// The managed cache policy "CachingOptimized".
const CACHING_OPTIMIZED = '658327ea-f89d-4fab-a63d-7e88639e58f6';

export interface OriginFields {
  readonly id: string;
  readonly domainName: string;
  /** '' or '/blog'. */
  readonly originPath: string;
}

export interface DistributionFields {
  readonly id: string;
  readonly domainName: string;
  readonly callerReference: string;
  readonly lastModifiedTime: Date;
  readonly origins: readonly OriginFields[];
  /** '' when none is set. */
  readonly defaultRootObject: string;
}

export interface DistributionListFields {
  readonly marker: string;
  readonly maxItems: number;
  readonly nextMarker: string | undefined;
  readonly items: readonly DistributionFields[];
}

const empty = (name: string) => `<${name}><Quantity>0</Quantity></${name}>`;
const text = (name: string, value: string) => `<${name}>${escapeXml(value)}</${name}>`;

/** Website endpoints are custom (HTTP) origins; the REST endpoints are S3 origins. */
function originConfigXml(domainName: string): string {
  if (!/\.s3-website[.-]/.test(domainName)) {
    return '<S3OriginConfig><OriginAccessIdentity></OriginAccessIdentity></S3OriginConfig>';
  }
  return (
    '<CustomOriginConfig><HTTPPort>80</HTTPPort><HTTPSPort>443</HTTPSPort>' +
    '<OriginProtocolPolicy>http-only</OriginProtocolPolicy><OriginSslProtocols><Quantity>1' +
    '</Quantity><Items><SslProtocol>TLSv1.2</SslProtocol></Items></OriginSslProtocols>' +
    '<OriginReadTimeout>30</OriginReadTimeout><OriginKeepaliveTimeout>5</OriginKeepaliveTimeout>' +
    '</CustomOriginConfig>'
  );
}

function originsXml(origins: readonly OriginFields[]): string {
  const items = origins
    .map(
      (origin) =>
        `<Origin>${text('Id', origin.id)}${text('DomainName', origin.domainName)}` +
        `${text('OriginPath', origin.originPath)}${empty('CustomHeaders')}` +
        `${originConfigXml(origin.domainName)}<ConnectionAttempts>3</ConnectionAttempts>` +
        '<ConnectionTimeout>10</ConnectionTimeout><OriginShield><Enabled>false</Enabled>' +
        '</OriginShield><OriginAccessControlId></OriginAccessControlId></Origin>',
    )
    .join('');
  return `<Origins><Quantity>${origins.length}</Quantity>${origins.length > 0 ? `<Items>${items}</Items>` : ''}</Origins>`;
}

function defaultCacheBehaviorXml(distribution: DistributionFields): string {
  return (
    `<DefaultCacheBehavior>${text('TargetOriginId', distribution.origins[0]?.id ?? '')}` +
    '<TrustedSigners><Enabled>false</Enabled><Quantity>0</Quantity></TrustedSigners>' +
    '<TrustedKeyGroups><Enabled>false</Enabled><Quantity>0</Quantity></TrustedKeyGroups>' +
    '<ViewerProtocolPolicy>redirect-to-https</ViewerProtocolPolicy><AllowedMethods><Quantity>2' +
    '</Quantity><Items><Method>HEAD</Method><Method>GET</Method></Items><CachedMethods>' +
    '<Quantity>2</Quantity><Items><Method>HEAD</Method><Method>GET</Method></Items>' +
    '</CachedMethods></AllowedMethods><SmoothStreaming>false</SmoothStreaming>' +
    `<Compress>true</Compress>${empty('LambdaFunctionAssociations')}` +
    `${empty('FunctionAssociations')}<FieldLevelEncryptionId></FieldLevelEncryptionId>` +
    `<CachePolicyId>${CACHING_OPTIMIZED}</CachePolicyId></DefaultCacheBehavior>`
  );
}

const VIEWER_CERTIFICATE =
  '<ViewerCertificate><CloudFrontDefaultCertificate>true</CloudFrontDefaultCertificate>' +
  '<SSLSupportMethod>vip</SSLSupportMethod><MinimumProtocolVersion>TLSv1</MinimumProtocolVersion>' +
  '<CertificateSource>cloudfront</CertificateSource></ViewerCertificate>';
const RESTRICTIONS =
  '<Restrictions><GeoRestriction><RestrictionType>none</RestrictionType><Quantity>0</Quantity>' +
  '</GeoRestriction></Restrictions>';

export function distributionConfigXml(distribution: DistributionFields): string {
  return (
    `${PROLOG}<DistributionConfig xmlns="${XMLNS}">` +
    `${text('CallerReference', distribution.callerReference)}${empty('Aliases')}` +
    `${text('DefaultRootObject', distribution.defaultRootObject)}` +
    `${originsXml(distribution.origins)}${empty('OriginGroups')}` +
    `${defaultCacheBehaviorXml(distribution)}${empty('CacheBehaviors')}` +
    `${empty('CustomErrorResponses')}<Comment></Comment><Logging><Enabled>false</Enabled>` +
    '<IncludeCookies>false</IncludeCookies><Bucket></Bucket><Prefix></Prefix></Logging>' +
    `<PriceClass>PriceClass_All</PriceClass><Enabled>true</Enabled>${VIEWER_CERTIFICATE}` +
    `${RESTRICTIONS}<WebACLId></WebACLId><HttpVersion>http2</HttpVersion>` +
    '<IsIPV6Enabled>true</IsIPV6Enabled><Staging>false</Staging></DistributionConfig>'
  );
}

function distributionSummaryXml(distribution: DistributionFields, account: string): string {
  return (
    `<DistributionSummary>${text('Id', distribution.id)}` +
    `<ARN>arn:aws:cloudfront::${account}:distribution/${escapeXml(distribution.id)}</ARN>` +
    '<Status>Deployed</Status>' +
    `<LastModifiedTime>${distribution.lastModifiedTime.toISOString()}</LastModifiedTime>` +
    `${text('DomainName', distribution.domainName)}${empty('Aliases')}` +
    `${originsXml(distribution.origins)}${empty('OriginGroups')}` +
    `${defaultCacheBehaviorXml(distribution)}${empty('CacheBehaviors')}` +
    `${empty('CustomErrorResponses')}<Comment></Comment><PriceClass>PriceClass_All</PriceClass>` +
    `<Enabled>true</Enabled>${VIEWER_CERTIFICATE}${RESTRICTIONS}<WebACLId></WebACLId>` +
    '<HttpVersion>HTTP2</HttpVersion><IsIPV6Enabled>true</IsIPV6Enabled>' +
    '<Staging>false</Staging></DistributionSummary>'
  );
}

export function distributionListXml(list: DistributionListFields, account: string): string {
  const nextMarker =
    list.nextMarker === undefined ? '' : `<NextMarker>${escapeXml(list.nextMarker)}</NextMarker>`;
  const items = list.items.map((item) => distributionSummaryXml(item, account)).join('');
  return (
    `${PROLOG}<DistributionList xmlns="${XMLNS}"><Marker>${escapeXml(list.marker)}</Marker>` +
    `${nextMarker}<MaxItems>${list.maxItems}</MaxItems>` +
    `<IsTruncated>${list.nextMarker !== undefined}</IsTruncated>` +
    `<Quantity>${list.items.length}</Quantity>` +
    (list.items.length > 0 ? `<Items>${items}</Items>` : '') +
    '</DistributionList>'
  );
}
