// @ts-check
/** `npm run test:reliability`: fault injection (a killed postmaster, an exhausted pool, SIGTERM under load) and the seeded fuzz. */
const { projects, ...base } = require('./jest.config');

/** The integration project's settings (transform, the database's global setup and teardown), one file at a time. */
const integration = /** @type {import('jest').Config} */ (projects?.find((p) => typeof p === 'object' && p.displayName === 'integration'));

/** @type {import('jest').Config} */
module.exports = {
  ...base,
  ...integration,
  displayName: 'reliability',
  testMatch: ['<rootDir>/test/reliability/**/*.test.ts'],
  testTimeout: 180_000,
  maxWorkers: 1,
};
