// Unit tests: every *.test.ts beside the code it tests (the numbered conformance tests run under ./check, not here).

import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'common/**/*.test.ts', 'bin/**/*.test.mts', 'scripts/**/*.test.ts'],
    exclude: ['node_modules/**', 'dist/**', 'scratch/**'],
  },
});
