/**
 * The IANA time zone of a place (a country and a city), from the runtime's own tz data
 * (`Intl.Locale`'s time zones of a region): so a picket at an embassy in London is at London's
 * time, not at whatever the form last held. No table of cities to keep.
 */

// The zone where most of a country's people and its capital are, where the country has several
// and the city names none of them (Washington, Ottawa, Astana, Canberra…).
const MAIN_ZONE: Record<string, string> = {
  US: 'America/New_York', CA: 'America/Toronto', RU: 'Europe/Moscow', KZ: 'Asia/Almaty', AU: 'Australia/Sydney',
  BR: 'America/Sao_Paulo', MX: 'America/Mexico_City', CN: 'Asia/Shanghai', ID: 'Asia/Jakarta', DE: 'Europe/Berlin',
  ES: 'Europe/Madrid', PT: 'Europe/Lisbon', UA: 'Europe/Kyiv', AR: 'America/Argentina/Buenos_Aires', CL: 'America/Santiago',
  MN: 'Asia/Ulaanbaatar', UZ: 'Asia/Tashkent', MY: 'Asia/Kuala_Lumpur', NZ: 'Pacific/Auckland', EC: 'America/Guayaquil',
  CD: 'Africa/Kinshasa', GL: 'America/Nuuk', EG: 'Africa/Cairo', CY: 'Asia/Nicosia', PS: 'Asia/Gaza', FM: 'Pacific/Pohnpei',
};

type LocaleInfo = { baseName: string; getTimeZones?: () => string[]; timeZones?: string[] };

/** The zones of a region: `getTimeZones()` in current engines, the older `timeZones` getter in Node 20. */
export function zonesOf(country: string): string[] {
  if (!/^[A-Z]{2}$/.test(country)) return [];
  try {
    const info: LocaleInfo = new Intl.Locale(`und-${country}`);
    return info.getTimeZones?.() ?? info.timeZones ?? [];
  } catch {
    return [];
  }
}

/** A city as a zone's last part spells it: `New York` → `new_york`, `Zürich` → `zurich`. */
function spelled(city: string): string {
  return city.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').trim().toLowerCase().replace(/[\s-]+/g, '_');
}

/** The zone of a city in a country: the country's only one, the one named after the city, or its main one. */
export function zoneOfPlace(country: string, city: string): string | null {
  const zones = zonesOf(country);
  if (zones.length <= 1) return zones[0] ?? null;
  const name = spelled(city);
  const named = zones.find((z) => spelled(z.split('/').at(-1) ?? '') === name);
  return named ?? MAIN_ZONE[country] ?? zones[0] ?? null;
}
