'use strict';
// The rules the code already follows: ESLint's recommended set for CommonJS on Node, plus the browser globals of
// the Node-RED editor inside the tests' page.evaluate callbacks.

const js = require('@eslint/js');
const globals = require('globals');

module.exports = [
  {
    ignores: ['node_modules/', 'target/', 'native/', 'fuzz/target/', 'bench/node_modules/', 'bench/raw_verify/target/', '.demo/', '.tmp/', 'npm/*/*.node'],
  },
  js.configs.recommended,
  {
    files: ['**/*.js'],
    languageOptions: {
      ecmaVersion: 2023,
      sourceType: 'commonjs',
      globals: { ...globals.node },
    },
    rules: {
      'no-unused-vars': ['error', { args: 'none', caughtErrors: 'none' }],
      'no-empty': ['error', { allowEmptyCatch: true }],
      // Usernames and header values are checked for control characters on purpose.
      'no-control-regex': 'off',
    },
  },
  {
    files: ['**/*.mjs'],
    languageOptions: { sourceType: 'module', globals: { ...globals.node } },
  },
  {
    // Callbacks that run inside the browser page (playwright's page.evaluate / waitForFunction).
    files: ['__test__/**/*.js', 'scripts/screenshots.js'],
    languageOptions: { globals: { ...globals.node, window: 'readonly', document: 'readonly', localStorage: 'readonly', RED: 'readonly', $: 'readonly' } },
  },
];
