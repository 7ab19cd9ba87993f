import { defineConfig } from 'vitest/config';

// The integration scenarios against a real S3-compatible server (S3_COMPAT_ENDPOINT); .ci/run
// starts Ceph RGW for them with scripts/rgw.sh. The file fails at once without the endpoint.
export default defineConfig({
  test: {
    include: ['test/compat/**/*.test.ts'],
    testTimeout: 180_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
