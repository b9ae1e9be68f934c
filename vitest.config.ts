import { defineConfig } from 'vitest/config';

export default defineConfig({
  plugins: [
    {
      // Same as esbuild's text loader in scripts/build-electron.mjs.
      name: 'sql-text',
      transform(code, id) {
        if (id.endsWith('.sql')) return { code: `export default ${JSON.stringify(code)};`, map: null };
        return null;
      },
    },
  ],
  test: {
    include: ['tests/unit/**/*.test.ts', 'tests/integration/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    globalSetup: ['tests/support/build.ts', 'tests/support/pg-global-setup.ts'],
  },
});
