/** Unit tests live beside the code (src/**\/*.spec.ts); HTTP tests in test/ (*.e2e-spec.ts). Both run on real Postgres. */
const tsJest = [
  'ts-jest',
  {
    tsconfig: 'tsconfig.json',
    // TS151002: ts-jest's note on module "nodenext"; this package is CommonJS, so output is CommonJS throughout.
    diagnostics: { ignoreCodes: [151002] },
    // The Swagger CLI plugin adds DTO metadata at compile time; tests must see the same OpenAPI document.
    astTransformers: {
      before: ['<rootDir>/test/setup/swagger-plugin-transformer.js'],
    },
  },
];

module.exports = {
  rootDir: '.',
  moduleFileExtensions: ['js', 'json', 'ts'],
  testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/test/**/*.e2e-spec.ts'],
  // The slow fault, concurrency and fuzz tests run apart: npm run test:reliability (jest.reliability.config.js);
  // the browser tests too: npm run test:browser (jest.browser.config.js).
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/reliability/', '<rootDir>/test/browser/'],
  transform: { '^.+\\.ts$': tsJest },
  testEnvironment: 'node',
  globalSetup: '<rootDir>/test/setup/global-setup.ts',
  globalTeardown: '<rootDir>/test/setup/global-teardown.ts',
  setupFiles: ['<rootDir>/test/setup/test-env.ts'],
  maxWorkers: 2,
  testTimeout: 30000,
};
