// @ts-check
import eslint from '@eslint/js';
import tseslint from 'typescript-eslint';

/** What only a worker may load: the ONNX runtime, the tokenizer library and the code around them. */
const MODEL_RUNTIME = [
  {
    group: ['onnxruntime-node', 'onnxruntime-node/*', 'onnxruntime-common'],
    message: 'The gateway loads no model: ONNX runs belong to apps/worker.',
  },
  { group: ['@huggingface/*'], message: 'The gateway loads no model: tokenizing belongs to apps/worker.' },
  {
    regex: '^@rerank/scoring$',
    message: 'The main entry of @rerank/scoring loads onnxruntime-node and transformers.js; the gateway imports @rerank/scoring/ranking.',
  },
  { regex: 'libs/scoring/src/(?!ranking)', message: 'The gateway imports scoring only through @rerank/scoring/ranking.' },
];
/** Another app's sources, by any relative path (`../../worker/src/…`) or from the root (`apps/worker/src/…`). */
const OTHER_APP = (app) => ({ regex: `(^|/)${app}/src(/|$)`, message: 'Apps do not import each other: shared code goes in libs/.' });
const ANY_APP = { regex: '(^|/)apps/', message: 'Libraries do not import apps: move what both need into libs/.' };

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '.cache/**', 'coverage/**', 'models/**', 'data/**', '**/*.js', '**/*.mjs'] },
  eslint.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      // A queue service lives on promises: one left floating loses its error and its ordering.
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      // Async methods that implement an async interface over a synchronous engine (SQLite) are meant.
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/only-throw-error': [
        'error',
        {
          // Rethrowing what a catch or a pipeline reply handed over is fine.
          allowThrowingAny: true,
          allowThrowingUnknown: true,
        },
      ],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      // Nest's HttpStatus is a numeric enum that HTTP statuses (plain numbers) are compared with everywhere.
      '@typescript-eslint/no-unsafe-enum-comparison': 'off',
    },
  },
  {
    // Tests read HTTP and job bodies as `any` on purpose: the assertions are the type check.
    files: ['test/**/*.ts', '**/*.spec.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-explicit-any': 'off',
    },
  },
  { files: ['apps/gateway/**/*.ts'], rules: { 'no-restricted-imports': ['error', { patterns: [...MODEL_RUNTIME, OTHER_APP('worker')] }] } },
  { files: ['apps/worker/**/*.ts'], rules: { 'no-restricted-imports': ['error', { patterns: [OTHER_APP('gateway')] }] } },
  { files: ['libs/**/*.ts'], rules: { 'no-restricted-imports': ['error', { patterns: [ANY_APP] }] } },
);
