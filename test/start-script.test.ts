import { describe, expect, it } from 'vitest';
import demoFile from '../campaigns/zhanaozen-solidarity.json';
import { fileHash } from '../scripts/lib/campaign-sync-rules';
import { cronFires, cronsOf, untilNextMinute } from '../scripts/lib/cron-schedule';
import { DevOutputFilter } from '../scripts/lib/dev-output';
import { demoStep } from '../scripts/lib/demo-step';
import { flagValue, migrationSummary, planStart, varNames } from '../scripts/lib/start-plan';
import { parseCampaignFile } from '../src/schemas/campaign-file';

describe('npm start: the flags for wrangler dev', () => {
  it('adds the port and the development vars when none are given', () => {
    expect(planStart([])).toEqual({
      devArgs: ['dev', '--test-scheduled', '--port', '8787', '--var', 'ENVIRONMENT:development', '--var', 'DEBUG_METRICS:1', '--var', 'IP_HASH_SECRET:local-development-only', '--var', 'ADMIN_EMAILS:organiser@example.org'],
      port: 8787,
      origin: 'http://localhost:8787',
      persistTo: undefined,
      force: false,
    });
  });

  it('passes the user\'s --port on instead of adding a second one', () => {
    for (const args of [['--port', '8799'], ['--port=8799']]) {
      const plan = planStart(args);
      expect(plan.devArgs).toEqual(['dev', '--test-scheduled', '--var', 'ENVIRONMENT:development', '--var', 'DEBUG_METRICS:1', '--var', 'IP_HASH_SECRET:local-development-only', '--var', 'ADMIN_EMAILS:organiser@example.org', ...args]);
      expect(plan.devArgs.filter((a) => a.startsWith('--port'))).toHaveLength(1);
      expect(plan.origin).toBe('http://localhost:8799');
    }
  });

  it('keeps --persist-to for the migrations and the push, and still passes it to wrangler dev', () => {
    const plan = planStart(['--persist-to', '/tmp/x', '--port', '8798']);
    expect(plan.persistTo).toBe('/tmp/x');
    expect(plan.devArgs.slice(-4)).toEqual(['--persist-to', '/tmp/x', '--port', '8798']);
    expect(planStart(['--persist-to=/tmp/y']).persistTo).toBe('/tmp/y');
  });

  it('adds only the vars the user did not set, whichever way they wrote them', () => {
    const secret = ['--var', 'IP_HASH_SECRET:local-development-only', '--var', 'ADMIN_EMAILS:organiser@example.org'];
    expect(planStart(['--var', 'ENVIRONMENT:production']).devArgs).toEqual(['dev', '--test-scheduled', '--port', '8787', '--var', 'DEBUG_METRICS:1', ...secret, '--var', 'ENVIRONMENT:production']);
    expect(planStart(['--var', 'MAIL_FROM:a@example.org', 'DEBUG_METRICS:0']).devArgs).toEqual(['dev', '--test-scheduled', '--port', '8787', '--var', 'ENVIRONMENT:development', ...secret, '--var', 'MAIL_FROM:a@example.org', 'DEBUG_METRICS:0']);
    expect(planStart(['--var', 'IP_HASH_SECRET:mine']).devArgs).toEqual(['dev', '--test-scheduled', '--port', '8787', '--var', 'ENVIRONMENT:development', '--var', 'DEBUG_METRICS:1', '--var', 'ADMIN_EMAILS:organiser@example.org', '--var', 'IP_HASH_SECRET:mine']);
    expect([...varNames(['--var=ENVIRONMENT:x', '--ip', 'DEBUG_METRICS:1'])]).toEqual(['ENVIRONMENT']);
  });

  it('takes --force for itself (the demo push) and never passes it to wrangler dev', () => {
    const plan = planStart(['--port', '8799', '--force']);
    expect(plan.force).toBe(true);
    expect(plan.devArgs).not.toContain('--force');
    expect(planStart([]).force).toBe(false);
  });

  it('prints the address the user asked for: --ip, or localhost for every interface, and https', () => {
    expect(planStart(['--ip', '0.0.0.0', '--port', '8790']).origin).toBe('http://localhost:8790');
    expect(planStart(['--ip', '127.0.0.1']).origin).toBe('http://127.0.0.1:8787');
    expect(planStart(['--ip', '::1']).origin).toBe('http://[::1]:8787');
    expect(planStart(['--local-protocol', 'https']).origin).toBe('https://localhost:8787');
  });

  it('refuses a --port that is not a port number, saying so', () => {
    expect(() => planStart(['--port', 'abc'])).toThrow('--port takes a port number from 1 to 65535, such as --port 8799 (got "abc").');
    expect(() => planStart(['--port'])).toThrow('(got "").');
    expect(() => planStart(['--port', '70000'])).toThrow('(got "70000").');
    expect(flagValue(['--port', '--ip', 'x'], 'port')).toBe('');
  });
});

describe('npm start: what it says about the migrations', () => {
  const frame = (names: string[], done: number) =>
    ['┌──────┬────────┐', ...names.map((n, i) => `│ ${n} │ ${i < done ? '✅' : '🕒'}     │`), '└──────┴────────┘'].join('\n');
  const names = ['0001_baseline.sql', '0002_add_x.sql'];

  it('counts the migrations applied, once each although wrangler redraws its table', () => {
    const out = `Migrations to be applied:\n│ name │\n${names.map((n) => `│ ${n} │`).join('\n')}\n${frame(names, 1)}\n${frame(names, 2)}`;
    expect(migrationSummary(out)).toBe('2 migrations applied');
    expect(migrationSummary(frame(names.slice(0, 1), 1))).toBe('1 migration applied');
  });

  it('says "up to date" when there was nothing to apply', () => {
    expect(migrationSummary('Resource location: local\n\n✅ No migrations to apply!\n')).toBe('up to date');
  });
});

describe('npm start: the crons on their schedule', () => {
  const toml = String(Object.values(import.meta.glob('../wrangler.toml', { query: '?raw', import: 'default', eager: true }))[0]);

  it('reads the crons of wrangler.toml', () => {
    expect(cronsOf(toml)).toEqual(['* * * * *', '17 3 * * *']);
  });

  it('fires the minute cron every minute and the privacy sweep at 03:17 UTC only', () => {
    const at = (iso: string) => new Date(iso);
    expect(cronFires('* * * * *', at('2026-12-07T14:05:00Z'))).toBe(true);
    expect(cronFires('17 3 * * *', at('2026-12-07T03:17:00Z'))).toBe(true);
    expect(cronFires('17 3 * * *', at('2026-12-07T03:18:00Z'))).toBe(false);
    expect(cronFires('17 3 * * *', at('2026-12-07T04:17:00Z'))).toBe(false);
  });

  it('reads steps, ranges, lists and days of the week as cron does', () => {
    const at = new Date('2026-12-06T10:30:00Z'); // a Sunday
    expect(cronFires('*/15 * * * *', at)).toBe(true);
    expect(cronFires('*/20 * * * *', at)).toBe(false);
    expect(cronFires('0,30 9-11 * * *', at)).toBe(true);
    expect(cronFires('30 10 * * 7', at)).toBe(true);
    expect(cronFires('30 10 * * 1-5', at)).toBe(false);
    expect(cronFires('30 10 1 * 0', at)).toBe(true); // day of month or of week
    expect(() => cronFires('* * * *', at)).toThrow('does not have five fields');
  });

  it('waits until the start of the next minute', () => {
    expect(untilNextMinute(Date.parse('2026-12-07T14:05:59.250Z'))).toBe(750);
    expect(untilNextMinute(Date.parse('2026-12-07T14:06:00.000Z'))).toBe(60_000);
  });
});

describe('npm start: what it shows of wrangler dev', () => {
  const shown = (lines: string[]) => {
    const filter = new DevOutputFilter();
    return lines.map((l) => filter.line(l)).filter((l) => l !== null);
  };

  it('leaves out the bindings table, the build, the offline Request.cf lookup and the cron runs, and keeps errors', () => {
    expect(shown([
      'Your Worker has access to the following bindings:',
      'Binding                                   Resource                  Mode',
      'env.DB (solidarity)                       D1 Database               local',
      '',
      '[custom build] public/widget.js: 6317 B, 3060 B gzipped (budget 3072 B)',
      '[wrangler:warn] Unable to fetch the `Request.cf` object! Falling back to a default placeholder...',
      'Error: getaddrinfo EAI_AGAIN workers.cloudflare.com',
      '    at GetAddrInfoReqWrap.onlookupall [as oncomplete] (node:dns:122:26)',
      'outbox: cron run {',
      '  digests: 0,',
      '  drained: { claimed: 0, sent: 0, retried: 0, dead: 0 }',
      '}',
      '[wrangler:info] GET /__scheduled 200 OK (12ms)',
      '[wrangler:info] GET /c/zhanaozen-solidarity 200 OK (31ms)',
      '[wrangler:info] POST /c/zhanaozen-solidarity/sign 500 Internal Server Error (40ms)',
      'unexpected error { requestId: "abc" } Error: D1_ERROR: no such table: x',
    ])).toEqual([
      '[wrangler:info] POST /c/zhanaozen-solidarity/sign 500 Internal Server Error (40ms)',
      'unexpected error { requestId: "abc" } Error: D1_ERROR: no such table: x',
    ]);
  });
});

describe('npm start: the demo campaign after the dashboard was used', () => {
  const file = parseCampaignFile(demoFile);
  const hash = fileHash(file);
  const path = 'campaigns/zhanaozen-solidarity.json';
  const web = (f: typeof file) => ({ file: f, sourceHash: `web:${'a'.repeat(64)}` });

  it('pushes into a database without the campaign, and with --force', () => {
    expect(demoStep({ path, file, hash, stored: null, last: null, force: false })).toEqual({ push: true, force: false });
    expect(demoStep({ path, file, hash, stored: web({ ...file, goal: 5 }), last: 'old', force: true })).toEqual({ push: true, force: true });
  });

  it('leaves browser edits alone when the file did not change since its last push, saying so', () => {
    expect(demoStep({ path, file, hash, stored: web({ ...file, title: 'Edited' }), last: hash, force: false })).toEqual({
      push: false, say: `${path} is unchanged since its last push; the edits made in the browser are kept.`,
    });
    expect(demoStep({ path, file, hash, stored: { file, sourceHash: hash }, last: hash, force: false })).toEqual({ push: false, say: 'unchanged' });
  });

  it('pushes a changed file when nobody edited in the browser, and skips it (never refuses) when someone did', () => {
    const before = { ...file, goal: 1 };
    expect(demoStep({ path, file, hash, stored: { file: before, sourceHash: fileHash(before) }, last: fileHash(before), force: false })).toEqual({ push: true, force: false });
    expect(demoStep({ path, file, hash, stored: web({ ...file, title: 'Edited' }), last: 'older', force: false })).toEqual({
      push: false,
      say: `${path} changed since its last push, and the campaign was edited in the browser too (title differ): the browser's version is kept and the file was not pushed.\n    To push the file over it:  npm start -- --force`,
    });
  });
});
