// End to end: `npm start` stands in for the deployed Worker, and the command line talks to it
// over its admin API with SOLIDARITY_TOKEN (`--url`), as it does to a deploy: the first campaign
// created with the ADMIN_TOKEN, pushed again, pulled, its tokens made, listed and revoked, its
// ledger verified; a campaign or token that does not exist is a sentence and exit code 1. Then
// the start script's cron: a throttled forward arrives a minute later without another request
// that could drain it. Run (in a network namespace of its own): npm run test:cli
import assert from 'node:assert/strict';
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { randomBytes } from 'node:crypto';
import * as v from 'valibot';

const PORT = Number(process.env.CLI_TEST_PORT ?? 8795);
const ORIGIN = `http://127.0.0.1:${PORT}`;
const ADMIN_TOKEN = randomBytes(32).toString('base64url');
const dir = mkdtempSync(join(tmpdir(), 'solidarity-cli-'));
const slug = `e2e-${Date.now().toString(36)}`;
const demo = JSON.parse(readFileSync('campaigns/zhanaozen-solidarity.json', 'utf8'));
const target = demo.targets[0];
const file = join(dir, `${slug}.json`);
// One message an hour a minute to each target: a second forward waits for the cron.
const campaign = { ...demo, slug, mail: { ...demo.mail, targetPerHour: 60 } };
writeFileSync(file, JSON.stringify(campaign, null, 2));

let app: ChildProcess;
let output = '';

before(async () => {
  app = spawn(process.execPath, ['--import', 'tsx', 'scripts/start.ts', '--persist-to', join(dir, 'state'), '--ip', '127.0.0.1', '--port', String(PORT),
    '--inspector-port', String(PORT + 1), '--var', `ADMIN_TOKEN:${ADMIN_TOKEN}`], { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  app.stdout?.on('data', (d) => (output += d));
  app.stderr?.on('data', (d) => (output += d));
  const deadline = Date.now() + 180_000;
  while (!output.includes('Ctrl-C stops it.')) {
    if (Date.now() > deadline || app.exitCode !== null) throw new Error(`npm start did not start:\n${output}`);
    await new Promise((r) => setTimeout(r, 250));
  }
});

after(async () => {
  if (app?.pid) process.kill(-app.pid, 'SIGTERM');
  await new Promise((r) => setTimeout(r, 1000));
  rmSync(dir, { recursive: true, force: true });
});

/** Runs `npm run campaign -- …args` with SOLIDARITY_TOKEN as given (absent when undefined). */
function cli(args: string[], token: string | undefined): { status: number | null; out: string; err: string } {
  const env = { ...process.env };
  delete env.SOLIDARITY_TOKEN;
  if (token !== undefined) env.SOLIDARITY_TOKEN = token;
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/campaign.ts', ...args], { env, encoding: 'utf8' });
  return { status: r.status, out: r.stdout, err: r.stderr };
}

const url = ['--url', ORIGIN];
let token = '';

test('npm start says what a person needs, not wrangler\'s tables', () => {
  assert.match(output, /Starting Solidarity locally\.\n {2}Browser scripts built/);
  assert.match(output, /zhanaozen-solidarity, 38 targets\) pushed to the local database in /);
  assert.match(output, new RegExp(`Solidarity is running at ${ORIGIN}\\n`));
  assert.match(output, /crons {10}\* \* \* \* \* and 17 3 \* \* \* \(UTC\)/);
  assert.doesNotMatch(output, /Your Worker has access|\[custom build\]|env\.DB|⛅️/);
});

test('push --url creates the first campaign with the ADMIN_TOKEN, and a second push changes nothing', () => {
  const first = cli(['push', file, ...url], ADMIN_TOKEN);
  assert.equal(first.err, '');
  assert.equal(first.status, 0);
  assert.equal(first.out, `Campaign “${demo.title}” (${slug}, ${demo.targets.length} targets) pushed to ${ORIGIN}.\n`);
  const again = cli(['push', file, ...url], ADMIN_TOKEN);
  assert.equal(again.out, `Campaign “${demo.title}” (${slug}, ${demo.targets.length} targets) is unchanged in ${ORIGIN}.\n`);
});

test('token --url makes a campaign token that pulls, lists and verifies the ledger', () => {
  const made = cli(['token', slug, '--label', 'e2e', '--scope', 'edit', ...url], ADMIN_TOKEN);
  assert.equal(made.status, 0, made.err);
  token = /^ {2}([A-Za-z0-9_-]{43})$/m.exec(made.out)?.[1] ?? '';
  assert.notEqual(token, '');
  const out = join(dir, 'pulled.json');
  const pulled = cli(['pull', slug, '--out', out, ...url], token);
  assert.equal(pulled.out, `Wrote ${out} from ${ORIGIN}.\n`);
  assert.equal(JSON.parse(readFileSync(out, 'utf8')).mail.targetPerHour, 60);
  const listed = cli(['tokens', slug, ...url], token);
  assert.match(listed.out, /^#\d+ {2}e2e {2}edit {2}made \d{4}-/m);
  const ledger = cli(['verify-ledger', slug, ...url], token);
  assert.equal(ledger.status, 0, ledger.err);
  assert.match(ledger.out, new RegExp(`^Delivery ledger of ${slug} in ${ORIGIN}: 0 leaves over 0 days, 0 sealed\\.`));
});

test('pull --url does not overwrite a file that differs, unless --force', () => {
  const mine = join(dir, 'mine.json');
  writeFileSync(mine, JSON.stringify({ ...campaign, title: 'My own edit' }, null, 2));
  const refused = cli(['pull', slug, '--out', mine, ...url], token);
  assert.equal(refused.status, 1);
  assert.match(refused.err, new RegExp(`^${mine} differs from the database's version in: title; it was not overwritten\\.`));
  assert.equal(JSON.parse(readFileSync(mine, 'utf8')).title, 'My own edit');
});

test('push --url refuses over an edit made in the browser, naming the field, and --force overwrites it', async () => {
  const res = await fetch(`${ORIGIN}/api/admin/campaigns/${slug}`, { headers: { authorization: `Bearer ${token}` } });
  const Obj = v.record(v.string(), v.unknown());
  const edited = { ...v.parse(Obj, await res.json()), summary: 'Edited in the browser' };
  const put = await fetch(`${ORIGIN}/api/admin/campaigns/${slug}`, { method: 'PUT', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(edited) });
  assert.equal(put.status, 200);
  writeFileSync(file, JSON.stringify({ ...campaign, goal: 4321 }, null, 2));
  const refused = cli(['push', file, ...url], token);
  assert.equal(refused.status, 1);
  assert.match(refused.err, new RegExp(`^Campaign ${slug} was edited in the browser since its last push; these fields differ from your file: goal, summary\\.`));
  assert.match(refused.err, new RegExp(`npm run campaign -- pull ${slug} --url ${ORIGIN}`));
  const forced = cli(['push', file, '--force', ...url], token);
  assert.equal(forced.status, 0, forced.err);
  const stored = v.parse(Obj, await (await fetch(`${ORIGIN}/api/admin/campaigns/${slug}`, { headers: { authorization: `Bearer ${token}` } })).json());
  assert.equal(stored.goal, 4321);
  assert.equal(stored.summary, demo.summary);
});

test('a campaign or token that does not exist is a sentence and exit code 1', () => {
  const cases: [string[], string | undefined, RegExp][] = [
    [['pull', 'no-such-campaign', ...url], ADMIN_TOKEN, new RegExp(`^There is no campaign "no-such-campaign" in ${ORIGIN}\\.`)],
    [['verify-ledger', 'no-such-campaign', ...url], ADMIN_TOKEN, /^There is no campaign "no-such-campaign"/],
    [['token', 'no-such-campaign', ...url], ADMIN_TOKEN, /^There is no campaign "no-such-campaign"/],
    [['revoke', slug, '999999', ...url], ADMIN_TOKEN, new RegExp(`^No live token #999999 for campaign "${slug}" in ${ORIGIN}`)],
    [['revoke', slug, '999999', ...url], token, new RegExp(`^${ORIGIN} refused: An API token cannot make or revoke tokens`)],
    [['pull', slug, ...url], 'x'.repeat(43), new RegExp(`^${ORIGIN} did not accept SOLIDARITY_TOKEN: This API token is not valid or was revoked\\.`)],
    [['pull', slug, ...url], undefined, /^SOLIDARITY_TOKEN is not set\./],
    [['push', join(dir, 'pulled.json'), ...url], 'x'.repeat(43), /did not accept SOLIDARITY_TOKEN/],
    [['pull', slug, '--remote'], token, /^--remote is gone/],
    [['pull', slug, '--url', 'http://example.org'], token, /^--url must be https:\/\//],
  ];
  for (const [args, t, expected] of cases) {
    const r = cli(args, t);
    assert.equal(r.status, 1, `${args.join(' ')}: ${r.out}${r.err}`);
    assert.match(r.err, expected, args.join(' '));
  }
});

test('a campaign token may not create a campaign: it says what may', () => {
  writeFileSync(join(dir, 'other.json'), JSON.stringify({ ...campaign, slug: `${slug}-other` }));
  const r = cli(['push', join(dir, 'other.json'), ...url], token);
  assert.equal(r.status, 1);
  assert.match(r.err, /and SOLIDARITY_TOKEN may not create one\.\nCreating a campaign takes the Worker's ADMIN_TOKEN/);
});

test('revoke --url revokes once; the revoked token is refused', () => {
  const listed = cli(['tokens', slug, ...url], ADMIN_TOKEN).out;
  const id = /^#(\d+) {2}e2e/m.exec(listed)?.[1] ?? '';
  assert.equal(cli(['revoke', slug, id, ...url], ADMIN_TOKEN).out, `Revoked token #${id} of ${slug}.\n`);
  assert.equal(cli(['revoke', slug, id, ...url], ADMIN_TOKEN).status, 1);
  assert.match(cli(['pull', slug, '--out', '-', ...url], token).err, /did not accept SOLIDARITY_TOKEN/);
});

/** Mail in the dev mailbox to `address` (reading it drains nothing). */
async function mailTo(address: string): Promise<{ text: string }[]> {
  const mails: { to: string[]; text: string }[] = await (await fetch(`${ORIGIN}/dev/mailbox.json`)).json();
  return mails.filter((m) => m.to.includes(address));
}

/**
 * fetch, once more when the connection failed: undici may reuse a keep-alive socket that
 * wrangler dev closed while the tests before ran the command line (no answer came, so
 * nothing was done: signing and confirming again answer the same).
 */
async function fetchAgain(url: string, init: RequestInit): Promise<Response> {
  try {
    return await fetch(url, init);
  } catch {
    return fetch(url, init);
  }
}

async function signAndConfirm(email: string): Promise<void> {
  const body = { name: 'Ana Lima', email, country: target.country, city: 'Paris', message: 'Solidarity!', target: target.id, public: false, consent: true };
  const signed = await fetchAgain(`${ORIGIN}/api/campaigns/${slug}/signatures`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  assert.equal(signed.status, 202);
  let link: string | undefined;
  for (let i = 0; i < 60 && !link; i++) {
    link = /\/s\/([A-Za-z0-9_-]{43})/.exec((await mailTo(email))[0]?.text ?? '')?.[1];
    if (!link) await new Promise((r) => setTimeout(r, 500));
  }
  assert.ok(link, `no confirmation mail for ${email}`);
  // The confirmation page's form: the details as given, the target chosen, no box ticked.
  const fields = new URLSearchParams({ name: body.name, country: body.country, city: body.city, message: body.message, target: body.target });
  const confirmed = await fetchAgain(`${ORIGIN}/s/${link}/confirm`, { method: 'POST', redirect: 'manual', headers: { origin: ORIGIN, 'content-type': 'application/x-www-form-urlencoded' }, body: fields.toString() });
  assert.equal(confirmed.status, 303);
}

test('npm start runs the minute cron: a throttled forward arrives a minute later with no request to drain it', async () => {
  // The campaign was reopened above with its demo settings: one message a minute to a target again.
  writeFileSync(file, JSON.stringify(campaign, null, 2));
  assert.equal(cli(['push', file, '--force', ...url], ADMIN_TOKEN).status, 0);
  if (app.exitCode !== null) assert.fail(`npm start exited (${app.exitCode}):\n${output}`);
  await signAndConfirm(`first-${slug}@example.org`);
  await signAndConfirm(`second-${slug}@example.org`);
  const started = Date.now();
  let count = 0;
  while (Date.now() - started < 150_000 && count < 2) {
    await new Promise((r) => setTimeout(r, 2000));
    count = (await mailTo(target.email)).length;
  }
  assert.equal(count, 2, `forwards to ${target.email} after ${Math.round((Date.now() - started) / 1000)} s\n${output}`);
});
