import type { Child } from 'hono/jsx';
import { LANGUAGE_NAMES, LOCALES } from '../i18n/index';
import type { I18n } from '../i18n/lang';
import { HeadMeta, type PageMeta } from './head-meta';

/** Links to this page in each language; the current one is marked, not linked. */
export function LanguageSwitcher({ i18n }: { i18n: I18n }) {
  return (
    <nav class="languages" aria-label={i18n.t('layout.languages')}>
      <ul>
        {LOCALES.map((l) => (
          <li>
            {l === i18n.locale ? (
              <span aria-current="true" lang={l}>{LANGUAGE_NAMES[l]}</span>
            ) : (
              <a href={i18n.switchTo(l)} hreflang={l} lang={l} data-lang={l}>{LANGUAGE_NAMES[l]}</a>
            )}
          </li>
        ))}
      </ul>
    </nav>
  );
}

export type LayoutProps = {
  title: string;
  children: Child;
  /** Same-origin script URLs (the CSP allows no inline script). */
  scripts?: string[];
  meta?: PageMeta;
  /** The public origin, for the absolute URLs of link previews. */
  base: string;
  /** This page's path, for its `og:url`. */
  path: string;
  i18n: I18n;
};

/** The page shell: one stylesheet, external scripts only, and the tags link previews read. */
export function Layout({ title, children, scripts = [], meta = {}, base, path, i18n }: LayoutProps) {
  return (
    <html lang={i18n.locale}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <HeadMeta title={title} meta={meta} base={base} path={path} i18n={i18n} />
        <link rel="stylesheet" href="/app.css" />
        {scripts.map((src) => <script src={src} defer />)}
      </head>
      <body>
        <header class="site">
          <a href={i18n.link('/')} class="brand"><img src="/favicon.svg" alt="" width="28" height="28" />Solidarity</a>
          <LanguageSwitcher i18n={i18n} />
        </header>
        <main id="main">{children}</main>
        <footer class="site">
          <p>{i18n.t('layout.footer')}</p>
        </footer>
      </body>
    </html>
  );
}

/** A page with a heading and a few paragraphs: confirmations, errors, notices. */
export function Notice({ heading, children }: { heading: string; children?: Child }) {
  return (
    <section class="notice">
      <h1>{heading}</h1>
      {children}
    </section>
  );
}
