import type { Target } from '../db/campaigns';
import type { Picket } from '../db/pickets';
import type { I18n } from '../i18n/lang';
import { byCountry, picketWhen, picketWhere } from '../lib/picket-text';
import { countryName } from '../lib/countries';

/** A campaign's upcoming pickets as JSON for embeds (no contact unless public, no names, no addresses). */
export function picketsJson(slug: string, pickets: Picket[], targets: readonly Target[], i18n: I18n, base: string) {
  const { t, locale } = i18n;
  return {
    slug,
    pickets: pickets.map((p) => ({
      id: p.key, where: picketWhere(p, targets, locale), city: p.city, country: p.country, countryName: countryName(p.country, locale),
      start: new Date(p.startsAt).toISOString(), end: new Date(p.endsAt).toISOString(), timeZone: p.timeZone,
      when: picketWhen(p, t, locale), status: p.status, coming: p.coming,
      contact: p.contactPublic ? p.contact : null, url: `${base}/c/${slug}/pickets/${p.key}${locale === 'en' ? '' : `?lang=${locale}`}`,
    })),
  };
}

/** The upcoming pickets as a page of their own, for an `<iframe>` on any site; links open on our site. */
export function PicketsEmbedPage({ slug, title, pickets, targets, i18n }: { slug: string; title: string; pickets: Picket[]; targets: readonly Target[]; i18n: I18n }) {
  const { t, locale } = i18n;
  const q = locale === 'en' ? '' : `?lang=${locale}`;
  return (
    <html lang={locale}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${t('picket.heading')} — ${title}`}</title>
        <link rel="stylesheet" href="/embed.css" />
        <script src="/embed.js" defer />
      </head>
      <body class="embed pickets-embed">
        <p class="title">{t('picket.heading')} — {title}</p>
        {pickets.length === 0 && <p>{t('picket.empty')}</p>}
        {byCountry(pickets).map(([country, list]) => (
          <>
            <p><strong>{countryName(country, locale)}</strong></p>
            <ul>
              {list.map((p) => (
                <li>
                  <a href={`/c/${slug}/pickets/${p.key}${q}`} target="_top">{picketWhere(p, targets, locale)}</a>
                  {p.status === 'cancelled' && <> — {t('picket.cancelled')}</>}
                  <br />{picketWhen(p, t, locale)}
                </li>
              ))}
            </ul>
          </>
        ))}
        <a class="sign" href={`/c/${slug}${q}#pickets`} target="_top">{t('picket.embed.more')}</a>
      </body>
    </html>
  );
}
