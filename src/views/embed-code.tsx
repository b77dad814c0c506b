import type { Child } from 'hono/jsx';
import type { I18n } from '../i18n/lang';

/** The iframe snippet's height: the embed page fits it in every language (test/browser checks). */
export const IFRAME_HEIGHT = 190;

/** Escapes text for a double-quoted HTML attribute inside a snippet people paste. */
function attr(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * The ways to show this campaign on another site, as paste-ready HTML: the live count, the
 * live count with the signing form (a placeholder and the script, so it can sit on a page
 * beside the count's script), the iframe and the badge; in a language other than English,
 * the snippets ask for it (`data-lang`, `?lang=`).
 */
export function embedSnippets(base: string, slug: string, title: string, i18n: I18n): { id: string; label: string; code: string }[] {
  const { t, locale } = i18n;
  const page = `${base}/c/${slug}`;
  const q = locale === 'en' ? '' : `?lang=${locale}`;
  return [
    {
      id: 'embed-script',
      label: t('embed.script'),
      code: `<script async id="solidarity-widget" src="${base}/widget.js" data-campaign="${slug}"${locale === 'en' ? '' : ` data-lang="${locale}"`}></script>`,
    },
    {
      id: 'embed-form',
      label: t('embed.form'),
      code: `<div data-solidarity-campaign="${slug}" data-variant="full"${locale === 'en' ? '' : ` data-lang="${locale}"`}></div>\n<script async src="${base}/widget.js"></script>`,
    },
    {
      id: 'embed-iframe',
      label: t('embed.iframe'),
      code: `<iframe src="${page}/embed${q}" title="${attr(title)}" width="320" height="${IFRAME_HEIGHT}" style="border:0" loading="lazy"></iframe>`,
    },
    {
      id: 'embed-badge',
      label: t('embed.badge'),
      code: `<a href="${page}${q}"><img src="${page}/badge.svg${q}" alt="${attr(t('embed.badgeAlt', { title }))}"></a>`,
    },
  ];
}

/**
 * "Put this on your site", a page of its own (off the supporter's path): each snippet in a
 * read-only text area, selectable and copyable without JavaScript (campaign.js adds copy
 * buttons), beside a live preview of what it shows.
 */
export function EmbedCodePage({ base, slug, title, i18n }: { base: string; slug: string; title: string; i18n: I18n }) {
  const { t, link, locale } = i18n;
  const q = locale === 'en' ? '' : `?lang=${locale}`;
  const previews: Record<string, Child> = {
    'embed-script': <div data-solidarity-campaign={slug} data-lang={locale} />,
    'embed-form': <div data-solidarity-campaign={slug} data-lang={locale} data-variant="full" />,
    'embed-iframe': <iframe src={`/c/${slug}/embed${q}`} title={title} width="320" height={String(IFRAME_HEIGHT)} loading="lazy" />,
    'embed-badge': <img src={`/c/${slug}/badge.svg${q}`} alt={t('embed.badgeAlt', { title })} />,
  };
  // The page script's copy button speaks the page's language through these attributes.
  return (
    <section class="embed-code" aria-labelledby="embed-heading" data-copy-label={t('embed.copy')} data-copied-label={t('embed.copied')}
      data-copy-by-hand-label={t('embed.copyByHand')}>
      <h1 id="embed-heading">{t('embed.heading')}</h1>
      <p class="summary">{t('embed.intro', { title })}</p>
      {embedSnippets(base, slug, title, i18n).map((s) => (
        <div class="snippet">
          <label for={s.id}>{s.label}</label>
          <textarea id={s.id} readonly rows={3} data-copy>{s.code}</textarea>
          {previews[s.id] && <div class="preview">{previews[s.id]}</div>}
        </div>
      ))}
      <p><a href={link(`/c/${slug}`)}>{t('campaign.back')}</a></p>
    </section>
  );
}
