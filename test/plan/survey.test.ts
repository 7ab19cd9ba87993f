import { describe, expect, it } from 'vitest';
import { DeployError } from '../../src/base/errors.js';
import { memoryLogger } from '../../src/base/logger.js';
import { skipUnreadable } from '../../src/plan/survey.js';

// What a failed read of a listed file means. The errors are built here: a file that vanishes
// between the walk and its read is a race no test can schedule. (A real unreadable file is
// deployed in test/nothing-lost.test.ts.)
const failure = (code: string) =>
  Object.assign(new Error(`${code}: failed, open '/site/a.html'`), { code });
const file = { key: 'a\nb.html', path: '/site/a\nb.html' };

describe('skipUnreadable', () => {
  it.each(['EACCES', 'EPERM'])(
    'skips a file denied to this user (%s), keeping its object',
    (code) => {
      const logger = memoryLogger();
      skipUnreadable(file, failure(code), logger);
      expect(logger.lines).toEqual([
        `warning: Skipped a\\nb.html: permission denied (${code}); its object in the bucket, if any, is kept.`,
      ]);
    },
  );

  it.each(['ENOENT', 'EISDIR', 'EIO'])(
    'fails the deploy for a file that changed under it (%s), before anything is written',
    (code) => {
      const act = () => skipUnreadable(file, failure(code), memoryLogger());
      expect(act).toThrow(DeployError);
      expect(act).toThrow(
        `Could not read /site/a\\nb.html (${code}): the folder changed while it was being read (is the site still being built?); nothing was uploaded or deleted.`,
      );
    },
  );
});
