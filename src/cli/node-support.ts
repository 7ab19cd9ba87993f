import type { TerminalStream } from './status-display.js';

// package.json's "engines": the bundle is built and tested on Node 20 and 24.
export const OLDEST_NODE = 20;
// The AWS SDK's releases from January 2027 need Node 22; on older ones it prints ten lines.
const SDK_NODE = 22;

/**
 * Before the AWS clients exist: on a Node the SDK is leaving behind, one line of ours (the SDK's
 * own warning is turned off through its documented switch); on one older than "engines", an error.
 * Returns false when the CLI cannot run here.
 */
export function checkNode(
  version: string,
  stderr: TerminalStream,
  env: NodeJS.ProcessEnv,
): boolean {
  const major = Number.parseInt(version.replace(/^v/, ''), 10);
  if (major < OLDEST_NODE) {
    stderr.write(
      `Error: s3-cf-sync needs Node ${OLDEST_NODE} or newer; this is Node ${version}.\n`,
    );
    return false;
  }
  if (major < SDK_NODE) {
    env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
    stderr.write(
      `note: Node ${version} works, but releases from 2027 need Node ${SDK_NODE}, as the AWS SDK does.\n`,
    );
  }
  return true;
}
