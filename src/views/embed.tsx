import type { PublicCount } from '../lib/goal';
import { Progress } from './progress';

/**
 * The counter as a page of its own, for an `<iframe>` on any site: no host script needed.
 * Its one script (same origin, CSP 'self') keeps the count live and reports the height to
 * the parent so a host page can size the frame.
 */
export function EmbedPage({ count }: { count: PublicCount }) {
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{count.title}</title>
        <link rel="stylesheet" href="/embed.css" />
        <script src="/embed.js" defer />
      </head>
      <body class="embed">
        <p class="title">{count.title}</p>
        <Progress count={count.count} goal={count.nextGoal} slug={count.slug} updatedAt={count.updatedAt} />
        <a class="sign" href={`/c/${count.slug}#sign`} target="_top">Sign</a>
      </body>
    </html>
  );
}
