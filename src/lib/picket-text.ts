import { countryName } from './countries';
import { intlLocales } from './intl';
import { targetName } from './target-name';

/** What these helpers read of a picket (db/pickets.ts `Picket`) and of a target. */
type Picket = {
  targetKey: string | null; place: string; city: string; country: string; meetingPoint: string; timeZone: string;
  startsAt: number; endsAt: number; lat: number | null; lon: number | null;
};
type Target = { id: string; name: string; names: Record<string, string> };
/** The catalog's translator, for the one message these helpers need. */
type Translate = (key: 'picket.when', vars: Record<string, string>) => string;

/** Where a picket is, in `locale`: its target's name (or its free place), and the city. */
export function picketWhere(p: Picket, targets: readonly Target[], locale: string): string {
  const target = p.targetKey ? targets.find((t) => t.id === p.targetKey) : undefined;
  // A target's name says its city already ("Embassy … in Berlin"), in the reader's language.
  if (target) return targetName(target, locale);
  return p.place ? `${p.place}, ${p.city}` : p.city;
}

const formats = new Map<string, { format: (d: Date) => string }>();

// workerd has no Kazakh data (its stand-in is Russian, see lib/intl.ts): "16 маусым" by hand.
const KK_MONTHS = ['қаңтар', 'ақпан', 'наурыз', 'сәуір', 'мамыр', 'маусым', 'шілде', 'тамыз', 'қыркүйек', 'қазан', 'қараша', 'желтоқсан'];

function kazakhDate(zone: string) {
  const parts = new Intl.DateTimeFormat('en', { day: 'numeric', month: 'numeric', timeZone: zone });
  return {
    format: (d: Date) => {
      const got = Object.fromEntries(parts.formatToParts(d).map((x) => [x.type, x.value]));
      return `${got.day} ${KK_MONTHS[Number(got.month) - 1] ?? ''}`;
    },
  };
}

function format(locale: string, zone: string, part: 'date' | 'time'): { format: (d: Date) => string } {
  const key = `${locale}|${zone}|${part}`;
  let f = formats.get(key);
  if (!f) {
    const options: Intl.DateTimeFormatOptions = part === 'date' ? { day: 'numeric', month: 'long' } : { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' };
    // English as in Britain ("16 June"), as the rest of the interface writes it.
    f = locale === 'kk' && part === 'date' && Intl.DateTimeFormat.supportedLocalesOf(['kk']).length === 0
      ? kazakhDate(zone)
      : new Intl.DateTimeFormat(locale === 'en' ? ['en-GB', 'en'] : intlLocales(locale), { ...options, timeZone: zone });
    formats.set(key, f);
  }
  return f;
}

/** The picket's start date and time in its own zone, as the page and mails show them. */
export function picketDate(p: Picket, locale: string): { date: string; time: string } {
  const at = new Date(p.startsAt);
  return { date: format(locale, p.timeZone, 'date').format(at), time: format(locale, p.timeZone, 'time').format(at) };
}

/** "16 June 12:00 in Berlin – 14:00": the start in the picket's own zone and the end time. */
export function picketWhen(p: Picket, t: Translate, locale: string): string {
  const { date, time } = picketDate(p, locale);
  const end = format(locale, p.timeZone, 'time').format(new Date(p.endsAt));
  return `${t('picket.when', { date, time, city: p.city })}–${end}`;
}

/** A plain OpenStreetMap link (no tiles embedded): the coordinates when given, else a search for the place. */
export function mapLink(p: Picket, where: string): string {
  if (p.lat !== null && p.lon !== null) return `https://www.openstreetmap.org/?mlat=${p.lat}&mlon=${p.lon}#map=18/${p.lat}/${p.lon}`;
  const query = [p.meetingPoint && !p.targetKey ? p.meetingPoint : '', where, countryName(p.country, 'en')].filter(Boolean).join(', ');
  return `https://www.openstreetmap.org/search?query=${encodeURIComponent(query)}`;
}

/** Pickets grouped by country, each group soonest first, groups by their first picket. */
export function byCountry<P extends Picket>(pickets: readonly P[]): [string, P[]][] {
  const groups = Map.groupBy(pickets, (p) => p.country);
  return [...groups.entries()].sort((a, b) => (a[1][0]?.startsAt ?? 0) - (b[1][0]?.startsAt ?? 0));
}

/** "UTC+02:00": the picket's offset from UTC at its start, a code no reader must translate (its zone's IANA id is one). */
export function picketOffset(p: Pick<Picket, 'startsAt' | 'timeZone'>): string {
  const parts = new Intl.DateTimeFormat('en', { timeZone: p.timeZone, timeZoneName: 'longOffset' }).formatToParts(new Date(p.startsAt));
  const gmt = parts.find((x) => x.type === 'timeZoneName')?.value ?? 'GMT';
  return gmt === 'GMT' ? 'UTC' : gmt.replace('GMT', 'UTC');
}
