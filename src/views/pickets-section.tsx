import type { Target } from '../db/campaigns';
import type { Picket } from '../db/pickets';
import type { I18n } from '../i18n/lang';
import { countryName } from '../lib/countries';
import { byCountry, picketWhen, picketWhere } from '../lib/picket-text';

/**
 * One picket in a list: where and when (in its own zone). `data-start`/`data-zone` let
 * pickets.js add the visitor's own time; the page stays the same for every visitor.
 */
export function PicketItem({ picket, slug, targets, i18n }: { picket: Picket; slug: string; targets: readonly Target[]; i18n: I18n }) {
  const { t, link, locale } = i18n;
  const cancelled = picket.status === 'cancelled';
  return (
    <li class={cancelled ? 'picket cancelled' : 'picket'} data-start={new Date(picket.startsAt).toISOString()} data-zone={picket.timeZone}>
      <a href={link(`/c/${slug}/pickets/${picket.key}`)}>{picketWhere(picket, targets, locale)}</a>
      {cancelled && <strong class="picket-status"> {t('picket.cancelled')}</strong>}
      <br />
      <span class="picket-when">{picketWhen(picket, t, locale)}</span>
      <span class="picket-yours" data-your-time></span>
      {!cancelled && picket.coming > 0 && <span class="picket-coming"> · {t('picket.coming', { count: picket.coming })}</span>}
    </li>
  );
}

/**
 * The campaign page's "Pickets": upcoming pickets grouped by country. pickets.js moves the
 * visitor's country first (from the form's country, else the browser's language) or, when
 * it has none, shows the `noneHere` line pointing to the form; nothing else is per visitor.
 */
export function PicketsSection({ slug, pickets, targets, open, i18n }: { slug: string; pickets: Picket[]; targets: readonly Target[]; open: boolean; i18n: I18n }) {
  const { t, locale } = i18n;
  const toForm = open && <a href="#sign">{t('picket.toForm')}</a>;
  return (
    <section class="pickets" id="pickets" aria-labelledby="pickets-heading" data-pickets
      data-your={t('picket.yourTime', { time: '{time}' })} data-none-here={t('picket.noneHere', { country: '{country}' })}>
      <h2 id="pickets-heading">{t('picket.heading')}</h2>
      {pickets.length === 0 ? (
        <p>{t('picket.empty')} {toForm}</p>
      ) : (
        <>
          <p>{t('picket.intro')}</p>
          <p class="pickets-none" data-pickets-none hidden>
            <span></span> {toForm}
          </p>
          {byCountry(pickets).map(([country, list]) => (
            <div class="picket-country" data-country={country}>
              <h3>{countryName(country, locale)}</h3>
              <ul class="picket-list">
                {list.map((p) => <PicketItem picket={p} slug={slug} targets={targets} i18n={i18n} />)}
              </ul>
            </div>
          ))}
        </>
      )}
    </section>
  );
}
