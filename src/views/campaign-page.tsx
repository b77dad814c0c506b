import type { Campaign, Target } from '../db/campaigns';
import type { PublicMessage } from '../db/signature-reads';
import type { I18n } from '../i18n/lang';
import { countryName } from '../lib/countries';
import type { Picket } from '../db/pickets';
import { PicketsSection } from './pickets-section';
import { Progress } from './progress';
import { type FormState, SignForm } from './sign-form';

export type CampaignPageProps = {
  campaign: Campaign;
  count: number;
  /** The goal shown now: the campaign's goal, or the next milestone once it is passed. */
  goal: number;
  /** Confirmations today (UTC). */
  today: number;
  /** When the count last changed (ISO), so the live script never shows an older one. */
  updatedAt: string;
  targets: Target[];
  messages: PublicMessage[];
  /** Upcoming pickets (cancelled ones too), soonest first. */
  pickets?: Picket[];
  /** How many targets answered, and how many stayed silent (issue 28). */
  answers?: { answered: number; silent: number; silentAfterDays: number };
  form: FormState;
  turnstileSiteKey?: string;
  i18n: I18n;
};

/** When the campaign closes by itself, and how long is left (as of when the page was built). */
function ClosesAt({ at, i18n: { t, locale } }: { at: number; i18n: I18n }) {
  const hours = Math.max(0, Math.round((at - Date.now()) / 3_600_000));
  const left = hours >= 48 ? t('editor.closes.days', { count: Math.round(hours / 24) }) : t('editor.closes.hours', { count: hours });
  const date = new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeStyle: 'short', timeZone: 'UTC' }).format(at);
  return <p class="closes-at"><time datetime={new Date(at).toISOString()}>{t('editor.closes.at', { date, left })}</time></p>;
}

function Body({ text }: { text: string }) {
  return <>{text.split(/\n{2,}/).map((p) => <p>{p}</p>)}</>;
}

/** The campaign's own picture when it is a file of this site (the page loads nothing from elsewhere). */
export function localImage(campaign: Campaign): string | undefined {
  const image = campaign.settings.image;
  return image?.startsWith('/') ? image : undefined;
}

/** Messages their authors chose to make public, each in its own direction (Arabic, Hebrew: right to left). */
export function Wall({ slug, messages, i18n }: { slug: string; messages: PublicMessage[]; i18n: I18n }) {
  return (
    <section class="wall" aria-labelledby="wall-heading">
      <h2 id="wall-heading">{i18n.t('wall.heading')}</h2>
      <ol data-wall={slug} data-empty={i18n.t('wall.empty')} aria-live="polite">
        {messages.length === 0 && <li class="empty">{i18n.t('wall.empty')}</li>}
        {messages.map((m) => (
          <li>
            <blockquote dir="auto">{m.message}</blockquote>
            <p class="from">— <bdi>{m.name}</bdi>, <bdi>{m.city}</bdi>, {countryName(m.country, i18n.locale)}</p>
          </li>
        ))}
      </ol>
    </section>
  );
}

/**
 * The campaign (already in the page's language). The same HTML for every visitor of a
 * language, so it can be cached: the count and the wall are made live by campaign.js.
 * In source order the tally and the form come right after the title and picture; on a
 * phone the CSS shows the summary and the appeal between them (with a Sign button in the first screen and, from
 * campaign.js, a sticky one while the form is out of sight); on a desktop the tally and
 * the form are the right-hand column.
 */
export function CampaignPage({ campaign, count, goal, today, updatedAt, targets, messages, pickets = [], answers, form, turnstileSiteKey, i18n }: CampaignPageProps) {
  const { t, link } = i18n;
  const open = campaign.status === 'open';
  const image = localImage(campaign);
  // The draft's banner goes before the article: inside, the desktop grid (whose areas it has no
  // place in) put it after every row, at the bottom of the page.
  return (
    <>
    {campaign.status === 'draft' && <p class="preview-banner" role="status">{t('editor.preview.banner')}</p>}
    <article class="campaign">
      <header class="lead">
        <h1>{campaign.title}</h1>
        {image && <img class="hero" src={image} alt="" width="1200" height="630" />}
      </header>
      {campaign.summary && <p class="summary lead-summary">{campaign.summary}</p>}
      <div class="side">
        <div class="tally-card">
          <Progress count={count} goal={goal} today={today} slug={campaign.slug} updatedAt={updatedAt} i18n={i18n} />
          {open && <a href="#sign" class="button sign-now">{t('campaign.signNow')}</a>}
        </div>
        {open ? (
          <SignForm slug={campaign.slug} targets={targets} state={form} turnstileSiteKey={turnstileSiteKey} i18n={i18n} />
        ) : campaign.status === 'closed' && (
          <p class="closed">{t('campaign.closed')}</p>
        )}
        {open && campaign.closesAt !== null && <ClosesAt at={campaign.closesAt} i18n={i18n} />}
      </div>
      <div class="appeal">
        <Body text={campaign.body} />
        {campaign.demands.length > 0 && (
          <>
            <h2>{t('campaign.demands')}</h2>
            <ul class="demands">{campaign.demands.map((d) => <li>{d}</li>)}</ul>
          </>
        )}
      </div>
      <PicketsSection slug={campaign.slug} pickets={pickets} targets={targets} open={open} i18n={i18n} />
      <Wall slug={campaign.slug} messages={messages} i18n={i18n} />
      <p class="more ledger-link">
        <a href={link(`/c/${campaign.slug}/deliveries`)}>{t('campaign.deliveries')}</a>
        {answers && answers.answered + answers.silent > 0 && (
          <>
            {' · '}
            <a href={link(`/c/${campaign.slug}/deliveries#answers-heading`)} data-answers>
              {t('campaign.answers', { count: answers.answered, silent: answers.silent, days: answers.silentAfterDays })}
            </a>
          </>
        )}
      </p>
      <p class="more">
        <a href={link(`/c/${campaign.slug}/embed-code`)}>{t('campaign.embedLink')}</a>
      </p>
      {open && (
        <div class="sticky-sign" data-sticky-sign hidden>
          <a href="#sign" class="button">{t('campaign.signNow')}</a>
        </div>
      )}
    </article>
    </>
  );
}
