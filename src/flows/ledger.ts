import { type Campaign, getCampaign } from '../db/campaigns';
import { getReceiptLeaf, listDayLeaves, listLeavesAfter, listLedgerTargets, listSealedDays, listUnsealedCampaigns, type OpenLeaf, type PublicLedger, sealDays, type SealedDay } from '../db/ledger';
import { CAMPAIGN_TARGET, chainDays, FOLLOW_UP_TARGET, GENESIS, REPLY_TARGET } from '../lib/ledger-hash';
import { inclusionProof, type ProofStep, treeLevels } from '../lib/merkle';
import { DAY_MS } from '../lib/time';

/** A day is sealed this long after it ends, so a delivery recorded at 23:59:59 is in it. */
export const SEAL_GRACE_MS = 10 * 60_000;

/** A day of the ledger with its counts per target; `sealed` once its root is stored for good. */
export type DayEntry = SealedDay & { sealed: boolean };

/** The first day that may not be sealed yet at `now`. */
function openFrom(now: number): string {
  return new Date(Math.floor((now - SEAL_GRACE_MS) / DAY_MS) * DAY_MS).toISOString().slice(0, 10);
}

function countsOf(leaves: OpenLeaf[]): Map<string, Record<string, number>> {
  const byDay = new Map<string, Record<string, number>>();
  for (const l of leaves) {
    const counts = byDay.get(l.day) ?? {};
    counts[l.target] = (counts[l.target] ?? 0) + 1;
    byDay.set(l.day, counts);
  }
  return byDay;
}

/**
 * Every day of a campaign's ledger, oldest first. Days after the last sealed one are
 * computed from their leaves; those that have ended (and their grace) are sealed on the
 * way, so a root once published for a finished day is stored and never recomputed.
 */
export async function ledgerDays(db: D1Database, campaign: Campaign, now: number): Promise<DayEntry[]> {
  const sealed = await listSealedDays(db, campaign.id);
  const last = sealed.at(-1);
  const leaves = await listLeavesAfter(db, campaign.id, last?.day ?? '');
  const grouped = new Map<string, string[]>();
  for (const l of leaves) grouped.set(l.day, [...(grouped.get(l.day) ?? []), l.leaf]);
  const counts = countsOf(leaves);
  const fresh = (await chainDays(campaign.slug, [...grouped].map(([day, hashes]) => ({ day, leaves: hashes })), last?.root ?? GENESIS))
    .map((d) => ({ ...d, counts: counts.get(d.day) ?? {} }));
  const limit = openFrom(now);
  const toSeal = fresh.filter((d) => d.day < limit);
  await sealDays(db, campaign.id, toSeal, now);
  return [...sealed.map((d) => ({ ...d, sealed: true })), ...fresh.map((d) => ({ ...d, sealed: d.day < limit }))];
}

/** Seals every campaign's finished days (the daily cron; reading a ledger seals it too). Returns how many campaigns it looked at. */
export async function sealLedgers(db: D1Database, now: number): Promise<number> {
  const slugs = await listUnsealedCampaigns(db);
  for (const slug of slugs) {
    const campaign = await getCampaign(db, slug);
    if (campaign) await ledgerDays(db, campaign, now);
  }
  return slugs.length;
}

/** The campaign's own address's name in each language it is translated to (`translations.<lang>.mail.senderName`). */
function senderNames(campaign: Campaign): Record<string, string> {
  return Object.fromEntries(Object.entries(campaign.settings.translations).flatMap(([lang, tr]) => (tr.mail?.senderName ? [[lang, tr.mail.senderName]] : [])));
}

/** The ledger as published at /c/:slug/deliveries(.json): counts and hashes, no personal data. */
export async function publicLedger(db: D1Database, campaign: Campaign, now: number): Promise<PublicLedger> {
  const [days, targets] = await Promise.all([ledgerDays(db, campaign, now), listLedgerTargets(db, campaign.id)]);
  const per = (key: string) => {
    const byDay = Object.fromEntries(days.flatMap((d) => (d.counts[key] ? [[d.day, d.counts[key]] as const] : [])));
    return { delivered: Object.values(byDay).reduce((a, b) => a + b, 0), days: byDay };
  };
  const listed = targets.filter((t) => t.active || per(t.key).delivered > 0);
  return {
    campaign: campaign.slug,
    generatedAt: new Date(now).toISOString(),
    targets: [
      ...(campaign.forwardMode === 'each' || per(CAMPAIGN_TARGET).delivered > 0 ? [{ key: CAMPAIGN_TARGET, name: campaign.senderName, names: senderNames(campaign), country: null, ...per(CAMPAIGN_TARGET) }] : []),
      ...listed.map((t) => ({ key: t.key, name: t.name, names: t.names, country: t.country, ...per(t.key) })),
    ],
    // A published reply's leaf, and a follow-up letter's, are in the day's tree but are no supporter's message.
    days: days.map((d) => ({ day: d.day, delivered: d.leaves - (d.counts[REPLY_TARGET] ?? 0) - (d.counts[FOLLOW_UP_TARGET] ?? 0), merkleRoot: d.merkleRoot, previousRoot: d.previousRoot, root: d.root, sealed: d.sealed })),
  };
}

/** A receipt as anyone may check it: included or not, and if so the proof up to the day's root. */
export type ReceiptProof =
  | { receipt: string; included: false }
  | {
      receipt: string;
      included: true;
      campaign: string;
      target: string;
      day: string;
      textSha256: string;
      leaf: string;
      index: number;
      size: number;
      proof: ProofStep[];
      merkleRoot: string;
      previousRoot: string;
      root: string;
      sealed: boolean;
    };

/**
 * The proof for one receipt id. The proof is built from the leaves stored now and the root
 * is the one published for the day: if the leaves were changed after the day was sealed,
 * the proof no longer leads to it, which is what a checker would see.
 */
export async function receiptProof(db: D1Database, campaign: Campaign, receiptId: string, now: number): Promise<ReceiptProof> {
  const leaf = await getReceiptLeaf(db, campaign.id, receiptId);
  if (!leaf) return { receipt: receiptId, included: false };
  const [leaves, days] = await Promise.all([listDayLeaves(db, campaign.id, leaf.day), ledgerDays(db, campaign, now)]);
  const day = days.find((d) => d.day === leaf.day);
  const index = leaves.indexOf(leaf.leaf);
  if (!day || index < 0) return { receipt: receiptId, included: false };
  const proof = inclusionProof(await treeLevels(leaves), index);
  return {
    receipt: receiptId,
    included: true,
    campaign: campaign.slug,
    target: leaf.target,
    day: leaf.day,
    textSha256: leaf.textSha256,
    leaf: leaf.leaf,
    index,
    size: leaves.length,
    proof,
    merkleRoot: day.merkleRoot,
    previousRoot: day.previousRoot,
    root: day.root,
    sealed: day.sealed,
  };
}
