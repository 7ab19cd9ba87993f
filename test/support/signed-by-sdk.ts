// The oracle of the requests the action signs itself (src/aws/fast-s3.ts, fast-cloudfront.ts):
// an SDK client, each command stopped after signing, so that what it would send is compared
// with ours. Before signing, the SDK's bookkeeping headers (amz-sdk-invocation-id,
// amz-sdk-request, x-amz-user-agent) are dropped: it would sign them, and ours never sends them.

/** A request as the SDK's client would send it. */
export interface SentRequest {
  readonly method: string;
  readonly protocol: string;
  readonly hostname: string;
  readonly port?: number | undefined;
  readonly path: string;
  readonly query: Record<string, string>;
  readonly headers: Record<string, string>;
  readonly body?: unknown;
}

const STOP = new Error('stopped before sending');
const BOOKKEEPING_HEADERS = ['amz-sdk-invocation-id', 'amz-sdk-request', 'x-amz-user-agent'];

/** The part of the SDK's middleware stack used here, typed for the finalizeRequest step. */
interface RelativeStack {
  addRelativeTo(
    middleware: (
      next: (args: { request: unknown }) => Promise<unknown>,
    ) => (args: { request: unknown }) => Promise<unknown>,
    options: { relation: 'before' | 'after'; toMiddleware: string; name: string },
  ): void;
}

interface AnyClient {
  readonly middlewareStack: unknown;
  // biome-ignore lint/suspicious/noExplicitAny: the commands of any one client
  send(command: any): Promise<unknown>;
}

/** The environment of a runner with static keys and nothing else of AWS's; `home` has no ~/.aws. */
export function keysOnly(
  home: string,
  base: NodeJS.ProcessEnv,
  extra: Record<string, string> = {},
): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(base)) if (!name.startsWith('AWS_')) env[name] = value;
  return {
    ...env,
    HOME: home,
    AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE',
    AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
    ...extra,
  };
}

/** What `client` would send for each command, in order, or the error it failed with first. */
export async function signedBySdk(
  client: AnyClient,
  commands: readonly unknown[],
): Promise<(SentRequest | Error)[]> {
  let sent: SentRequest | undefined;
  const stack = client.middlewareStack as RelativeStack;
  stack.addRelativeTo(
    (next) => async (args) => {
      const request = args.request as SentRequest;
      for (const name of BOOKKEEPING_HEADERS) delete request.headers[name];
      return next(args);
    },
    { relation: 'before', toMiddleware: 'httpSigningMiddleware', name: 'dropBookkeepingHeaders' },
  );
  stack.addRelativeTo(
    () => async (args) => {
      sent = args.request as SentRequest;
      throw STOP;
    },
    { relation: 'after', toMiddleware: 'httpSigningMiddleware', name: 'recordAndStop' },
  );
  const results: (SentRequest | Error)[] = [];
  for (const command of commands) {
    sent = undefined;
    try {
      await client.send(command);
      results.push(new Error('the request was not stopped'));
    } catch (error) {
      if (error !== STOP || !sent) results.push(error as Error);
      else results.push(sent);
    }
  }
  return results;
}
