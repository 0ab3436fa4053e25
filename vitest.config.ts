import { defineConfig } from 'vitest/config';

const conditions = ['@chatbuddy/source', 'node', 'import', 'module', 'default'];
// Vitest passes the SSR conditions to Node as --conditions; with `import` among them, CommonJS
// packages that require() a dual package (pg → pg-pool) get its ESM build and break.
const nodeConditions = ['@chatbuddy/source', 'node', 'development|production'];

export default defineConfig({
  resolve: { conditions },
  ssr: { resolve: { conditions: nodeConditions, externalConditions: ['@chatbuddy/source'] } },
  test: {
    reporters: ['default'],
    // expect.poll's default second is shorter than a first answer from a real server (its first
    // search, a browser's rendering) on a 2-core machine running the whole suite at once.
    expect: { poll: { timeout: 15_000 } },
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['packages/*/src/**/*.test.ts'],
          exclude: ['**/*.int.test.ts', '**/node_modules/**', '**/dist/**'],
          // Unit suites start PGlite too; vitest's 10 s default fails them on a loaded 2-core machine.
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['packages/*/src/**/*.int.test.ts'],
          exclude: ['**/node_modules/**', '**/dist/**'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
