import type { ApiToken } from '../../db/api-tokens';
import type { Campaign } from '../../db/campaigns';
import type { CampaignStats, ModerationItem } from '../../db/dashboard';
import type { LogEntry } from '../../db/moderation';
import type { DeliveryStats } from '../../db/delivery-stats';
import { DayChart } from './chart';
import { SignOut } from './login';
import { ModerationList, ModerationLog } from './moderation';
import { Deliveries, StatusCards, TallyTable } from './tallies';

export type DashboardProps = {
  campaign: Campaign;
  email: string;
  csrf: string;
  stats: CampaignStats;
  deliveries: DeliveryStats;
  messages: ModerationItem[];
  nextBefore: number | null;
  log: LogEntry[];
  tokens: ApiToken[];
};

function Export({ slug }: { slug: string }) {
  const base = `/api/admin/campaigns/${slug}/signatures`;
  return (
    <section aria-labelledby="export-heading">
      <h2 id="export-heading">Export</h2>
      <p class="buttons">
        <a class="button" href={`${base}.csv?status=confirmed`} download data-export="csv">Download confirmed signatures (CSV)</a>
        <a class="button secondary" href={`${base}.csv?status=confirmed&bom=1`} download>CSV for Excel</a>
        <a class="button secondary" href={`${base}.csv`} download>All signatures (CSV)</a>
        <a class="button secondary" href={`${base}.ndjson`} download>All (NDJSON)</a>
      </p>
    </section>
  );
}

function Tokens({ slug, tokens, csrf }: { slug: string; tokens: ApiToken[]; csrf: string }) {
  return (
    <section aria-labelledby="tokens-heading">
      <h2 id="tokens-heading">API tokens</h2>
      <p class="hint">Make one with <code>npm run campaign -- token {slug} [--remote]</code>; it is shown once.</p>
      {tokens.length === 0 && <p>No tokens.</p>}
      <ul class="log">
        {tokens.map((t) => (
          <li>
            #{t.id} {t.label || '(no label)'} · made {new Date(t.createdAt).toISOString().slice(0, 10)}
            {t.lastUsedAt !== null && <> · last used {new Date(t.lastUsedAt).toISOString()}</>}
            {t.revokedAt !== null ? <> · revoked</> : (
              <form method="post" action={`/admin/campaigns/${slug}/tokens/${t.id}/revoke`} class="inline">
                <input type="hidden" name="_csrf" value={csrf} />
                {' '}<button type="submit" class="secondary small">Revoke</button>
              </form>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}

/** One campaign for its organisers: counts, the chart, delivery, moderation, export, tokens. */
export function DashboardPage(p: DashboardProps) {
  const slug = p.campaign.slug;
  return (
    <section class="admin dashboard">
      <p><a href="/admin">← Your campaigns</a></p>
      <SignOut email={p.email} csrf={p.csrf} />
      <h1>{p.campaign.title}</h1>
      <p><a href={`/c/${slug}`}>Public page</a> · goal {p.campaign.goal} · {p.campaign.status}</p>
      <StatusCards status={p.stats.status} />
      <DayChart days={p.stats.perDay} />
      <div class="columns-2">
        <TallyTable caption="Confirmed by country" rows={p.stats.byCountry} country />
        <TallyTable caption="Confirmed by target" rows={p.stats.byTarget} />
      </div>
      <Export slug={slug} />
      <Deliveries stats={p.deliveries} slug={slug} csrf={p.csrf} />
      <ModerationList slug={slug} items={p.messages} csrf={p.csrf} next={p.nextBefore} mode={p.campaign.settings.moderation} />
      <ModerationLog entries={p.log} />
      <Tokens slug={slug} tokens={p.tokens} csrf={p.csrf} />
    </section>
  );
}
