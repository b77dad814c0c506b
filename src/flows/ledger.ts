import { type Campaign, getCampaign } from '../db/campaigns';
import { lastSealedDay, listSealedDays, listUnsealedCampaigns, sealDays, type SealedDay } from '../db/ledger';
import { listLeavesBySeq, listLedgersBehind, listOpenDays, nextBackfill, nodeOf, type OpenDayRow, readNodes, storeTreeStatements } from '../db/ledger-tree';
import { runBatch } from '../db/statements';
import type { Budget } from '../lib/budget';
import { dayRoot, GENESIS } from '../lib/ledger-hash';
import { appendLeaves, frontierNodes } from '../lib/merkle';
import { DAY_MS } from '../lib/time';

/** A day is sealed this long after it ends, so a delivery recorded at 23:59:59 is in it. */
export const SEAL_GRACE_MS = 10 * 60_000;

/**
 * A reader builds the trees further at most this often (the stored state is what everyone
 * else is shown): the open day's root and counts are at most a few seconds behind, and the
 * minute cron builds whatever no reader did.
 */
export const BUILD_EVERY_MS = 5_000;

/** Leaves one step adds to a day's tree: about one node hash each (~25 µs, most of it Web Crypto's async round), 2 ms of CPU or so: well inside the Free plan's 10 ms with the rest of a run. */
export const BUILD_STEP = 64;

/** Days one step builds at most (a day after the grace is usually two: yesterday's last leaves, today's). */
const STEP_DAYS = 3;

/** A day of the ledger with its counts per target; `sealed` once its root is stored for good. */
export type DayEntry = SealedDay & { sealed: boolean };

/** The first day that may not be sealed yet at `now`. */
function openFrom(now: number): string {
  return new Date(Math.floor((now - SEAL_GRACE_MS) / DAY_MS) * DAY_MS).toISOString().slice(0, 10);
}

type Built = { size: number; counts: Record<string, number>; merkleRoot: string | null };

/**
 * One bounded step of a day's tree: up to BUILD_STEP of its next leaves (by seq, up to
 * `upTo`) folded into the stored frontier, their new nodes and the day's new state stored.
 * Reads the frontier (at most one node a level) and the leaves it adds, nothing else.
 */
async function growDay(db: D1Database, campaignId: number, day: string, from: Built, upTo: number, now: number, backfill = false): Promise<Built> {
  const to = Math.min(upTo, from.size + BUILD_STEP);
  if (to <= from.size) return from;
  const refs = frontierNodes(from.size);
  const [nodes, rows] = await Promise.all([readNodes(db, campaignId, day, refs), listLeavesBySeq(db, campaignId, day, from.size, to)]);
  // Leaves are appended with the next seq, so these are contiguous; a gap (a leaf deleted by
  // hand) stops the tree there, and verify-ledger shows the day.
  const gap = rows.findIndex((r, i) => r.seq !== from.size + i);
  const added = gap < 0 ? rows : rows.slice(0, gap);
  if (gap >= 0 || added.length < to - from.size) console.error('ledger: leaves missing from a day, its tree waits', { campaignId, day, at: from.size + added.length });
  if (added.length === 0) return from;
  const grown = await appendLeaves(from.size, refs.map(nodeOf(nodes)), added.map((r) => r.leaf));
  const counts = { ...from.counts };
  for (const r of added) counts[r.target] = (counts[r.target] ?? 0) + 1;
  const size = from.size + added.length;
  await runBatch(db, storeTreeStatements(campaignId, day, { size, counts, merkleRoot: grown.root!, nodes: grown.nodes, backfillDone: backfill && size >= upTo }, now));
  return { size, counts, merkleRoot: grown.root };
}

/** How a read treats trees behind their leaves: a step if the last is a few seconds old, a step anyway, or none. */
type Build = 'throttled' | 'always' | 'never';

/**
 * The days after the last sealed one, chained from it: each day's root from its stored tree
 * (as far as built), one step of building first when `build` allows. Days that have ended
 * (and their grace), fully built, are sealed on the way, oldest first, so a root once
 * published for a finished day is stored and never recomputed.
 */
export async function openDays(db: D1Database, campaign: Campaign, last: SealedDay | null, now: number, build: Build, maxDays = STEP_DAYS): Promise<{ days: DayEntry[]; behind: boolean }> {
  const open: OpenDayRow[] = await listOpenDays(db, campaign.id, last?.day ?? '');
  const latest = Math.max(0, ...open.map((d) => d.updatedAt));
  if (build === 'always' || (build === 'throttled' && now - latest >= BUILD_EVERY_MS)) {
    // One step: BUILD_STEP leaves at most, over `maxDays` days at most, oldest first.
    let room = BUILD_STEP;
    let days = 0;
    for (let i = 0; i < open.length && room > 0 && days < maxDays; i++) {
      const d = open[i]!;
      if (d.size >= d.total) continue;
      const built = await growDay(db, campaign.id, d.day, d, Math.min(d.total, d.size + room), now);
      room -= built.size - d.size;
      days++;
      open[i] = { ...d, ...built };
      if (built.size < d.total) break;
    }
  }
  const limit = openFrom(now);
  const days: DayEntry[] = [];
  const toSeal: SealedDay[] = [];
  let previous = last?.root ?? GENESIS;
  let sealing = true;
  for (const d of open) {
    if (d.size === 0 || d.merkleRoot === null) {
      sealing = false;
      continue;
    }
    const root = await dayRoot({ slug: campaign.slug, day: d.day, count: d.size, previous, tree: d.merkleRoot });
    const entry: DayEntry = { day: d.day, leaves: d.size, counts: d.counts, merkleRoot: d.merkleRoot, previousRoot: previous, root, sealed: false };
    sealing = sealing && d.day < limit && d.size === d.total;
    if (sealing) {
      entry.sealed = true;
      toSeal.push(entry);
    }
    days.push(entry);
    previous = root;
  }
  await sealDays(db, campaign.id, toSeal, now);
  return { days, behind: open.some((d) => d.size < d.total) };
}

/** Every day of a campaign's ledger, oldest first: the sealed ones as stored, then the open ones (openDays). */
export async function ledgerDays(db: D1Database, campaign: Campaign, now: number, build: Build = 'throttled'): Promise<DayEntry[]> {
  const sealed = await listSealedDays(db, campaign.id);
  const { days } = await openDays(db, campaign, sealed.at(-1) ?? null, now, build);
  return [...sealed.map((d) => ({ ...d, sealed: true })), ...days];
}

/**
 * Subrequests a minute cron run gives the trees at most: one step of BUILD_STEP leaves (92,000
 * leaves a day, more than the Free plan's drain delivers; reads add theirs), leaving the drain
 * the rest of the invocation's 50.
 */
export const LEDGER_SHARE = 11;

/** Subrequests of a step besides its days' (the last sealed day, the open days, the seal), and a day's (its frontier, its leaves, a batch of two). */
const STEP_BASE = 3;
const DAY_COST = 4;

/** A step as large as `budget` allows (at most STEP_DAYS days); false when not even one day fits. */
async function budgetedStep(db: D1Database, campaign: Campaign, now: number, budget: Budget): Promise<{ behind: boolean } | false> {
  const maxDays = Math.min(STEP_DAYS, Math.floor((budget.left - STEP_BASE) / DAY_COST));
  if (maxDays < 1) return false;
  return openDays(db, campaign, await lastSealedDay(db, campaign.id), now, 'always', maxDays);
}

/**
 * Builds the trees that are behind their leaves, a bounded step at a time while `budget`
 * lasts (the minute cron): first a day sealed before the trees were stored (its nodes, for
 * its proofs), then each campaign's open days, sealing finished ones. What does not fit waits
 * for the next run. Idle, it reads a few index probes a campaign. Returns the steps taken.
 */
export async function buildLedgers(db: D1Database, now: number, budget: Budget): Promise<number> {
  let steps = 0;
  if (!budget.allows(2)) return steps;
  const back = await nextBackfill(db);
  if (back && budget.allows(DAY_COST)) {
    const built = await growDay(db, back.campaignId, back.day, { size: back.size, counts: back.counts, merkleRoot: null }, back.leaves, now, true);
    if (built.size >= back.leaves && built.merkleRoot !== back.merkleRoot) console.error('ledger: a sealed day’s leaves no longer give its root', { campaignId: back.campaignId, day: back.day });
    steps++;
  }
  for (const { slug } of await listLedgersBehind(db, openFrom(now))) {
    if (!budget.allows(1 + STEP_BASE + DAY_COST)) break;
    const campaign = await getCampaign(db, slug);
    if (!campaign) continue;
    for (;;) {
      const step = await budgetedStep(db, campaign, now, budget);
      if (!step) break;
      steps++;
      if (!step.behind) break;
    }
  }
  return steps;
}

/**
 * Seals every campaign's finished days (the daily cron; the minute cron and reading a
 * ledger seal too), building what is left of their trees a step at a time within `budget`.
 * Returns how many campaigns it looked at.
 */
export async function sealLedgers(db: D1Database, now: number, budget: Budget): Promise<number> {
  const slugs = await listUnsealedCampaigns(db, openFrom(now));
  let seen = 0;
  for (const slug of slugs) {
    if (!budget.allows(1 + STEP_BASE + DAY_COST)) break;
    const campaign = await getCampaign(db, slug);
    if (!campaign) continue;
    seen++;
    for (;;) {
      const step = await budgetedStep(db, campaign, now, budget);
      if (!step || !step.behind) break;
    }
  }
  return seen;
}
