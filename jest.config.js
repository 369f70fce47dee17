// @ts-check
/** SWC compiles the TypeScript with legacy decorators and their metadata (type-graphql, MikroORM). */
const swc = {
  jsc: {
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
    target: 'es2022',
  },
  module: { type: 'commonjs' },
  sourceMaps: 'inline',
};

/** What every project shares. */
const common = {
  rootDir: __dirname,
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': ['@swc/jest', swc] },
  setupFiles: ['reflect-metadata'],
  testTimeout: 60_000,
};

/**
 * Two projects, run together by `jest` (`npm test`), or one at a time:
 * - `unit` (`npm run test:unit`): pure code under test/unit; starts no database, so a file
 *   there must not need one (one that does belongs in test/integration).
 * - `integration` (`jest --selectProjects integration`): the API against a throw-away embedded
 *   PostgreSQL (or DATABASE_URL), which the global setup starts and migrates once, and only
 *   when a file of this project runs.
 * Fault injection and the fuzz run on their own: `npm run test:reliability` (jest.reliability.config.js).
 * @type {import('jest').Config}
 */
module.exports = {
  maxWorkers: 2,
  // Also at the top: a project's own testTimeout is not applied to every hook in a multi-project run.
  testTimeout: 60_000,
  projects: [
    {
      ...common,
      displayName: 'unit',
      testMatch: ['<rootDir>/test/unit/**/*.test.ts'],
    },
    {
      ...common,
      displayName: 'integration',
      testMatch: ['<rootDir>/test/integration/**/*.test.ts'],
      globalSetup: '<rootDir>/test/support/global-setup.ts',
      globalTeardown: '<rootDir>/test/support/global-teardown.ts',
    },
  ],
};
