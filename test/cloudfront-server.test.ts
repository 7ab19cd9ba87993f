import {
  CloudFrontClient,
  type CloudFrontClientConfig,
  CloudFrontServiceException,
  CreateInvalidationCommand,
  GetDistributionConfigCommand,
  GetInvalidationCommand,
  InvalidArgument,
  ListDistributionsCommand,
  ListInvalidationsCommand,
} from '@aws-sdk/client-cloudfront';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { type CloudFrontServer, startCloudFrontServer } from './support/cloudfront-server.js';

const DISTRIBUTION = 'E2EXAMPLE123';
const CREDENTIALS = { accessKeyId: 'test', secretAccessKey: 'test' };

let server: CloudFrontServer;
let cloudfront: CloudFrontClient;
/** For checking one fault: the SDK's default of 3 attempts retries 503 and throttling by itself. */
let singleAttempt: CloudFrontClient;
beforeEach(async () => {
  server = await startCloudFrontServer();
  cloudfront = client();
  singleAttempt = client({ maxAttempts: 1 });
});
afterEach(async () => {
  cloudfront.destroy();
  singleAttempt.destroy();
  await server.stop();
});

function client(config: CloudFrontClientConfig = {}): CloudFrontClient {
  return new CloudFrontClient({
    endpoint: server.endpoint,
    region: 'us-east-1',
    credentials: CREDENTIALS,
    ...config,
  });
}

function invalidate(paths: readonly string[], callerReference = `ref-${Math.random()}`) {
  return new CreateInvalidationCommand({
    DistributionId: DISTRIBUTION,
    InvalidationBatch: {
      CallerReference: callerReference,
      Paths: { Quantity: paths.length, Items: [...paths] },
    },
  });
}

function rejection(name: string, status: number, message?: string) {
  return {
    name,
    $metadata: { httpStatusCode: status },
    ...(message !== undefined && { message }),
  };
}

const INVALID_PATHS = 'Your request contains one or more invalid invalidation paths.';
const filePaths = (count: number, prefix: string) =>
  Array.from({ length: count }, (_, i) => `/${prefix}/${i}.html`);
const wildcardPaths = (count: number, prefix: string) =>
  Array.from({ length: count }, (_, i) => `/${prefix}/${i}/*`);

describe('creating and reading invalidations', () => {
  test('a created invalidation is in progress, has a Location, and completes on its first read', async () => {
    const created = await cloudfront.send(invalidate(['/index.html', '/posts/*'], 'deploy-1'));
    const id = created.Invalidation?.Id ?? '';
    expect(id).toMatch(/^I[A-Z0-9]{13}$/);
    expect(created.$metadata.httpStatusCode).toBe(201);
    expect(created.Location).toBe(
      `${server.endpoint}/2020-05-31/distribution/${DISTRIBUTION}/invalidation/${id}`,
    );
    expect(created.Invalidation).toMatchObject({
      Status: 'InProgress',
      InvalidationBatch: {
        CallerReference: 'deploy-1',
        Paths: { Quantity: 2, Items: ['/index.html', '/posts/*'] },
      },
    });
    expect(created.Invalidation?.CreateTime).toBeInstanceOf(Date);

    const read = await cloudfront.send(
      new GetInvalidationCommand({ DistributionId: DISTRIBUTION, Id: id }),
    );
    expect(read.Invalidation).toMatchObject({ Id: id, Status: 'Completed' });
    expect(read.Invalidation?.InvalidationBatch?.Paths?.Items).toEqual(['/index.html', '/posts/*']);
    expect(server.invalidations(DISTRIBUTION)).toMatchObject([
      { id, status: 'Completed', callerReference: 'deploy-1', paths: ['/index.html', '/posts/*'] },
    ]);
    expect(server.requests).toEqual([
      {
        method: 'POST',
        path: `/2020-05-31/distribution/${DISTRIBUTION}/invalidation`,
        operation: 'CreateInvalidation',
        distributionId: DISTRIBUTION,
        paths: ['/index.html', '/posts/*'],
        callerReference: 'deploy-1',
        status: 201,
        userAgent: expect.stringMatching(/^aws-sdk-js\//),
      },
      {
        method: 'GET',
        path: `/2020-05-31/distribution/${DISTRIBUTION}/invalidation/${id}`,
        operation: 'GetInvalidation',
        distributionId: DISTRIBUTION,
        status: 200,
        userAgent: expect.stringMatching(/^aws-sdk-js\//),
      },
    ]);
  });

  test('paths survive XML escaping both ways', async () => {
    const paths = ['/a&b.html', '/<tag>.html', '/it\'s "quoted".html', '/%C3%BCn%C3%AF/'];
    const created = await cloudfront.send(invalidate(paths));
    expect(created.Invalidation?.InvalidationBatch?.Paths?.Items).toEqual(paths);
    expect(server.invalidations(DISTRIBUTION)[0]?.paths).toEqual(paths);
  });

  test('with completeAfterMs an invalidation stays in progress until the delay has passed', async () => {
    await server.stop();
    server = await startCloudFrontServer({ completeAfterMs: 100 });
    cloudfront = client();
    const created = await cloudfront.send(invalidate(['/index.html']));
    const get = new GetInvalidationCommand({
      DistributionId: DISTRIBUTION,
      Id: created.Invalidation?.Id,
    });
    expect((await cloudfront.send(get)).Invalidation?.Status).toBe('InProgress');
    await new Promise((resolve) => setTimeout(resolve, 120));
    expect((await cloudfront.send(get)).Invalidation?.Status).toBe('Completed');
  });

  test('with completeAfterGets an invalidation is read in progress that many times, then Completed', async () => {
    await server.stop();
    server = await startCloudFrontServer({ completeAfterGets: 2 });
    cloudfront = client();
    const created = await cloudfront.send(invalidate(['/index.html']));
    const get = new GetInvalidationCommand({
      DistributionId: DISTRIBUTION,
      Id: created.Invalidation?.Id,
    });
    const statuses: (string | undefined)[] = [];
    for (let read = 0; read < 4; read++) {
      statuses.push((await cloudfront.send(get)).Invalidation?.Status);
    }
    expect(statuses).toEqual(['InProgress', 'InProgress', 'Completed', 'Completed']);
  });

  test('completeAll completes every invalidation in progress', async () => {
    await cloudfront.send(invalidate(['/a.html']));
    await cloudfront.send(invalidate(['/b/*']));
    expect(server.invalidations(DISTRIBUTION).map((i) => i.status)).toEqual([
      'InProgress',
      'InProgress',
    ]);
    server.completeAll();
    expect(server.invalidations(DISTRIBUTION).map((i) => i.status)).toEqual([
      'Completed',
      'Completed',
    ]);
  });

  test('ListInvalidations pages through invalidations, newest first', async () => {
    const ids: string[] = [];
    for (const path of ['/1.html', '/2.html', '/3.html']) {
      ids.push((await cloudfront.send(invalidate([path]))).Invalidation?.Id ?? '');
    }
    const first = await cloudfront.send(
      new ListInvalidationsCommand({ DistributionId: DISTRIBUTION, MaxItems: 2 }),
    );
    expect(first.InvalidationList).toMatchObject({ IsTruncated: true, Quantity: 2, MaxItems: 2 });
    expect(first.InvalidationList?.Items?.map((i) => i.Id)).toEqual([ids[2], ids[1]]);
    expect(first.InvalidationList?.Items?.[0]?.Status).toBe('InProgress');
    const second = await cloudfront.send(
      new ListInvalidationsCommand({
        DistributionId: DISTRIBUTION,
        MaxItems: 2,
        Marker: first.InvalidationList?.NextMarker,
      }),
    );
    expect(second.InvalidationList).toMatchObject({ IsTruncated: false, Quantity: 1 });
    expect(second.InvalidationList?.Items?.map((i) => i.Id)).toEqual([ids[0]]);
    expect(server.requests.at(-1)?.operation).toBe('ListInvalidations');
  });

  test('the client finds the server through AWS_ENDPOINT_URL_CLOUDFRONT', async () => {
    const previous = process.env.AWS_ENDPOINT_URL_CLOUDFRONT;
    process.env.AWS_ENDPOINT_URL_CLOUDFRONT = server.endpoint;
    try {
      const fromEnvironment = new CloudFrontClient({
        region: 'us-east-1',
        credentials: CREDENTIALS,
      });
      const created = await fromEnvironment.send(invalidate(['/from-env.html']));
      fromEnvironment.destroy();
      expect(created.Location?.startsWith(server.endpoint)).toBe(true);
      expect(server.invalidations(DISTRIBUTION)[0]?.paths).toEqual(['/from-env.html']);
    } finally {
      if (previous === undefined) delete process.env.AWS_ENDPOINT_URL_CLOUDFRONT;
      else process.env.AWS_ENDPOINT_URL_CLOUDFRONT = previous;
    }
  });
});

describe('request validation', () => {
  test('a raw ~ anywhere in a path is rejected, while %7E is accepted', async () => {
    for (const path of ['/static/js/runtime~main.js', '/~user/']) {
      const error = await cloudfront.send(invalidate([path])).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(InvalidArgument);
      expect(error).toMatchObject(rejection('InvalidArgument', 400, INVALID_PATHS));
    }
    await cloudfront.send(invalidate(['/static/js/runtime%7Emain.js', '/static/js/runtime*']));
  });

  test('* is accepted only as the last character of a path', async () => {
    for (const path of ['/*/index.html', '/images/*.png', '/**']) {
      await expect(cloudfront.send(invalidate([path]))).rejects.toMatchObject(
        rejection('InvalidArgument', 400, INVALID_PATHS),
      );
    }
    await cloudfront.send(invalidate(['/*', '/images/*', '/images/logo*']));
  });

  test('a path must start with /', async () => {
    await expect(cloudfront.send(invalidate(['/ok.html', 'index.html']))).rejects.toMatchObject(
      rejection('InvalidArgument', 400, INVALID_PATHS),
    );
    await expect(cloudfront.send(invalidate(['*']))).rejects.toMatchObject(
      rejection('InvalidArgument', 400, INVALID_PATHS),
    );
  });

  test('a path may have 4,000 characters but not 4,001', async () => {
    const longest = `/${'a'.repeat(3999)}`;
    await cloudfront.send(invalidate([longest]));
    await expect(cloudfront.send(invalidate([`${longest}b`]))).rejects.toMatchObject(
      rejection('InvalidArgument', 400, INVALID_PATHS),
    );
  });

  test('Quantity must equal the number of paths', async () => {
    const command = new CreateInvalidationCommand({
      DistributionId: DISTRIBUTION,
      InvalidationBatch: { CallerReference: 'q', Paths: { Quantity: 2, Items: ['/a.html'] } },
    });
    await expect(cloudfront.send(command)).rejects.toMatchObject(
      rejection('InconsistentQuantities', 400),
    );
  });

  test('a batch needs at least one path', async () => {
    await expect(cloudfront.send(invalidate([]))).rejects.toMatchObject(
      rejection('InvalidArgument', 400),
    );
  });

  test('a batch needs a CallerReference', async () => {
    const command = new CreateInvalidationCommand({
      DistributionId: DISTRIBUTION,
      InvalidationBatch: { Paths: { Quantity: 1, Items: ['/a.html'] } } as never,
    });
    await expect(cloudfront.send(command)).rejects.toMatchObject(
      rejection('InvalidArgument', 400, 'CallerReference is required.'),
    );
  });

  test('a request without an InvalidationBatch is MissingBody', async () => {
    const command = new CreateInvalidationCommand({ DistributionId: DISTRIBUTION } as never);
    await expect(cloudfront.send(command)).rejects.toMatchObject(rejection('MissingBody', 400));
  });

  test('an unknown distribution is NoSuchDistribution, naming the ID', async () => {
    const command = new CreateInvalidationCommand({
      DistributionId: 'EUNKNOWN',
      InvalidationBatch: { CallerReference: 'x', Paths: { Quantity: 1, Items: ['/a.html'] } },
    });
    const error = await cloudfront.send(command).catch((caught: unknown) => caught);
    expect(error).toMatchObject(rejection('NoSuchDistribution', 404));
    expect((error as Error).message).toContain('EUNKNOWN');
    await expect(
      cloudfront.send(new GetInvalidationCommand({ DistributionId: 'EUNKNOWN', Id: 'I1' })),
    ).rejects.toMatchObject(rejection('NoSuchDistribution', 404));
  });

  test('an unknown invalidation is NoSuchInvalidation', async () => {
    await expect(
      cloudfront.send(new GetInvalidationCommand({ DistributionId: DISTRIBUTION, Id: 'INOPE' })),
    ).rejects.toMatchObject(rejection('NoSuchInvalidation', 404));
  });

  test('an unsigned request is AccessDenied, in the real error XML with a request ID', async () => {
    const response = await fetch(
      `${server.endpoint}/2020-05-31/distribution/${DISTRIBUTION}/invalidation`,
    );
    expect(response.status).toBe(403);
    const requestId = response.headers.get('x-amzn-RequestId');
    expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(await response.text()).toBe(
      '<?xml version="1.0" encoding="UTF-8"?>' +
        '<ErrorResponse xmlns="http://cloudfront.amazonaws.com/doc/2020-05-31/"><Error>' +
        '<Type>Sender</Type><Code>AccessDenied</Code>' +
        '<Message>Missing AWS4-HMAC-SHA256 authorization.</Message></Error>' +
        `<RequestId>${requestId}</RequestId></ErrorResponse>`,
    );
  });
});

describe('CallerReference idempotency', () => {
  test('the same reference with the same paths returns the existing invalidation', async () => {
    const first = await cloudfront.send(invalidate(['/a.html', '/b/*'], 'deploy-7'));
    const again = await cloudfront.send(invalidate(['/b/*', '/a.html'], 'deploy-7'));
    expect(again.$metadata.httpStatusCode).toBe(201);
    expect(again.Invalidation?.Id).toBe(first.Invalidation?.Id);
    expect(again.Location).toBe(first.Location);
    expect(server.invalidations(DISTRIBUTION)).toHaveLength(1);
  });

  test('the same reference with different paths is InvalidationBatchAlreadyExists', async () => {
    await cloudfront.send(invalidate(['/a.html'], 'deploy-8'));
    const error = await cloudfront
      .send(invalidate(['/a.html', '/b.html'], 'deploy-8'))
      .catch((caught: unknown) => caught);
    // The SDK does not model this code: it arrives as the service's base exception, by name.
    expect(error).toBeInstanceOf(CloudFrontServiceException);
    expect(error).toMatchObject(rejection('InvalidationBatchAlreadyExists', 409));
    expect(server.invalidations(DISTRIBUTION)).toHaveLength(1);
  });
});

describe('in-progress limits per distribution', () => {
  test('at most 3,000 file paths may be in progress', async () => {
    await cloudfront.send(invalidate(filePaths(2000, 'one')));
    await expect(cloudfront.send(invalidate(filePaths(1001, 'two')))).rejects.toMatchObject(
      rejection(
        'TooManyInvalidationsInProgress',
        400,
        'Processing your request will cause you to exceed the maximum number of in-progress invalidations.',
      ),
    );
    await cloudfront.send(invalidate(filePaths(1000, 'two')));
    await cloudfront.send(invalidate(wildcardPaths(15, 'wild')));
    server.completeAll();
    await cloudfront.send(invalidate(filePaths(3000, 'three')));
  });

  test('at most 15 wildcard paths may be in progress, counted apart from files', async () => {
    await cloudfront.send(invalidate(wildcardPaths(10, 'one')));
    await expect(cloudfront.send(invalidate(wildcardPaths(6, 'two')))).rejects.toMatchObject(
      rejection(
        'TooManyInvalidationsInProgress',
        400,
        'Processing your request will cause you to exceed the maximum number of in-progress wildcard invalidations.',
      ),
    );
    await cloudfront.send(invalidate([...wildcardPaths(5, 'two'), ...filePaths(2000, 'f')]));
    await expect(cloudfront.send(invalidate(['/*']))).rejects.toMatchObject(
      rejection('TooManyInvalidationsInProgress', 400),
    );
  });

  test('reading an invalidation completes it and frees its share of the limit', async () => {
    const wild = await cloudfront.send(invalidate(wildcardPaths(15, 'one')));
    await expect(cloudfront.send(invalidate(['/*']))).rejects.toMatchObject(
      rejection('TooManyInvalidationsInProgress', 400),
    );
    await cloudfront.send(
      new GetInvalidationCommand({ DistributionId: DISTRIBUTION, Id: wild.Invalidation?.Id }),
    );
    await cloudfront.send(invalidate(['/*']));
  });

  test('limits are kept per distribution', async () => {
    await server.stop();
    server = await startCloudFrontServer({ distributions: ['EONE', 'ETWO'] });
    cloudfront = client();
    for (const distributionId of ['EONE', 'ETWO']) {
      await cloudfront.send(
        new CreateInvalidationCommand({
          DistributionId: distributionId,
          InvalidationBatch: {
            CallerReference: 'same-ref',
            Paths: { Quantity: 15, Items: wildcardPaths(15, 'x') },
          },
        }),
      );
    }
    expect(server.distributions).toEqual(['EONE', 'ETWO']);
    expect(server.invalidations('EONE')).toHaveLength(1);
    expect(server.invalidations('ETWO')).toHaveLength(1);
  });
});

describe('fault injection', () => {
  test.each([
    ['TooManyInvalidationsInProgress', 400],
    ['ServiceUnavailable', 503],
    ['Throttling', 400],
  ] as const)('failNext(1, %s) fails the next CreateInvalidation with %i', async (code, status) => {
    server.failNext(1, code);
    await expect(singleAttempt.send(invalidate(['/a.html']))).rejects.toMatchObject(
      rejection(code, status),
    );
    await singleAttempt.send(invalidate(['/a.html']));
    expect(server.requests.map((r) => r.status)).toEqual([status, 201]);
  });

  test('an injected AccessDenied names the IAM user, action and distribution', async () => {
    server.failNext(1, 'AccessDenied');
    await expect(singleAttempt.send(invalidate(['/a.html']))).rejects.toMatchObject(
      rejection(
        'AccessDenied',
        403,
        'User: arn:aws:iam::123456789012:user/ci is not authorized to perform: cloudfront:CreateInvalidation' +
          ` on resource: arn:aws:cloudfront::123456789012:distribution/${DISTRIBUTION}`,
      ),
    );
  });

  test('deny refuses those operations with AccessDenied naming the action', async () => {
    await server.stop();
    server = await startCloudFrontServer({ deny: ['ListInvalidations'] });
    singleAttempt = client({ maxAttempts: 1 });
    await expect(
      singleAttempt.send(new ListInvalidationsCommand({ DistributionId: DISTRIBUTION })),
    ).rejects.toMatchObject(
      rejection(
        'AccessDenied',
        403,
        'User: arn:aws:iam::123456789012:user/ci is not authorized to perform: cloudfront:ListInvalidations' +
          ` on resource: arn:aws:cloudfront::123456789012:distribution/${DISTRIBUTION}`,
      ),
    );
    await singleAttempt.send(invalidate(['/a.html']));
  });

  test('loseNextResponses creates the invalidation but drops the connection before answering', async () => {
    server.loseNextResponses(1);
    await expect(singleAttempt.send(invalidate(['/a.html'], 'lost-1'))).rejects.toMatchObject({
      code: 'ECONNRESET',
    });
    expect(server.invalidations(DISTRIBUTION)).toMatchObject([{ callerReference: 'lost-1' }]);
    const retried = await singleAttempt.send(invalidate(['/a.html'], 'lost-1'));
    expect(retried.Invalidation?.Id).toBe(server.invalidations(DISTRIBUTION)[0]?.id);
    expect(server.invalidations(DISTRIBUTION)).toHaveLength(1);
  });

  test('an injected fault may carry another status', async () => {
    server.failNext(1, 'ServiceUnavailable', 500);
    await expect(singleAttempt.send(invalidate(['/a.html']))).rejects.toMatchObject(
      rejection('ServiceUnavailable', 500),
    );
  });

  test('faults apply to CreateInvalidation requests only, one request each', async () => {
    const created = await cloudfront.send(invalidate(['/a.html']));
    server.failNext(1, 'ServiceUnavailable');
    server.failNext(1, 'Throttling');
    await cloudfront.send(
      new GetInvalidationCommand({ DistributionId: DISTRIBUTION, Id: created.Invalidation?.Id }),
    );
    // The SDK's standard retry strategy retries a 503 and throttling by itself, up to 3 attempts.
    await cloudfront.send(invalidate(['/b.html']));
    expect(server.requests.map((r) => `${r.operation} ${r.status}`)).toEqual([
      'CreateInvalidation 201',
      'GetInvalidation 200',
      'CreateInvalidation 503',
      'CreateInvalidation 400',
      'CreateInvalidation 201',
    ]);
    expect(server.requests[2]?.paths).toEqual(['/b.html']);
  });
});

describe('distributions', () => {
  const SITES = [
    {
      id: 'E1APEXEXAMPLE1',
      origins: [
        { domainName: 'site.s3.eu-west-1.amazonaws.com', originPath: '/apex' },
        { domainName: 'api.example.com' },
      ],
      defaultRootObject: 'home.html',
    },
    { id: 'E2WWWEXAMPLE22', origins: [{ domainName: 'site.s3-website-eu-west-1.amazonaws.com' }] },
    { id: 'E3NOROOTOBJ333', defaultRootObject: '' },
  ];

  async function withSites(options = {}) {
    await server.stop();
    server = await startCloudFrontServer({ distributions: SITES, ...options });
    cloudfront.destroy();
    cloudfront = client();
  }

  test('GetDistributionConfig returns the origins, their paths and the default root object, with an ETag', async () => {
    await withSites();
    const response = await cloudfront.send(
      new GetDistributionConfigCommand({ Id: 'E1APEXEXAMPLE1' }),
    );
    expect(response.ETag).toMatch(/^E[0-9A-Z]{13}$/);
    const config = response.DistributionConfig;
    expect(config?.DefaultRootObject).toBe('home.html');
    expect(config?.Origins?.Quantity).toBe(2);
    expect(config?.Origins?.Items?.map((o) => [o.DomainName, o.OriginPath])).toEqual([
      ['site.s3.eu-west-1.amazonaws.com', '/apex'],
      ['api.example.com', ''],
    ]);
    expect(config?.Origins?.Items?.[0]?.S3OriginConfig).toBeDefined();
    expect(config?.DefaultCacheBehavior?.TargetOriginId).toBe('origin-1');
    expect(config?.Enabled).toBe(true);
    const website = await cloudfront.send(
      new GetDistributionConfigCommand({ Id: 'E2WWWEXAMPLE22' }),
    );
    expect(website.DistributionConfig?.Origins?.Items?.[0]?.CustomOriginConfig?.HTTPPort).toBe(80);
    const none = await cloudfront.send(new GetDistributionConfigCommand({ Id: 'E3NOROOTOBJ333' }));
    expect(none.DistributionConfig?.DefaultRootObject ?? '').toBe('');
    expect(server.requests.map((request) => [request.operation, request.path])).toContainEqual([
      'GetDistributionConfig',
      '/2020-05-31/distribution/E1APEXEXAMPLE1/config',
    ]);
  });

  test('GetDistributionConfig of an unknown ID is NoSuchDistribution; a denied one AccessDenied', async () => {
    await withSites({ deny: ['GetDistributionConfig'] });
    await expect(
      cloudfront.send(new GetDistributionConfigCommand({ Id: 'E1APEXEXAMPLE1' })),
    ).rejects.toMatchObject(
      rejection(
        'AccessDenied',
        403,
        'User: arn:aws:iam::123456789012:user/ci is not authorized to perform: cloudfront:GetDistributionConfig on resource: arn:aws:cloudfront::123456789012:distribution/E1APEXEXAMPLE1',
      ),
    );
    await server.stop();
    server = await startCloudFrontServer({ distributions: SITES });
    cloudfront.destroy();
    cloudfront = client();
    await expect(
      cloudfront.send(new GetDistributionConfigCommand({ Id: 'E9UNKNOWN9999' })),
    ).rejects.toMatchObject(rejection('NoSuchDistribution', 404));
  });

  test('ListDistributions pages with MaxItems and Marker; summaries carry origins but no DefaultRootObject', async () => {
    await withSites();
    const first = await cloudfront.send(new ListDistributionsCommand({ MaxItems: 2 }));
    const list = first.DistributionList;
    expect(list?.IsTruncated).toBe(true);
    expect(list?.Quantity).toBe(2);
    expect(list?.Items?.map((item) => item.Id)).toEqual(['E1APEXEXAMPLE1', 'E2WWWEXAMPLE22']);
    expect(list?.Items?.[0]?.Origins?.Items?.[0]?.OriginPath).toBe('/apex');
    expect(list?.Items?.[0]?.ARN).toBe(
      'arn:aws:cloudfront::123456789012:distribution/E1APEXEXAMPLE1',
    );
    expect(list?.Items?.[0]).not.toHaveProperty('DefaultRootObject');
    const second = await cloudfront.send(
      new ListDistributionsCommand({ MaxItems: 2, Marker: list?.NextMarker }),
    );
    expect(second.DistributionList?.IsTruncated).toBe(false);
    expect(second.DistributionList?.NextMarker).toBeUndefined();
    expect(second.DistributionList?.Items?.map((item) => item.Id)).toEqual(['E3NOROOTOBJ333']);
    expect(second.DistributionList?.Items?.[0]?.Origins?.Items?.[0]?.DomainName).toBe(
      'site.s3.us-east-1.amazonaws.com',
    );
  });

  test('ListDistributions, when denied, names the "*" resource it is authorised on', async () => {
    await withSites({ deny: ['ListDistributions'] });
    await expect(cloudfront.send(new ListDistributionsCommand({}))).rejects.toMatchObject(
      rejection(
        'AccessDenied',
        403,
        'User: arn:aws:iam::123456789012:user/ci is not authorized to perform: cloudfront:ListDistributions on resource: arn:aws:cloudfront::123456789012:*',
      ),
    );
  });
});
