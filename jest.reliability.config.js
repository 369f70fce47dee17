// @ts-check
/** `npm run test:reliability`: fault injection (a killed postmaster, an exhausted pool, SIGTERM under load) and the seeded fuzz. */
const base = require('./jest.config');

/** @type {import('jest').Config} */
module.exports = {
  ...base,
  testMatch: ['<rootDir>/test/reliability/**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/'],
  testTimeout: 180_000,
  maxWorkers: 1,
};
