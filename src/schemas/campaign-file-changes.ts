import type { CampaignFile } from './campaign-file';

/** An address list's change: who came, who went. */
type ListChange = { added: string[]; removed: string[] };
/** A target's change of address, or its coming or going, by id. */
type TargetChange = { id: string; before: string | null; after: string | null };

/**
 * What an edit changed in who the campaign's mail reaches and who runs it, before → after:
 * organisers, the campaign's addresses (`mail.to`, `mail.cc`) and the targets' addresses.
 * Only what changed is named; an unchanged part is left out.
 */
export type FileChanges = {
  organisers?: ListChange;
  'mail.to'?: { before: string | null; after: string };
  'mail.cc'?: ListChange;
  targets?: TargetChange[];
};

function listChange(before: readonly string[], after: readonly string[]): ListChange | undefined {
  const added = after.filter((x) => !before.includes(x));
  const removed = before.filter((x) => !after.includes(x));
  return added.length || removed.length ? { added, removed } : undefined;
}

function targetChanges(before: CampaignFile['targets'], after: CampaignFile['targets']): TargetChange[] | undefined {
  const was = new Map(before.map((t) => [t.id, t.email]));
  const is = new Map(after.map((t) => [t.id, t.email]));
  const ids = [...new Set([...was.keys(), ...is.keys()])];
  const changed = ids.filter((id) => was.get(id) !== is.get(id)).map((id) => ({ id, before: was.get(id) ?? null, after: is.get(id) ?? null }));
  return changed.length ? changed : undefined;
}

/** The changes of an edit (of a creation, when `before` is null) to organisers, addresses and targets. */
export function fileChanges(before: CampaignFile | null, after: CampaignFile): FileChanges {
  const out: FileChanges = {};
  const organisers = listChange(before?.organisers ?? [], after.organisers);
  if (organisers) out.organisers = organisers;
  if (before?.mail.to !== after.mail.to) out['mail.to'] = { before: before?.mail.to ?? null, after: after.mail.to };
  const cc = listChange(before?.mail.cc ?? [], after.mail.cc);
  if (cc) out['mail.cc'] = cc;
  const targets = targetChanges(before?.targets ?? [], after.targets);
  if (targets) out.targets = targets;
  return out;
}

/**
 * The changes as an audit entry can hold them (its detail is at most 4000 characters):
 * whole while they fit, else the targets, then every list, as counts of what changed.
 */
export function fittedChanges(changes: FileChanges, room: number): Record<string, unknown> {
  if (JSON.stringify(changes).length <= room) return changes;
  const counted = (l?: ListChange) => l && { added: l.added.length, removed: l.removed.length };
  const fewer = { ...changes, targets: changes.targets && { changed: changes.targets.length } };
  if (JSON.stringify(fewer).length <= room) return fewer;
  return { ...fewer, organisers: counted(changes.organisers), 'mail.cc': counted(changes['mail.cc']) };
}
