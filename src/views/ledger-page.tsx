import type { PublicLedger } from '../db/ledger';
import type { I18n } from '../i18n/lang';
import { countryName } from '../lib/countries';
import { CAMPAIGN_TARGET } from '../lib/ledger-hash';
import { targetName } from '../lib/target-name';
import { formatCount } from './progress';

/** How many of the latest days get a column in the per-target table. */
const DAY_COLUMNS = 7;

/** The name a target goes by on public pages, in the page's language; the campaign's own inbox in words. */
export function targetLabel(target: { key: string; name: string; names: Record<string, string> }, i18n: I18n): string {
  return target.key === CAMPAIGN_TARGET ? i18n.t('ledger.campaignInbox', { name: target.name }) : targetName(target, i18n.locale);
}

function PerTarget({ ledger, i18n }: { ledger: PublicLedger; i18n: I18n }) {
  const { t, locale } = i18n;
  const days = ledger.days.slice(-DAY_COLUMNS).map((d) => d.day);
  // A column a day: on a phone the table scrolls sideways in its own box, not the page.
  return (
    <div class="table-scroll" role="region" aria-label={t('ledger.perTarget')} tabindex={0}>
      <table class="ledger targets">
        <caption>{t('ledger.perTarget')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('ledger.recipient')}</th>
            <th scope="col">{t('ledger.country')}</th>
            <th scope="col">{t('ledger.delivered')}</th>
            {days.map((d) => <th scope="col"><time datetime={d}>{d}</time></th>)}
          </tr>
        </thead>
        <tbody>
          {ledger.targets.map((target) => (
            <tr data-target={target.key}>
              <th scope="row">{targetLabel(target, i18n)}</th>
              <td>{target.country ? countryName(target.country, locale) : '—'}</td>
              <td data-delivered>{formatCount(target.delivered, locale)}</td>
              {days.map((d) => <td>{formatCount(target.days[d] ?? 0, locale)}</td>)}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function PerDay({ ledger, i18n }: { ledger: PublicLedger; i18n: I18n }) {
  const { t, locale } = i18n;
  return (
    <table class="ledger days">
      <caption>{t('ledger.perDay')}</caption>
      <thead>
        <tr>
          <th scope="col">{t('ledger.day')}</th>
          <th scope="col">{t('ledger.delivered')}</th>
          <th scope="col">{t('ledger.root')}</th>
        </tr>
      </thead>
      <tbody>
        {ledger.days.length === 0 && <tr><td colspan={3}>{t('ledger.none')}</td></tr>}
        {[...ledger.days].reverse().map((d) => (
          <tr data-day={d.day}>
            <th scope="row"><time datetime={d.day}>{d.day}</time></th>
            <td>{formatCount(d.delivered, locale)}</td>
            <td>
              <code class="hash">{d.root}</code>
              {!d.sealed && <span class="hint"> {t('ledger.open')}</span>}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The public delivery ledger of a campaign: counts per target and day, and each day's root. */
export function LedgerPage({ ledger, title, i18n }: { ledger: PublicLedger; title: string; i18n: I18n }) {
  const { t, link } = i18n;
  const slug = ledger.campaign;
  return (
    <section class="ledger-page">
      <p><a href={link(`/c/${slug}`)}>{t('campaign.back')}</a></p>
      <h1>{t('ledger.heading', { title })}</h1>
      <p>{t('ledger.intro')}</p>
      <PerTarget ledger={ledger} i18n={i18n} />
      <PerDay ledger={ledger} i18n={i18n} />
      <h2>{t('ledger.checkHeading')}</h2>
      <p>{t('ledger.proves')}</p>
      <p>{t('ledger.notProves')}</p>
      <p>
        <a href={link(`/c/${slug}/deliveries/verify`)}>{t('ledger.verifyLink')}</a> ·{' '}
        <a href={`/c/${slug}/deliveries.json`}>{t('ledger.json')}</a>
      </p>
      <p class="hint">{t('ledger.generated', { time: ledger.generatedAt })}</p>
    </section>
  );
}
