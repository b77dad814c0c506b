import { useRequestContext } from 'hono/jsx-renderer';
import type { I18n } from '../../i18n/lang';
import { PAGE_STALE_MS, PUBLIC_FRESH_MS } from '../../lib/cache-times';
import { cacheWorksOn, WORKERS_FREE } from '../../lib/platform-limits';
import { Rich } from '../rich';

/** Cloudflare's page on putting a Worker on a domain of one's own. */
const CUSTOM_DOMAINS = 'https://developers.cloudflare.com/workers/configuration/routing/custom-domains/';

/**
 * Says out loud, on a `*.workers.dev` address, that the Cache API does nothing there and
 * what that costs, with the way out (a custom domain, docs/deploying.md). Renders nothing on
 * any other host. Reads the host from the request, so the dashboard includes it in one line.
 */
export function CacheNotice({ i18n: { t } }: { i18n: I18n }) {
  const host = new URL(useRequestContext().req.url).hostname;
  if (cacheWorksOn(host)) return null;
  const figures = {
    host,
    seconds: PUBLIC_FRESH_MS / 1000,
    stale: (PUBLIC_FRESH_MS + PAGE_STALE_MS) / 1000,
    requests: WORKERS_FREE.requestsPerDay ?? 0,
  };
  return (
    <section class="cache-notice" aria-labelledby="cache-notice-heading" data-cache-notice>
      <h2 id="cache-notice-heading">{t('hosting.cacheOff.heading')}</h2>
      <p>{t('hosting.cacheOff.why', figures)}</p>
      <ul>
        <li>{t('hosting.cacheOff.builds', figures)}</li>
        <li>{t('hosting.cacheOff.purge', figures)}</li>
        <li>{t('hosting.cacheOff.requests', figures)}</li>
      </ul>
      <p>
        <Rich
          text={t('hosting.cacheOff.fix')}
          parts={{ doc: <code>docs/deploying.md</code>, link: <a href={CUSTOM_DOMAINS} rel="noopener">{t('hosting.cacheOff.linkText')}</a> }}
        />
      </p>
    </section>
  );
}
