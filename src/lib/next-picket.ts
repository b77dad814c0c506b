/** What choosing a picket reads of one (db/pickets.ts `Picket`). */
type Candidate = { campaignId: number; country: string; city: string; startsAt: number };

const sameCity = new Intl.Collator('en', { sensitivity: 'base', usage: 'search' });

/**
 * The picket to tell a supporter about: of their campaign and country, the soonest in their
 * city ("berlin", "Berlin " and "BERLIN" alike), else the soonest in their country; null
 * when there is none. `pickets` come soonest first (db/next-pickets.ts).
 */
export function picketFor<P extends Candidate>(pickets: readonly P[], who: { campaignId: number; country: string; city: string }): P | null {
  const mine = pickets.filter((p) => p.campaignId === who.campaignId && p.country === who.country);
  const city = who.city.trim().normalize('NFC');
  return mine.find((p) => city !== '' && sameCity.compare(p.city.trim().normalize('NFC'), city) === 0) ?? mine[0] ?? null;
}
