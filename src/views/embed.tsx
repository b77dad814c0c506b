import type { I18n } from '../i18n/lang';
import type { PublicCount } from '../db/counts';
import { Progress } from './progress';

/**
 * The counter as a page of its own, for an `<iframe>` on any site: no host script needed.
 * Its one script (same origin, CSP 'self') keeps the count live and reports the height to
 * the parent so a host page can size the frame. Its sign link keeps the language.
 */
export function EmbedPage({ count, i18n }: { count: PublicCount; i18n: I18n }) {
  const { t, locale } = i18n;
  // Signatures through the frame count as `embed` on the dashboard.
  const page = `/c/${count.slug}?source=embed${locale === 'en' ? '' : `&lang=${locale}`}`;
  return (
    <html lang={locale}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{count.title}</title>
        <link rel="stylesheet" href="/embed.css" />
        <script src="/embed.js" defer />
      </head>
      <body class="embed">
        <p class="title">{count.title}</p>
        <Progress count={count.count} goal={count.nextGoal} slug={count.slug} updatedAt={count.updatedAt} i18n={i18n} />
        <a class="sign" href={`${page}#sign`} target="_top">{t('form.submit')}</a>
      </body>
    </html>
  );
}
