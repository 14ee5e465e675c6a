/** `npm run test:browser`: the web pages in a real Chromium (test/browser), on the app listening on loopback. */
const base = require('./jest.config');

module.exports = {
  ...base,
  testMatch: ['<rootDir>/test/browser/**/*.browser-spec.ts'],
  testPathIgnorePatterns: ['/node_modules/'],
  // One browser and one app at a time: the steps of a flow depend on each other.
  maxWorkers: 1,
  testTimeout: 120000,
};
