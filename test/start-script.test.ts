import { describe, expect, it } from 'vitest';
import { flagValue, migrationSummary, planStart, varNames } from '../scripts/lib/start-plan';

describe('npm start: the flags for wrangler dev', () => {
  it('adds the port and the development vars when none are given', () => {
    expect(planStart([])).toEqual({
      devArgs: ['dev', '--port', '8787', '--var', 'ENVIRONMENT:development', '--var', 'DEBUG_METRICS:1', '--var', 'IP_HASH_SECRET:local-development-only', '--var', 'ADMIN_EMAILS:organiser@example.org'],
      port: 8787,
      origin: 'http://localhost:8787',
      persistTo: undefined,
    });
  });

  it('passes the user\'s --port on instead of adding a second one', () => {
    for (const args of [['--port', '8799'], ['--port=8799']]) {
      const plan = planStart(args);
      expect(plan.devArgs).toEqual(['dev', '--var', 'ENVIRONMENT:development', '--var', 'DEBUG_METRICS:1', '--var', 'IP_HASH_SECRET:local-development-only', '--var', 'ADMIN_EMAILS:organiser@example.org', ...args]);
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
    expect(planStart(['--var', 'ENVIRONMENT:production']).devArgs).toEqual(['dev', '--port', '8787', '--var', 'DEBUG_METRICS:1', ...secret, '--var', 'ENVIRONMENT:production']);
    expect(planStart(['--var', 'MAIL_FROM:a@example.org', 'DEBUG_METRICS:0']).devArgs).toEqual(['dev', '--port', '8787', '--var', 'ENVIRONMENT:development', ...secret, '--var', 'MAIL_FROM:a@example.org', 'DEBUG_METRICS:0']);
    expect(planStart(['--var', 'IP_HASH_SECRET:mine']).devArgs).toEqual(['dev', '--port', '8787', '--var', 'ENVIRONMENT:development', '--var', 'DEBUG_METRICS:1', '--var', 'ADMIN_EMAILS:organiser@example.org', '--var', 'IP_HASH_SECRET:mine']);
    expect([...varNames(['--var=ENVIRONMENT:x', '--ip', 'DEBUG_METRICS:1'])]).toEqual(['ENVIRONMENT']);
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
