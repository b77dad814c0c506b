import path from 'node:path';
import { cloudflareTest, readD1Migrations } from '@cloudflare/vitest-pool-workers';
import { defineConfig } from 'vitest/config';

export default defineConfig(async () => {
  const migrations = await readD1Migrations(path.join(import.meta.dirname, 'migrations'));
  return {
    plugins: [
      cloudflareTest({
        main: './src/index.ts',
        wrangler: { configPath: './wrangler.toml' },
        miniflare: {
          // Tests run as local development (dev mailbox on) unless a test says otherwise.
          bindings: { TEST_MIGRATIONS: migrations, ENVIRONMENT: 'development', IP_HASH_SECRET: 'test-secret' },
        },
      }),
    ],
    test: {
      include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
      exclude: ['test/browser/**', 'test/node/**'],
      setupFiles: ['./test/setup.ts'],
      // A fake Resend in Node (the network edge); tests reach it over HTTP.
      globalSetup: ['./test/fake-resend/global-setup.ts'],
    },
  };
});
