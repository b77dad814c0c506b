import type { Campaign, Target } from '../db/campaigns';
import type { PublicMessage } from '../db/signature-reads';
import type { I18n } from '../i18n/lang';
import { countryName } from '../lib/countries';
import { EmbedCode } from './embed-code';
import { Progress } from './progress';
import { type FormState, SignForm } from './sign-form';

export type CampaignPageProps = {
  campaign: Campaign;
  count: number;
  /** The goal shown now: the campaign's goal, or the next milestone once it is passed. */
  goal: number;
  /** When the count last changed (ISO), so the live script never shows an older one. */
  updatedAt: string;
  /** Public origin, for the embed snippets. */
  base: string;
  targets: Target[];
  messages: PublicMessage[];
  form: FormState;
  turnstileSiteKey?: string;
  i18n: I18n;
};

function Body({ text }: { text: string }) {
  return <>{text.split(/\n{2,}/).map((p) => <p>{p}</p>)}</>;
}

/** Messages their authors chose to make public. */
export function Wall({ slug, messages, i18n }: { slug: string; messages: PublicMessage[]; i18n: I18n }) {
  return (
    <section class="wall" aria-labelledby="wall-heading">
      <h2 id="wall-heading">{i18n.t('wall.heading')}</h2>
      <ol data-wall={slug} data-empty={i18n.t('wall.empty')} aria-live="polite">
        {messages.length === 0 && <li class="empty">{i18n.t('wall.empty')}</li>}
        {messages.map((m) => (
          <li>
            <blockquote>{m.message}</blockquote>
            <p class="from">— {m.name}, {m.city}, {countryName(m.country, i18n.locale)}</p>
          </li>
        ))}
      </ol>
    </section>
  );
}

/** The campaign (already in the page's language): its appeal, demands, count, the form and the public messages. */
export function CampaignPage({ campaign, count, goal, updatedAt, base, targets, messages, form, turnstileSiteKey, i18n }: CampaignPageProps) {
  const { t } = i18n;
  return (
    <article class="campaign">
      <h1>{campaign.title}</h1>
      {campaign.summary && <p class="summary">{campaign.summary}</p>}
      <Progress count={count} goal={goal} slug={campaign.slug} updatedAt={updatedAt} i18n={i18n} />
      <p class="ledger-link"><a href={i18n.link(`/c/${campaign.slug}/deliveries`)}>{t('campaign.deliveries')}</a></p>
      <div class="columns">
        <div class="appeal">
          <Body text={campaign.body} />
          {campaign.demands.length > 0 && (
            <>
              <h2>{t('campaign.demands')}</h2>
              <ul class="demands">{campaign.demands.map((d) => <li>{d}</li>)}</ul>
            </>
          )}
        </div>
        <div class="form-column">
          {campaign.status === 'open' ? (
            <SignForm slug={campaign.slug} targets={targets} state={form} turnstileSiteKey={turnstileSiteKey} i18n={i18n} />
          ) : (
            <p class="closed">{t('campaign.closed')}</p>
          )}
        </div>
      </div>
      <Wall slug={campaign.slug} messages={messages} i18n={i18n} />
      <EmbedCode base={base} slug={campaign.slug} title={campaign.title} i18n={i18n} />
    </article>
  );
}
