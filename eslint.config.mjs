// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', '.data/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      ecmaVersion: 2022,
      sourceType: 'module',
    },
    rules: {
      // GraphQL payloads and test helpers are untyped JSON by nature.
      '@typescript-eslint/no-explicit-any': 'off',
      // A warning, not a failure: an unused import is untidy, not wrong (tsc checks the rest).
      '@typescript-eslint/no-unused-vars': [
        'warn',
        {
          argsIgnorePattern: '^_',
          varsIgnorePattern: '^_',
          caughtErrorsIgnorePattern: '^_',
          destructuredArrayIgnorePattern: '^_',
          ignoreRestSiblings: true,
        },
      ],
      // Nest modules and marker classes are legitimately empty.
      '@typescript-eslint/no-extraneous-class': 'off',
      // Migrations and the TypeORM registry list classes as Function.
      '@typescript-eslint/no-unsafe-function-type': 'off',
    },
  },
  {
    // One clock (issue 10): a business date read from the wall clock makes the suite pass on some
    // days and fail on others. Durations use performance.now(); dates come from Clock.
    files: ['src/**/*.ts'],
    ignores: ['src/clock/clock.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "NewExpression[callee.name='Date'][arguments.length=0]",
          message: 'Ask the injected Clock (src/clock/clock.ts) for now() or today().',
        },
        {
          selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']",
          message: 'Ask the injected Clock for now(); time a duration with performance.now().',
        },
      ],
    },
  },
  {
    // Plain Node scripts (jest configs, the CI helpers).
    files: ['**/*.js', '**/*.cjs'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: {
        module: 'writable',
        require: 'readonly',
        process: 'readonly',
        __dirname: 'readonly',
        console: 'readonly',
      },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
