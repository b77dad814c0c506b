import { html } from 'hono/html';
import type { I18n } from '../i18n/lang';
import type { PublicCount } from '../db/counts';
import { formatCount } from './progress';

// Approximate advance widths of Verdana 11px, enough for a badge that never clips.
function textWidth(text: string): number {
  let w = 0;
  for (const ch of text) w += /[.,:;'il|!\s]/.test(ch) ? 3.5 : /[mwMW]/.test(ch) ? 9.5 : 7;
  return Math.ceil(w);
}

/** A shields-style badge "signatures | 1,234" in one language; every interpolated value is escaped by `html`. */
export async function badgeSvg(count: PublicCount, { t, locale }: I18n): Promise<string> {
  const label = t('badge.label');
  const value = formatCount(count.count, locale);
  const lw = textWidth(label) + 12;
  const vw = textWidth(value) + 12;
  const w = lw + vw;
  const svg = html`<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="20" role="img" aria-label="${label}: ${value}">
<title>${count.title}: ${t('count.signatures', { count: count.count })}</title>
<linearGradient id="s" x2="0" y2="100%"><stop offset="0" stop-color="#bbb" stop-opacity=".1"/><stop offset="1" stop-opacity=".1"/></linearGradient>
<clipPath id="r"><rect width="${w}" height="20" rx="3" fill="#fff"/></clipPath>
<g clip-path="url(#r)"><rect width="${lw}" height="20" fill="#555"/><rect x="${lw}" width="${vw}" height="20" fill="#b3261e"/><rect width="${w}" height="20" fill="url(#s)"/></g>
<g fill="#fff" text-anchor="middle" font-family="Verdana,Geneva,DejaVu Sans,sans-serif" font-size="11">
<text x="${lw / 2}" y="15" fill="#010101" fill-opacity=".3">${label}</text><text x="${lw / 2}" y="14">${label}</text>
<text x="${lw + vw / 2}" y="15" fill="#010101" fill-opacity=".3">${value}</text><text x="${lw + vw / 2}" y="14">${value}</text>
</g></svg>`;
  return String(await svg);
}
