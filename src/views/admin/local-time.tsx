/**
 * A moment, shown in the organiser's own time zone: the server writes it in UTC (so it
 * reads right without JavaScript) and admin.js rewrites the text in the browser's zone
 * and language from `datetime`. Nothing about the zone is sent to the server.
 */
export function LocalTime({ at }: { at: number }) {
  const iso = new Date(at).toISOString();
  return <time datetime={iso} data-local>{`${iso.slice(0, 16).replace('T', ' ')} UTC`}</time>;
}
