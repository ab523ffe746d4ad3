// ESLint flat config: typescript-eslint's recommended rules, tuned to the code's style, plus the import rules
// that keep the layers apart (the per-folder tsconfig.json files enforce the same layers through types).
import { builtinModules } from 'node:module';
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';

const nodeBuiltins = {
  group: ['node:*', ...builtinModules],
  message: 'runs in the browser: no Node built-ins here.',
};
const vscodeApi = { name: 'vscode', message: 'only src/extension may use the VS Code API.' };
const onnxRuntime = {
  name: 'onnxruntime-node',
  message: 'native code: it loads in the extension host and the CLI, never here.',
};

// The globals of the Node running ESLint, for the plain .mjs/.js scripts and e2e tests.
const nodeGlobals = Object.fromEntries(Object.getOwnPropertyNames(globalThis).map((name) => [name, 'readonly']));
const commonJsGlobals = { require: 'readonly', module: 'writable', exports: 'writable', __dirname: 'readonly' };

const restrictImports = (options) => ({ '@typescript-eslint/no-restricted-imports': ['error', options] });

export default defineConfig(
  { ignores: ['dist/', 'out/', '.tools/', 'bench-out/', 'test-artifacts/', 'models/', 'training/', '**/fixtures/'] },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    languageOptions: { globals: nodeGlobals },
    rules: {
      // `_name` marks a value kept for its position (`for await (const _ of steps)`) or left out of a rest.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  // Prettier wraps code at 120 columns but leaves long strings, template literals and comments alone: this catches
  // those. A URL may run past the limit rather than be split. (max-len is deprecated in ESLint core, kept until 11.)
  {
    files: ['**/*.ts', '**/*.mjs'],
    rules: { 'max-len': ['error', { code: 120, ignoreUrls: true }] },
  },
  { files: ['**/*.js', '**/*.cjs'], languageOptions: { sourceType: 'commonjs', globals: commonJsGlobals } },
  {
    files: ['**/*.js', '**/*.cjs', '**/*.mjs'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  // Callbacks the e2e tests hand to Playwright run in the page.
  {
    files: ['test/e2e/**/*.mjs'],
    languageOptions: { globals: { document: 'readonly', window: 'readonly', getComputedStyle: 'readonly' } },
  },
  // Layering. Tests run under node:test, so they may use Node built-ins wherever they sit.
  {
    files: ['src/core/**/*.ts', 'src/debug/**/*.ts', 'src/cli/**/*.ts', 'src/bench/**/*.ts'],
    rules: restrictImports({
      paths: [vscodeApi],
      patterns: [
        { group: ['**/extension/*', '**/webview/*'], message: 'the core, debugger and CLI stand below the UI.' },
      ],
    }),
  },
  {
    files: ['src/shared/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: restrictImports({
      paths: [vscodeApi, onnxRuntime],
      patterns: [
        { ...nodeBuiltins, message: 'the host-webview contract runs on both sides: no Node built-ins.' },
        { group: ['**/webview/*', '**/extension/*'], message: 'the contract stands below both of its sides.' },
        { group: ['**/core/*'], allowTypeImports: true, message: 'the webview loads this: only types from src/core.' },
      ],
    }),
  },
  {
    files: ['webview/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: restrictImports({
      paths: [vscodeApi, onnxRuntime],
      patterns: [
        nodeBuiltins,
        { group: ['**/src/extension/*'], message: 'talk to the host through src/shared/protocol.ts.' },
        {
          // finiteState is one pure predicate without imports: the panel and the debugger must agree on it;
          // reportFigures words and draws a report, pure and with type imports only, as report.html does.
          group: ['**/src/core/*', '!**/src/core/finiteState', '!**/src/core/reportFigures'],
          allowTypeImports: true,
          message: 'import only types from src/core (`import type`): the parser stays out of the webview bundle.',
        },
      ],
    }),
  },
);
