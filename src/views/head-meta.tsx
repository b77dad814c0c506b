import type { Locale } from '../i18n/index';
import type { I18n } from '../i18n/lang';

/** The picture link previews use when a page or campaign names none (public/og-default.png). */
export const DEFAULT_IMAGE = { path: '/og-default.png', width: 1200, height: 630 } as const;

/** What a page tells search engines and link previews (WhatsApp, Telegram, VK, X…). */
export type PageMeta = {
  /** The title previews show when it is not the page's own (a personal page shows its campaign's). */
  title?: string;
  /** One or two sentences; the site's tagline when absent. */
  description?: string;
  /** A path under public/ or an https URL (a campaign's `image`); the default picture when absent. */
  image?: string;
  /** The page's public address; this path in this language when absent. Never a personal link. */
  url?: string;
  /** Personal pages (links from emails, "check your inbox") stay out of search engines. */
  noindex?: boolean;
};

const OG_LOCALES: Record<Locale, string> = { en: 'en_GB', ru: 'ru_RU', kk: 'kk_KZ', de: 'de_DE' };

/** The page's address in its language: `?lang=` for any language but English, so a shared link keeps it. */
export function pageUrl(base: string, path: string, locale: string): string {
  return locale === 'en' ? `${base}${path}` : `${base}${path}?lang=${locale}`;
}

/**
 * `<title>`, description, Open Graph and Twitter card tags, icons and the web app manifest.
 * Every URL in them is absolute, as previews need. The same for every visitor of a page
 * and language, so a cached page can carry them.
 */
export function HeadMeta({ title, meta, base, path, i18n }: { title: string; meta: PageMeta; base: string; path: string; i18n: I18n }) {
  const description = meta.description || i18n.t('layout.description');
  const shared = meta.title ?? title;
  const image = meta.image ?? DEFAULT_IMAGE.path;
  const imageUrl = image.startsWith('/') ? `${base}${image}` : image;
  return (
    <>
      <title>{title}</title>
      <meta name="description" content={description} />
      {meta.noindex && <meta name="robots" content="noindex" />}
      <meta property="og:type" content="website" />
      <meta property="og:site_name" content="Solidarity" />
      <meta property="og:locale" content={OG_LOCALES[i18n.locale]} />
      <meta property="og:title" content={shared} />
      <meta property="og:description" content={description} />
      <meta property="og:url" content={meta.url ?? pageUrl(base, path, i18n.locale)} />
      <meta property="og:image" content={imageUrl} />
      {image === DEFAULT_IMAGE.path && (
        <>
          <meta property="og:image:type" content="image/png" />
          <meta property="og:image:width" content={String(DEFAULT_IMAGE.width)} />
          <meta property="og:image:height" content={String(DEFAULT_IMAGE.height)} />
        </>
      )}
      <meta property="og:image:alt" content={shared} />
      <meta name="twitter:card" content="summary_large_image" />
      <meta name="theme-color" content="#b3261e" />
      <link rel="icon" href="/favicon.ico" sizes="32x32" />
      <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
      <link rel="apple-touch-icon" href="/apple-touch-icon.png" />
      <link rel="manifest" href="/manifest.webmanifest" />
    </>
  );
}
