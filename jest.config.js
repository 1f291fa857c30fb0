/** Jest runs TypeScript through @swc/jest (fast); `npm test` type-checks with tsc first. */
const swc = ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } }];
const common = { transform: { '^.+\\.ts$': swc }, testEnvironment: 'node', moduleFileExtensions: ['ts', 'js', 'json'], testTimeout: 30000 };
module.exports = {
  projects: [
    // Pure and HTTP tests; also run under a second time zone because fhirpath date logic depends on it.
    { ...common, displayName: 'core', testMatch: ['<rootDir>/test/**/*.test.ts'], testPathIgnorePatterns: ['/test/browser/'] },
    // Headless Chromium tests (playwright-core + Debian chromium).
    { ...common, displayName: 'browser', testMatch: ['<rootDir>/test/browser/**/*.test.ts'] },
  ],
};
