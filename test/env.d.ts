declare namespace Cloudflare {
  interface Env {
    TEST_MIGRATIONS: import('cloudflare:test').D1Migration[];
    IP_HASH_SECRET?: string;
    RESEND_WEBHOOK_SECRET?: string;
  }
}

// Vite's import.meta.glob, as the source-scanning tests use it (raw text, eager), and as
// the message-file check reads JSON (parsed, eager).
interface ImportMeta {
  glob(patterns: string | string[], options: { query?: '?raw'; import: 'default'; eager: true }): Record<string, unknown>;
}
