import type { PicketFile } from '../schemas/picket';
import { zonedInstant } from '../lib/zoned-time';
import type { Statement } from './statements';

/** A picket as pages, mails and the dashboard use it; `coming` counts confirmed attendees. */
export type Picket = {
  id: number;
  campaignId: number;
  key: string;
  targetKey: string | null;
  place: string;
  city: string;
  country: string;
  meetingPoint: string;
  timeZone: string;
  startsLocal: string;
  endsLocal: string;
  startsAt: number;
  endsAt: number;
  /** Null unless the organiser gave one; shown publicly only with `contactPublic`. */
  contact: string | null;
  contactPublic: boolean;
  lat: number | null;
  lon: number | null;
  status: 'planned' | 'cancelled';
  version: number;
  coming: number;
};

export type PicketRow = {
  id: number; campaign_id: number; key: string; target_key: string | null; place: string; city: string; country: string;
  meeting_point: string; time_zone: string; starts_local: string; ends_local: string; starts_at: number; ends_at: number;
  contact: string | null; contact_public: number; lat: number | null; lon: number | null; status: 'planned' | 'cancelled';
  version: number; coming: number;
};

export function toPicket(r: PicketRow): Picket {
  return {
    id: r.id, campaignId: r.campaign_id, key: r.key, targetKey: r.target_key, place: r.place, city: r.city, country: r.country,
    meetingPoint: r.meeting_point, timeZone: r.time_zone, startsLocal: r.starts_local, endsLocal: r.ends_local,
    startsAt: r.starts_at, endsAt: r.ends_at, contact: r.contact, contactPublic: r.contact_public === 1,
    lat: r.lat, lon: r.lon, status: r.status, version: r.version, coming: r.coming,
  };
}

// `coming` is kept by triggers on picket_attendees (migration 0016): one row per picket read.
const SELECT = `SELECT p.* FROM pickets p`;

/** A campaign's pickets ending after `since` (all when 0), soonest first; cancelled ones included. */
export async function listPickets(db: D1Database, campaignId: number, since = 0): Promise<Picket[]> {
  const { results } = await db.prepare(`${SELECT} WHERE p.campaign_id = ?1 AND p.ends_at > ?2 ORDER BY p.starts_at, p.key LIMIT 500`)
    .bind(campaignId, since).all<PicketRow>();
  return results.map(toPicket);
}

/** One picket of this campaign by its key; null when the campaign has none such. */
export async function getPicket(db: D1Database, campaignId: number, key: string): Promise<Picket | null> {
  const row = await db.prepare(`${SELECT} WHERE p.campaign_id = ?1 AND p.key = ?2`).bind(campaignId, key).first<PicketRow>();
  return row ? toPicket(row) : null;
}

/** A picket by its row id (for mail about it); null when it is gone. */
export async function getPicketById(db: D1Database, id: number): Promise<Picket | null> {
  const row = await db.prepare(`${SELECT} WHERE p.id = ?1`).bind(id).first<PicketRow>();
  return row ? toPicket(row) : null;
}

/** A picket as stored: the file's fields with its times as UTC instants too. */
function stored(p: PicketFile) {
  return {
    key: p.id, target_key: p.target || null, place: p.place, city: p.city, country: p.country, meeting_point: p.meetingPoint,
    time_zone: p.timeZone, starts_local: p.start, ends_local: p.end,
    // Validated by the schema: both exist in the zone.
    starts_at: zonedInstant(p.start, p.timeZone) ?? 0, ends_at: zonedInstant(p.end, p.timeZone) ?? 0,
    contact: p.contact || null, contact_public: p.contactPublic ? 1 : 0, lat: p.lat ?? null, lon: p.lon ?? null, status: p.status,
  };
}

// A change a coming supporter must hear about: the time or the place.
const MOVED = `(pk.starts_at <> json_extract(n.value, '$.starts_at') OR pk.ends_at <> json_extract(n.value, '$.ends_at')
  OR pk.place IS NOT json_extract(n.value, '$.place') OR pk.meeting_point IS NOT json_extract(n.value, '$.meeting_point')
  OR pk.target_key IS NOT json_extract(n.value, '$.target_key') OR pk.city IS NOT json_extract(n.value, '$.city'))`;

const COLUMNS = ['target_key', 'place', 'city', 'country', 'meeting_point', 'time_zone', 'starts_local', 'ends_local', 'starts_at', 'ends_at', 'contact', 'contact_public', 'lat', 'lon', 'status'];

/**
 * The statements that store pickets of the campaign `slug` by key (pickets not listed are
 * left as they are: a picket is cancelled, never deleted). First, while the old rows are
 * still there, a notice to each confirmed attendee of a picket that is being cancelled or
 * moved (keyed by the picket's next version, so each change notifies once); then the upsert,
 * which moves `version` on a change of time or place.
 */
export function picketUpsertStatements(slug: string, pickets: PicketFile[], now: number): Statement[] {
  if (pickets.length === 0) return [];
  const rows = JSON.stringify(pickets.map(stored));
  const value = (col: string) => `json_extract(n.value, '$.${col}')`;
  return [
    {
      sql: `INSERT INTO outbox (idempotency_key, kind, campaign_id, from_name, to_addrs, next_attempt_at, created_at)
            SELECT 'p' || pk.id || ':a' || a.id || ':' || iif(${value('status')} = 'cancelled', 'cancel', 'moved:v' || (pk.version + 1)),
              'picket-notice', c.id, c.sender_name, json_array(a.email), ?3, ?3
            FROM campaigns c JOIN pickets pk ON pk.campaign_id = c.id
              JOIN json_each(?2) n ON ${value('key')} = pk.key
              JOIN picket_attendees a ON a.picket_id = pk.id
            WHERE c.slug = ?1 AND pk.status = 'planned' AND pk.ends_at > ?3 AND a.status = 'confirmed' AND a.email IS NOT NULL
              AND (${value('status')} = 'cancelled' OR ${MOVED})
            ON CONFLICT DO NOTHING`,
      params: [slug, rows, now],
    },
    {
      sql: `INSERT INTO pickets (campaign_id, key, ${COLUMNS.join(', ')}, created_at, updated_at)
            SELECT c.id, ${value('key')}, ${COLUMNS.map(value).join(', ')}, ?3, ?3
            FROM campaigns c, json_each(?2) n WHERE c.slug = ?1
            ON CONFLICT (campaign_id, key) DO UPDATE SET
              ${COLUMNS.map((col) => `${col} = excluded.${col}`).join(', ')},
              version = pickets.version + iif(pickets.starts_at <> excluded.starts_at OR pickets.ends_at <> excluded.ends_at
                OR pickets.place IS NOT excluded.place OR pickets.meeting_point IS NOT excluded.meeting_point
                OR pickets.target_key IS NOT excluded.target_key OR pickets.city IS NOT excluded.city, 1, 0),
              updated_at = excluded.updated_at
            WHERE ${COLUMNS.map((col) => `pickets.${col} IS NOT excluded.${col}`).join(' OR ')}`,
      params: [slug, rows, now],
    },
  ];
}

/** A stored picket as the campaign file writes it (the dashboard's cancel and edit start from it). */
export function picketToFile(p: Picket): PicketFile {
  return {
    id: p.key, ...(p.targetKey ? { target: p.targetKey } : {}), place: p.place, city: p.city, country: p.country,
    start: p.startsLocal, end: p.endsLocal, timeZone: p.timeZone, meetingPoint: p.meetingPoint, contact: p.contact ?? '',
    contactPublic: p.contactPublic, ...(p.lat !== null && p.lon !== null ? { lat: p.lat, lon: p.lon } : {}), status: p.status,
  };
}
