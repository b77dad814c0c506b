/**
 * Rows written per signature end to end: signing, its confirmation mail through the
 * drainer until the fake Resend has it, confirming with the token from that mail, and
 * the forwards through the drainer (and the cron, for those the per-recipient throttle
 * holds back) until sent. Requests' costs come from their Server-Timing; the drain after
 * a response and the cron runs from the isolate's running totals (`d1-isolate`), less
 * the queries and rows of an idle cron run, which are the minute cron's own and not the
 * signature's (D1's time is left whole).
 */
import type { App } from './app';
import { newEmail, signatureBody, tokenIn } from './client';
import { addCost, type Cost, type D1Cost, isolateTotals, linkCost, signCost, sumCosts } from './cost';
import type { FakeResend } from '../test/fake-resend/server';

export type MailLeg = { messages: number; cost: D1Cost; cronRuns: number };
export type EndToEnd = { target: string | null; sign: Cost; signMail: MailLeg; confirm: Cost; confirmMail: MailLeg; total: D1Cost };

type Ctx = { app: App; fake: FakeResend; key: string; idleCron: D1Cost };

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Waits until the isolate's totals stop moving (the drain after a response has finished). */
async function settled(app: App): Promise<D1Cost> {
  let last = await isolateTotals(app);
  for (let same = 0, i = 0; same < 3 && i < 200; i++) {
    await sleep(150);
    const now = await isolateTotals(app);
    same = now.roundTrips === last.roundTrips && now.queries === last.queries ? same + 1 : 0;
    last = now;
  }
  return last;
}

/**
 * Runs the Worker's cron as the minute trigger does, through wrangler's `/__scheduled` (at
 * the real time: miniflare's own trigger, which takes a time, fails under wrangler dev with
 * "Could not serialize object of type ScheduledController"), and waits for its work to finish.
 */
export async function runCron(app: App): Promise<void> {
  const res = await fetch(`${app.url}/__scheduled?cron=${encodeURIComponent('* * * * *')}`, { signal: AbortSignal.timeout(120_000) }).catch((err: unknown) => {
    throw new Error(`/__scheduled failed: ${String(err)}; wrangler dev said:\n${app.logTail()}`);
  });
  await res.arrayBuffer();
  if (!res.ok) throw new Error(`/__scheduled answered ${res.status}`);
  await settled(app);
}

/**
 * One cron run with nothing due: what the minute cron costs by itself. First runs do what
 * the seeded database left them (the reminder cursor's walk over old signatures, 500 a
 * run; a milestone the seed passed), so they go first, uncounted, until one writes nothing.
 */
export async function idleCronCost(app: App): Promise<D1Cost> {
  let cost: D1Cost | null = null;
  for (let run = 0; run < 10 && (cost === null || cost.rowsWritten > 0); run++) {
    const before = await settled(app);
    await runCron(app);
    cost = addCost(await isolateTotals(app), before, -1);
  }
  return cost!;
}

/**
 * The mail a request caused, until the fake Resend has all `expected` messages: the drain
 * after its response, then (for mail the per-recipient throttle holds back) a cron run
 * each second until it is sent, as the minute cron would. Idle cron cost is taken off.
 */
async function mailLeg(x: Ctx, before: D1Cost, request: D1Cost, deliveredBefore: number, expected: number): Promise<MailLeg> {
  const sent = () => x.fake.stats(x.key).delivered.length - deliveredBefore;
  await settled(x.app);
  let cronRuns = 0;
  for (const deadline = Date.now() + 30_000; sent() < expected && Date.now() < deadline; cronRuns++) {
    await sleep(1000);
    await runCron(x.app);
  }
  if (sent() < expected) throw new Error(`only ${sent()} of ${expected} messages reached the fake Resend within 30 s`);
  const spent = addCost(addCost(await isolateTotals(x.app), before, -1), request, -1);
  // D1's time stays as spent: an idle run's few whole milliseconds, taken off, would only add noise.
  const idle = { ...sumCosts(Array.from({ length: cronRuns }, () => x.idleCron)), ms: 0 };
  return { messages: sent(), cost: addCost(spent, idle, -1), cronRuns };
}

async function oneSignature(x: Ctx, target: string | null, forwards: number): Promise<EndToEnd> {
  const email = newEmail('e2e');
  const t0 = await settled(x.app);
  const n0 = x.fake.stats(x.key).delivered.length;
  const sign = await signCost(x.app, signatureBody('e2e', { email, ...(target ? { target } : {}) }));
  const signMail = await mailLeg(x, t0, sign, n0, 1);
  const mail = x.fake.stats(x.key).delivered.filter((m) => JSON.stringify(m.to).includes(email)).at(-1);
  const token = tokenIn(mail?.text);
  if (!token) throw new Error(`no confirmation link reached the fake Resend for ${email}`);
  if (forwards < 0) return { target, sign, signMail, confirm: sign, confirmMail: signMail, total: sign };
  const t1 = await settled(x.app);
  const n1 = x.fake.stats(x.key).delivered.length;
  const confirm = await linkCost(x.app, token, 'confirm', target ?? undefined);
  const confirmMail = await mailLeg(x, t1, confirm, n1, forwards + (target ? 1 : 0));
  return { target, sign, signMail, confirm, confirmMail, total: sumCosts([sign, signMail.cost, confirm, confirmMail.cost]) };
}

/**
 * A warm-up signing (first-use work such as caches does not count), then a signature with
 * a target (its forwards find the throttle slots free) and one without (its campaign copy
 * waits for the next slot), each through all its mail. `campaignForwards`: copies the
 * campaign itself gets per confirmation (1 with `forward: each`).
 */
export async function endToEnd(app: App, fake: FakeResend, key: string, target: string, campaignForwards: number): Promise<{ idleCron: D1Cost; runs: EndToEnd[] }> {
  const idleCron = await idleCronCost(app);
  const x = { app, fake, key, idleCron };
  await oneSignature(x, null, -1);
  const withTarget = await oneSignature(x, target, campaignForwards);
  return { idleCron, runs: [await oneSignature(x, null, campaignForwards), withTarget] };
}

export type D1Time = { samples: number; wholeMs: boolean; meanMs: number; medianMs: number; p90Ms: number; signMeanMs: number; confirmMeanMs: number };

/**
 * D1's own time (meta.duration, summed over a request's statements) for signing and
 * confirming, over `n` pairs one after another. Local D1 times in whole milliseconds, so
 * the mean over many pairs is the figure; the median and p90 show the spread.
 */
export async function d1TimePerSignature(app: App, tokens: string[], n: number): Promise<D1Time> {
  const pairs: { sign: number; confirm: number }[] = [];
  for (let i = 0; i < n; i++) {
    const token = tokens.pop();
    if (!token) break;
    const sign = await signCost(app);
    const confirm = await linkCost(app, token, 'confirm');
    pairs.push({ sign: sign.ms, confirm: confirm.ms });
  }
  const r = (v: number) => Math.round(v * 1000) / 1000;
  const mean = (xs: number[]) => r(xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length));
  const sorted = pairs.map((p) => p.sign + p.confirm).sort((a, b) => a - b);
  const at = (q: number) => r(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0);
  return {
    samples: pairs.length, wholeMs: pairs.every((p) => Number.isInteger(p.sign) && Number.isInteger(p.confirm)), meanMs: mean(sorted), medianMs: at(0.5), p90Ms: at(0.9),
    signMeanMs: mean(pairs.map((p) => p.sign)), confirmMeanMs: mean(pairs.map((p) => p.confirm)),
  };
}
