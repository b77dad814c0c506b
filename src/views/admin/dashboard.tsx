import type { ApiToken } from '../../db/api-tokens';
import type { SourceTally } from '../../db/bulk-spam';
import type { Campaign } from '../../db/campaigns';
import type { CampaignStats } from '../../db/dashboard';
import type { LogEntry } from '../../db/moderation';
import type { DeliveryStats } from '../../db/delivery-stats';
import type { SourceStats } from '../../db/sources';
import type { I18n } from '../../i18n/lang';
import { AdminNav } from './admin-nav';
import { Attention } from './attention';
import { BulkSpamSection } from './bulk-spam';
import { CacheNotice } from './cache-notice';
import { DayChart } from './chart';
import { Export } from './export-form';
import { type AddressRow, TargetDeliveries } from './delivery-targets';
import { SignOut } from './login';
import { LookupForm } from './lookup';
import { ModerationLog } from './moderation';
import { SourceTables } from './sources';
import { campaignStatus, Deliveries, StatusCards, TallyTable } from './tallies';
import { TokenList } from './team';
import { Today } from './today';

export type DashboardProps = {
  /** Shown before the deliveries (the mail status). */
  children?: unknown;
  campaign: Campaign;
  email: string;
  csrf: string;
  stats: CampaignStats;
  deliveries: DeliveryStats;
  /** Delivery per target address (the campaign's inbox first). */
  addresses: AddressRow[];
  now: number;
  /** Signed, confirmed and the rate per source and per day. */
  origins: SourceStats;
  log: LogEntry[];
  tokens: ApiToken[];
  sources: { domains: SourceTally[]; networks: SourceTally[] };
  i18n: I18n;
};

function Tokens({ slug, tokens, csrf, i18n: { t, link } }: { slug: string; tokens: ApiToken[]; csrf: string; i18n: I18n }) {
  return (
    <section aria-labelledby="tokens-heading">
      <h2 id="tokens-heading">{t('admin.tokens.heading')}</h2>
      <p class="hint"><a href={link(`/admin/campaigns/${slug}/team#tokens-heading`)}>{t('editor.tokens.create')}</a></p>
      {tokens.length === 0 && <p>{t('admin.tokens.empty')}</p>}
      <TokenList slug={slug} tokens={tokens} csrf={csrf} i18n={{ t, link }} />
    </section>
  );
}

/**
 * The overview of one campaign: how it is doing in the first screen (the count, today, what
 * needs the organiser), then the chart and sources; the long tables fold away. Every other
 * place is one tap away in the navigation.
 */
export function DashboardPage(p: DashboardProps) {
  const slug = p.campaign.slug;
  const { i18n } = p;
  const { t, link } = i18n;
  const held = p.addresses.filter((a) => a.hold).length;
  return (
    <section class="admin dashboard">
      <AdminNav slug={slug} current="overview" i18n={i18n} />
      <SignOut email={p.email} csrf={p.csrf} i18n={i18n} />
      <h1>{p.campaign.title}</h1>
      <p><a href={link(`/c/${slug}`)}>{t('admin.publicPage')}</a> · {t('admin.goalStatus', { goal: p.campaign.goal, status: campaignStatus(p.campaign.status, t) })} · <a href={link('/admin')}>{t('admin.campaignsBack')}</a></p>
      <CacheNotice i18n={i18n} />
      <StatusCards status={p.stats.status} i18n={i18n} />
      <Today now={p.now} perDay={p.stats.perDay} origins={p.origins} i18n={i18n} />
      <Attention slug={slug} held={held} dead={p.deliveries.dead} waiting={p.deliveries.pending} i18n={i18n}>
        {/* Notices of other features go here, one component each (an <li> or nothing). */}
      </Attention>
      {/* What mail costs and whether it is paused (mail-status.tsx, read by the route). */}
      {p.children}
      <DayChart days={p.stats.perDay} i18n={i18n} />
      <SourceTables stats={p.origins} i18n={i18n} />
      <div class="columns-2">
        <TallyTable caption={t('admin.byCountry')} rows={p.stats.byCountry} country i18n={i18n} />
        <TallyTable caption={t('admin.byTarget')} rows={p.stats.byTarget} i18n={i18n} />
      </div>
      <Deliveries stats={p.deliveries} slug={slug} csrf={p.csrf} i18n={i18n} />
      <details class="fold">
        <summary>{t('admin.targets.caption')}</summary>
        {/* Eight columns: on a phone the table scrolls in its own box instead of widening the page. */}
        <div class="table-scroll" role="region" aria-label={t('admin.targets.caption')} tabindex={0}><TargetDeliveries slug={slug} rows={p.addresses} csrf={p.csrf} now={p.now} i18n={i18n} /></div>
        <p><a href={link(`/admin/campaigns/${slug}/deliveries`)}>{t('admin.targets.allMessages')}</a> · <a href={link(`/c/${slug}/deliveries`)}>{t('admin.targets.ledger')}</a></p>
      </details>
      <Export slug={slug} i18n={i18n} />
      <p><a href={link(`/admin/campaigns/${slug}/updates`)} data-updates-link>{t('admin.updates.heading')}</a></p>
      <section aria-labelledby="moderation-heading">
        <h2 id="moderation-heading">{t('admin.messages.heading')}</h2>
        <p><a href={link(`/admin/campaigns/${slug}/messages?filter=unreviewed`)}>{t('admin.messages.open')}</a></p>
      </section>
      <details class="fold">
        <summary>{t('admin.lookup.heading')} · {t('admin.spam.heading')} · {t('admin.log.heading')} · {t('admin.tokens.heading')}</summary>
        <section aria-labelledby="lookup-heading">
          <h2 id="lookup-heading">{t('admin.lookup.heading')}</h2>
          <LookupForm slug={slug} csrf={p.csrf} state={{ values: {}, errors: {} }} i18n={i18n} />
        </section>
        <BulkSpamSection slug={slug} sources={p.sources} i18n={i18n} />
        <ModerationLog entries={p.log} i18n={i18n} />
        <Tokens slug={slug} tokens={p.tokens} csrf={p.csrf} i18n={i18n} />
      </details>
    </section>
  );
}
