import type { I18n } from '../i18n/lang';

/** Escapes text for a double-quoted HTML attribute inside a snippet people paste. */
function attr(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * The three ways to show this campaign's count on another site, as paste-ready HTML; in a
 * language other than English, the snippets ask for it (`data-lang`, `?lang=`).
 */
export function embedSnippets(base: string, slug: string, title: string, i18n: I18n): { id: string; label: string; code: string }[] {
  const { t, locale } = i18n;
  const page = `${base}/c/${slug}`;
  const q = locale === 'en' ? '' : `?lang=${locale}`;
  return [
    {
      id: 'embed-script',
      label: t('embed.script'),
      code: `<script async src="${base}/widget.js" data-campaign="${slug}"${locale === 'en' ? '' : ` data-lang="${locale}"`}></script>`,
    },
    {
      id: 'embed-iframe',
      label: t('embed.iframe'),
      code: `<iframe src="${page}/embed${q}" title="${attr(title)}" width="320" height="130" style="border:0" loading="lazy"></iframe>`,
    },
    {
      id: 'embed-badge',
      label: t('embed.badge'),
      code: `<a href="${page}${q}"><img src="${page}/badge.svg${q}" alt="${attr(t('embed.badgeAlt', { title }))}"></a>`,
    },
  ];
}

/**
 * "Put this on your site": the snippets in read-only text areas, so they can be selected
 * and copied without JavaScript; the page script adds a copy button to each.
 */
export function EmbedCode({ base, slug, title, i18n }: { base: string; slug: string; title: string; i18n: I18n }) {
  const { t } = i18n;
  // The page script's copy button speaks the page's language through these attributes.
  return (
    <section class="embed-code" aria-labelledby="embed-heading" data-copy-label={t('embed.copy')} data-copied-label={t('embed.copied')}
      data-copy-by-hand-label={t('embed.copyByHand')}>
      <h2 id="embed-heading">{t('embed.heading')}</h2>
      <p>{t('embed.intro')}</p>
      {embedSnippets(base, slug, title, i18n).map((s) => (
        <div class="snippet">
          <label for={s.id}>{s.label}</label>
          <textarea id={s.id} readonly rows={3} data-copy>{s.code}</textarea>
        </div>
      ))}
    </section>
  );
}
