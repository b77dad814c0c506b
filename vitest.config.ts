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
          // The webhook secret is the example from Svix's documentation (whsec_ + base64).
          bindings: { TEST_MIGRATIONS: migrations, ENVIRONMENT: 'development', IP_HASH_SECRET: 'test-secret', ADMIN_EMAILS: 'admin@example.org', RESEND_WEBHOOK_SECRET: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
            // The operator's command-line token (43 URL-safe characters, like every token here).
            ADMIN_TOKEN: 'test-admin-token-0123456789abcdefghijklmnop' },
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
