import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The compatibility suite needs a real S3-compatible server: `npm run test:compat`
    // (vitest.compat.config.ts) runs it, and fails when no server is given.
    exclude: [...configDefaults.exclude, 'test/compat/**'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
