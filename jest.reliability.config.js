/** `npm run test:reliability`: fault injection, concurrency, fuzzing, backup/restore (test/reliability), on real Postgres. */
const base = require('./jest.config');

module.exports = {
  ...base,
  testMatch: ['<rootDir>/test/reliability/**/*.e2e-spec.ts'],
  testPathIgnorePatterns: ['/node_modules/'],
  // Its own embedded Postgres and upload folder, so it can run beside `npm test` and stop its servers at will.
  globalSetup: '<rootDir>/test/reliability/setup/global-setup.ts',
  globalTeardown: '<rootDir>/test/reliability/setup/global-teardown.ts',
  setupFiles: [...base.setupFiles, '<rootDir>/test/reliability/setup/reliability-env.ts'],
  testTimeout: 240000,
};
