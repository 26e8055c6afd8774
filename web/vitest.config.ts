import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';

export default defineConfig({
  plugins: [react()],
  test: {
    name: 'web',
    environment: 'jsdom',
    include: ['src/**/*.test.{ts,tsx}'],
    setupFiles: ['src/test/setup.ts'],
    restoreMocks: true,
    // One jsdom and one module graph for every file: starting jsdom per file costs more than
    // the tests. Each test renders its own providers and router, so nothing leaks between them.
    isolate: false,
    pool: 'threads',
  },
});
