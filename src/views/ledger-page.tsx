import type { AnsweredLedger, PublicAnswer } from '../db/replies';
import type { I18n } from '../i18n/lang';
import { countryName } from '../lib/countries';
import { intlLocales } from '../lib/intl';
import { CAMPAIGN_TARGET } from '../lib/ledger-hash';
import { targetName } from '../lib/target-name';
import { STATUS_LABEL } from './answer-status';
import { formatCount } from './progress';

/** How many of the latest days get a column in the per-target table. */
const DAY_COLUMNS = 7;

/** The name a target goes by on public pages, in the page's language; the campaign's own inbox in words. */
export function targetLabel(target: { key: string; name: string; names: Record<string, string> }, i18n: I18n): string {
  return target.key === CAMPAIGN_TARGET ? i18n.t('ledger.campaignInbox', { name: targetName(target, i18n.locale) }) : targetName(target, i18n.locale);
}

type Row = AnsweredLedger['targets'][number];

/** Whether a target has nothing to show yet: nothing delivered and no answer worth a word. */
function quiet(target: Row): boolean {
  const a = target.answer;
  return target.delivered === 0 && (!a || (a.status === 'none' && a.silentDays === null && !a.note));
}

/**
 * The per-target table: the targets anything reached (or that answered) first, the campaign's
 * own inbox then the rest by name in the page's language; the targets nothing reached yet
 * folded under one line with their count (on a phone they were a long table of zeros).
 */
function PerTarget({ ledger, i18n }: { ledger: AnsweredLedger; i18n: I18n }) {
  const { t, locale } = i18n;
  const days = ledger.days.slice(-DAY_COLUMNS).map((d) => d.day);
  const collator = new Intl.Collator(intlLocales(locale));
  const rows = ledger.targets
    .map((target) => ({ target, label: targetLabel(target, i18n) }))
    .sort((a, b) => Number(b.target.key === CAMPAIGN_TARGET) - Number(a.target.key === CAMPAIGN_TARGET) || collator.compare(a.label, b.label));
  const shown = rows.filter((r) => !quiet(r.target));
  const rest = rows.filter((r) => quiet(r.target));
  // The heading sits outside the scroll box, so it wraps on a phone instead of being cut
  // at the screen's edge; a column a day: the table scrolls sideways in its own box, not the page.
  return (
    <>
      <h2 id="per-target">{t('ledger.perTarget')}</h2>
      {shown.length === 0 ? <p>{t('ledger.none')}</p> : (
        <div class="table-scroll" role="region" aria-labelledby="per-target" tabindex={0}>
          <table class="ledger targets" aria-labelledby="per-target">
            <thead>
              <tr>
                <th scope="col">{t('ledger.recipient')}</th>
                <th scope="col">{t('ledger.country')}</th>
                <th scope="col">{t('ledger.delivered')}</th>
                <th scope="col">{t('ledger.answer')}</th>
                {days.map((d) => <th scope="col"><time datetime={d}>{d}</time></th>)}
              </tr>
            </thead>
            <tbody>
              {shown.map(({ target, label }) => (
                <tr data-target={target.key}>
                  <th scope="row">{label}</th>
                  <td>{target.country ? countryName(target.country, locale) : '—'}</td>
                  <td data-delivered>{formatCount(target.delivered, locale)}</td>
                  <td data-answer={target.answer?.status}>{target.answer ? <AnswerCell answer={target.answer} i18n={i18n} /> : '—'}</td>
                  {days.map((d) => <td>{formatCount(target.days[d] ?? 0, locale)}</td>)}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {rest.length > 0 && (
        <details class="ledger-quiet">
          <summary>{t('ledger.notYet', { count: rest.length })}</summary>
          <ul>
            {rest.map(({ target, label }) => (
              <li data-target={target.key}>{label}{target.country && <span class="hint"> · {countryName(target.country, locale)}</span>}</li>
            ))}
          </ul>
        </details>
      )}
    </>
  );
}

/** A target's status in words: silent for how long, or what it did, with the organisers' note. */
function AnswerCell({ answer, i18n: { t } }: { answer: PublicAnswer; i18n: I18n }) {
  // Nothing to say of a target nothing was delivered to and nobody marked.
  if (answer.status === 'none' && answer.silentDays === null && !answer.note) return <>—</>;
  const status = answer.silentDays !== null ? t('ledger.silentDays', { count: answer.silentDays }) : t(STATUS_LABEL[answer.status]);
  return <>{status}{answer.note && <span class="hint" dir="auto"> — {answer.note}</span>}</>;
}

/** The replies the organisers published, each with the hash of its exact text and its ledger receipt. */
function Answers({ ledger, i18n }: { ledger: AnsweredLedger; i18n: I18n }) {
  const { t, link } = i18n;
  const replies = ledger.targets.flatMap((target) => (target.answer?.replies ?? []).map((r) => ({ ...r, target })));
  if (replies.length === 0) return null;
  return (
    <section aria-labelledby="answers-heading" class="answers">
      <h2 id="answers-heading">{t('ledger.answersHeading')}</h2>
      {replies.map((r) => (
        <article class="answer" data-receipt={r.receipt}>
          <h3>{t('ledger.replyOf', { target: targetLabel(r.target, i18n), date: r.receivedAt.slice(0, 10) })}</h3>
          <blockquote dir="auto" lang="">{r.text}</blockquote>
          <p class="hint">
            {t('ledger.replyPublished', { date: r.publishedAt.slice(0, 10) })}{' '}
            <a href={link(`/c/${ledger.campaign}/deliveries/verify?receipt=${r.receipt}`)}>{t('ledger.replyCheck')}</a>
            {' · SHA-256 '}<code class="hash">{r.textSha256}</code>
          </p>
        </article>
      ))}
    </section>
  );
}

function PerDay({ ledger, i18n }: { ledger: AnsweredLedger; i18n: I18n }) {
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
export function LedgerPage({ ledger, title, i18n }: { ledger: AnsweredLedger; title: string; i18n: I18n }) {
  const { t, link } = i18n;
  const slug = ledger.campaign;
  return (
    <section class="ledger-page">
      <p><a href={link(`/c/${slug}`)}>{t('campaign.back')}</a></p>
      <h1>{t('ledger.heading', { title })}</h1>
      <p>{t('ledger.intro')}</p>
      <p data-answers>{t('ledger.answersSummary', { count: ledger.answers.answered, silent: ledger.answers.silent, days: ledger.answers.silentAfterDays })}</p>
      <PerTarget ledger={ledger} i18n={i18n} />
      <Answers ledger={ledger} i18n={i18n} />
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
