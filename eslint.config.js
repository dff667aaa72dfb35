import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// Layering (STYLE.md §1): renderer → (API contract) → main → projects → engine.
const nodeBuiltins = ['fs', 'path', 'os', 'child_process', 'worker_threads', 'net', 'http', 'crypto', 'url', 'stream'];
const nodeModules = nodeBuiltins.flatMap((m) => [m, `node:${m}`, `node:${m}/*`]);

export default tseslint.config(
  { ignores: ['out/**', 'node_modules/**', 'test-results/**', '.tmp-*/**', '**/*.mjs', '**/*.cjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['engine/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: ['electron', 'sqlite3', 'react', 'react-dom', 'ws', ...nodeModules],
          patterns: [
            { group: ['**/projects/**', '**/main/**', '**/renderer/**'], message: 'engine/ imports nothing from the app layers.' },
            { group: ['@tensorflow/tfjs-node', '@tensorflow/tfjs-backend-*'], message: 'Only engine/backend/selectBackend.ts touches TensorFlow.js backends.' },
          ],
        },
      ],
    },
  },
  {
    files: ['engine/backend/selectBackend.ts'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    files: ['projects/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: ['electron', 'react', 'react-dom'],
          patterns: [{ group: ['**/main/**', '**/renderer/**'], message: 'projects/ may import engine/ only.' }],
        },
      ],
    },
  },
  {
    files: ['main/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: ['react', 'react-dom'], patterns: [{ group: ['**/renderer/**'], message: 'main/ never imports the renderer.' }] },
      ],
    },
  },
  {
    files: ['renderer/**/*.ts', 'renderer/**/*.tsx'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: ['electron', 'sqlite3', 'ws', '@tensorflow/tfjs', ...nodeModules],
          patterns: [
            { regex: '(^|/)projects(/|$)', message: 'The renderer reaches projects only through the API contract.' },
            { regex: '(^|/)main/(?!api/contract$)', message: 'The renderer imports only main/api/contract from main/.' },
            {
              regex: '(^|/)engine/(?!diagram/|compiler/|data/dataset$|train/algorithm$|likelihood/estimate$)',
              message: 'The renderer imports only the pure diagram and compiler code from engine/.',
            },
          ],
        },
      ],
    },
  },
);
