import type { Campaign } from '../db/campaigns';
import { getReceiptLeaf, getSealedDay, lastSealedDay, listDayLeaves, listLedgerTargets, type PublicLedger } from '../db/ledger';
import { getTree, nodeOf, readNodes } from '../db/ledger-tree';
import { CAMPAIGN_TARGET, FOLLOW_UP_TARGET, REPLY_TARGET } from '../lib/ledger-hash';
import { inclusionProof, type ProofStep, proofFromNodes, proofPlan, treeLevels } from '../lib/merkle';
import { type DayEntry, ledgerDays, openDays } from './ledger';

/*
 * The ledger as the public reads it (the page, its JSON and a receipt's proof), from the
 * trees flows/ledger.ts keeps as they grow.
 */

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
 * The proof for one receipt id, from the day's stored nodes (O(log n) of them) up to the
 * day's tree as published: sealed, or as far as built (a leaf not yet in it is "not
 * included" yet, as one not yet delivered). The leaf is the one stored now: if it was changed
 * after the day's tree took it, the proof no longer leads to the root, which is what a
 * checker would see; verify-ledger recomputes every leaf and tree from the fields.
 */
export async function receiptProof(db: D1Database, campaign: Campaign, receiptId: string, now: number): Promise<ReceiptProof> {
  const leaf = await getReceiptLeaf(db, campaign.id, receiptId);
  if (!leaf) return { receipt: receiptId, included: false };
  let day: DayEntry | undefined;
  const sealed = await getSealedDay(db, campaign.id, leaf.day);
  if (sealed) day = { ...sealed, sealed: true };
  else day = (await openDays(db, campaign, await lastSealedDay(db, campaign.id, leaf.day), now, 'throttled')).days.find((d) => d.day === leaf.day);
  if (!day || leaf.seq === null || leaf.seq >= day.leaves) return { receipt: receiptId, included: false };
  const tree = day.sealed ? await getTree(db, campaign.id, leaf.day) : null;
  let proof: ProofStep[];
  if (day.sealed && (!tree || tree.size < day.leaves)) {
    // A day sealed before its nodes were stored, not yet backfilled (buildLedgers): rebuilt whole.
    proof = inclusionProof(await treeLevels(await listDayLeaves(db, campaign.id, leaf.day, day.leaves)), leaf.seq);
  } else {
    const refs = proofPlan(day.leaves, leaf.seq).flatMap((s) => s.nodes);
    proof = await proofFromNodes(day.leaves, leaf.seq, nodeOf(await readNodes(db, campaign.id, leaf.day, refs)));
  }
  return {
    receipt: receiptId,
    included: true,
    campaign: campaign.slug,
    target: leaf.target,
    day: leaf.day,
    textSha256: leaf.textSha256,
    leaf: leaf.leaf,
    index: leaf.seq,
    size: day.leaves,
    proof,
    merkleRoot: day.merkleRoot,
    previousRoot: day.previousRoot,
    root: day.root,
    sealed: day.sealed,
  };
}
