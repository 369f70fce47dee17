// @ts-check
/**
 * `npm run test:ops`: operations tests that start real PostgreSQL clusters from the system's
 * server binaries (Debian's postgresql-15, or PG_BIN): a primary and a streaming standby
 * (test/ops/read-replica.test.ts). Apart from `npm test` because they need those binaries,
 * which the embedded server used everywhere else does not; they bring their own clusters,
 * so no global setup.
 */
const { projects, ...base } = require('./jest.config');

/** The unit project's transform and setup files (no database global setup). */
const unit = /** @type {import('jest').Config} */ (projects?.find((p) => typeof p === 'object' && p.displayName === 'unit'));

/** @type {import('jest').Config} */
module.exports = {
  ...base,
  ...unit,
  displayName: 'ops',
  testMatch: ['<rootDir>/test/ops/**/*.test.ts'],
  testTimeout: 120_000,
  maxWorkers: 1,
};
