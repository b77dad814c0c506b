import type { DayCount } from '../../db/dashboard';
import type { SourceStats } from '../../db/sources';
import type { I18n } from '../../i18n/lang';
import { formatCount } from '../progress';

type TodayProps = { now: number; perDay: DayCount[]; origins: SourceStats; i18n: I18n };

/**
 * The overview's "today" (UTC, as the chart's days): signed and confirmed since midnight, and
 * the three sources most signatures came from, in the first screen beside the totals.
 */
export function Today({ now, perDay, origins, i18n }: TodayProps) {
  const { t, locale } = i18n;
  const day = new Date(now).toISOString().slice(0, 10);
  const confirmed = perDay.find((d) => d.day === day)?.count ?? 0;
  const signed = origins.days.find((d) => d.day === day)?.signed ?? 0;
  const top = origins.top.filter((s) => s.signed > 0).slice(0, 3);
  return (
    <>
      <dl class="cards overview-today" data-today>
        <div class="card">
          <dt>{t('admin.overview.signedToday')}</dt>
          <dd data-today="signed">{formatCount(signed, locale)}</dd>
        </div>
        <div class="card">
          <dt>{t('admin.overview.today')}</dt>
          <dd data-today="confirmed">{formatCount(confirmed, locale)}</dd>
        </div>
      </dl>
      {top.length > 0 && (
        <p data-top-sources>
          {t('admin.overview.sources')}:{' '}
          {top.map((s, i) => (
            <>
              {i > 0 && ' · '}
              <a href="#sources-heading">{s.source ?? t('admin.overview.noSource')}</a> {formatCount(s.signed, locale)}
            </>
          ))}
        </p>
      )}
    </>
  );
}
