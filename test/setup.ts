import { applyD1Migrations, env } from 'cloudflare:test';
import { afterEach } from 'vitest';
import { limitedD1 } from './limits/d1';
import { countGlobals } from './limits/globals';
import { forgetInvocations, settleInvocations, takeViolations } from './limits/invocation';
import { resetProfile } from './limits/profiles';

// Setup files run outside per-file storage isolation; applying is idempotent.
await applyD1Migrations(env.DB, env.TEST_MIGRATIONS);

// The platform's limits in every test (docs/testing.md): the tests' own D1 calls are held to
// D1's per-statement limits too (they are not invocations, so not counted), and requests and
// crons through test/limits/worker.ts are counted one invocation each.
env.DB = limitedD1(env.DB);
countGlobals();

afterEach(async () => {
  const running = await settleInvocations();
  const crossed = takeViolations();
  forgetInvocations();
  resetProfile();
  if (crossed.length > 0) {
    throw new Error(`A limit of the platform was crossed:\n${crossed.map((v) => `  ${v.invocation}: ${v.message}`).join('\n')}`);
  }
  if (running > 0) console.warn(`${running} invocation task(s) still running after the test`);
});
