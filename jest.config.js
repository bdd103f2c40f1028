/** One Jest configuration: unit tests need no database; integration and e2e share one migrated
 * database prepared in globalSetup (DATABASE_URL when set, else an embedded PostgreSQL). */
module.exports = {
  rootDir: '.',
  testEnvironment: 'node',
  testMatch: ['<rootDir>/test/**/*.spec.ts'],
  transform: {
    '^.+\\.(ts|js)$': [
      '@swc/jest',
      {
        jsc: {
          parser: { syntax: 'typescript', decorators: true },
          transform: { legacyDecorator: true, decoratorMetadata: true },
          target: 'es2022',
          keepClassNames: true,
        },
        module: { type: 'commonjs' },
        sourceMaps: 'inline',
      },
    ],
  },
  // A few dependencies ship only ESM, or import() it (mercurius' cache); Jest's CommonJS runtime
  // needs them transformed.
  transformIgnorePatterns: ['/node_modules/(?!(content-disposition|quick-lru|mercurius)/)'],
  moduleFileExtensions: ['ts', 'js', 'json'],
  globalSetup: '<rootDir>/test/global-setup.ts',
  globalTeardown: '<rootDir>/test/global-teardown.ts',
  testTimeout: 30000,
};
