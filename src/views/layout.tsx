import type { Child } from 'hono/jsx';

/** The page shell: one stylesheet and external scripts only (the CSP allows no inline script). */
export function Layout({ title, children, scripts = [] }: { title: string; children: Child; scripts?: string[] }) {
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{title}</title>
        <link rel="stylesheet" href="/app.css" />
        {scripts.map((src) => <script src={src} defer />)}
      </head>
      <body>
        <header class="site">
          <a href="/" class="brand">Solidarity</a>
        </header>
        <main id="main">{children}</main>
        <footer class="site">
          <p>Solidarity — petitions and solidarity messages. No trackers, no third-party requests.</p>
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
