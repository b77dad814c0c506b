import type { Funnel, SourceStats } from '../../db/sources';
import type { I18n } from '../../i18n/lang';
import { intlLocales } from '../../lib/intl';
import { formatCount } from '../progress';

/** Confirmed of signed as a percentage, or a dash when nothing was signed. */
function rate({ signed, confirmed }: Funnel, locale: string): string {
  if (signed === 0) return '–';
  return new Intl.NumberFormat(intlLocales(locale), { style: 'percent', maximumFractionDigits: 0 }).format(confirmed / signed);
}

function Cells({ row, locale }: { row: Funnel; locale: string }) {
  return (
    <>
      <td>{formatCount(row.signed, locale)}</td>
      <td>{formatCount(row.confirmed, locale)}</td>
      <td>{rate(row, locale)}</td>
    </>
  );
}

/**
 * Where signatures come from: signed, confirmed and the confirmation rate per source (the
 * biggest ten, the rest as one row) and per day signed, with the running total confirmed.
 */
export function SourceTables({ stats, i18n }: { stats: SourceStats; i18n: I18n }) {
  const { t, locale } = i18n;
  const head = (first: string, total?: boolean) => (
    <thead>
      <tr>
        <th scope="col">{first}</th>
        <th scope="col">{t('admin.sources.signed')}</th>
        <th scope="col">{t('admin.sources.confirmed')}</th>
        <th scope="col">{t('admin.sources.rate')}</th>
        {total && <th scope="col">{t('admin.sources.total')}</th>}
      </tr>
    </thead>
  );
  const days = stats.days.filter((d) => d.signed > 0).reverse();
  return (
    <section class="sources" aria-labelledby="sources-heading">
      <h2 id="sources-heading">{t('admin.sources.heading')}</h2>
      <p class="hint">{t('admin.sources.hint')}</p>
      <div class="columns-2">
        {/* A box that scrolls is a region the keyboard can reach (axe: scrollable-region-focusable). */}
        <div class="table-scroll" role="region" aria-label={t('admin.sources.bySource')} tabindex={0}>
          <table class="tally" data-by-source>
            <caption>{t('admin.sources.bySource')}</caption>
            {head(t('admin.sources.source'))}
            <tbody>
              {stats.top.length === 0 && <tr><td colspan={4}>{t('admin.noneYet')}</td></tr>}
              {stats.top.map((r) => (
                <tr data-source={r.source ?? ''}>
                  <th scope="row">{r.source === null ? t('admin.sources.none') : <code>{r.source}</code>}</th>
                  <Cells row={r} locale={locale} />
                </tr>
              ))}
              {stats.other.signed > 0 && (
                <tr data-source="(other)">
                  <th scope="row">{t('admin.sources.other')}</th>
                  <Cells row={stats.other} locale={locale} />
                </tr>
              )}
            </tbody>
          </table>
        </div>
        <div class="table-scroll" role="region" aria-label={t('admin.sources.byDay')} tabindex={0}>
          <table class="tally" data-by-day>
            <caption>{t('admin.sources.byDay')}</caption>
            {head(t('admin.sources.day'), true)}
            <tbody>
              {days.length === 0 && <tr><td colspan={5}>{t('admin.noneYet')}</td></tr>}
              {days.map((d) => (
                <tr data-day={d.day}>
                  <th scope="row">{d.day}</th>
                  <Cells row={d} locale={locale} />
                  <td>{formatCount(d.total, locale)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </div>
    </section>
  );
}
