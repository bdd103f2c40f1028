/** Fast unit tests only: no database, no global setup. `npm run test:unit`. */
const base = require('./jest.config');
module.exports = {
  ...base,
  testMatch: ['<rootDir>/test/unit/**/*.spec.ts'],
  globalSetup: undefined,
  globalTeardown: undefined,
};
