/** What the fake can do wrong, instead of answering 200. */
export type FaultKind = '429' | '500' | 'slow' | 'drop' | '422';

/**
 * Faults for one API key. `rates` are probabilities per send request (drawn from a
 * seeded generator, so a run is repeatable); `next` forces the next requests' faults in
 * order ('ok' for none); `rejectRecipient` answers 422 for any email to an address
 * containing it. `slow` and `drop` happen after the mail is sent: the client cannot
 * know it went out, which is what idempotency keys are for.
 */
export type Faults = {
  rates?: Partial<Record<FaultKind, number>>;
  next?: (FaultKind | 'ok')[];
  rejectRecipient?: string;
  retryAfterSeconds?: number;
  seed?: number;
};

/** A small seeded generator (mulberry32). */
export function rng(seed: number): () => number {
  let t = seed >>> 0;
  return () => {
    t = (t + 0x6d2b79f5) >>> 0;
    let r = Math.imul(t ^ (t >>> 15), 1 | t);
    r = (r + Math.imul(r ^ (r >>> 7), 61 | r)) ^ r;
    return ((r ^ (r >>> 14)) >>> 0) / 4294967296;
  };
}

/** The fault for this request, if any. */
export function pickFault(faults: Faults, random: () => number): FaultKind | null {
  const forced = faults.next?.shift();
  if (forced) return forced === 'ok' ? null : forced;
  const roll = random();
  let edge = 0;
  for (const [kind, rate] of Object.entries(faults.rates ?? {}) as [FaultKind, number][]) {
    edge += rate;
    if (roll < edge) return kind;
  }
  return null;
}
