/** Escapes text for a double-quoted HTML attribute inside a snippet people paste. */
function attr(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** The three ways to show this campaign's count on another site, as paste-ready HTML. */
export function embedSnippets(base: string, slug: string, title: string): { id: string; label: string; code: string }[] {
  const page = `${base}/c/${slug}`;
  return [
    {
      id: 'embed-script',
      label: 'Live widget (script)',
      code: `<script async src="${base}/widget.js" data-campaign="${slug}"></script>`,
    },
    {
      id: 'embed-iframe',
      label: 'Without JavaScript (iframe)',
      code: `<iframe src="${page}/embed" title="${attr(title)}" width="320" height="130" style="border:0" loading="lazy"></iframe>`,
    },
    {
      id: 'embed-badge',
      label: 'Badge (image)',
      code: `<a href="${page}"><img src="${page}/badge.svg" alt="Signatures: ${attr(title)}"></a>`,
    },
  ];
}

/**
 * "Put this on your site": the snippets in read-only text areas, so they can be selected
 * and copied without JavaScript; the page script adds a copy button to each.
 */
export function EmbedCode({ base, slug, title }: { base: string; slug: string; title: string }) {
  return (
    <section class="embed-code" aria-labelledby="embed-heading">
      <h2 id="embed-heading">Put this on your site</h2>
      <p>Show the live count on your own website or blog: copy one of these into your page.</p>
      {embedSnippets(base, slug, title).map((s) => (
        <div class="snippet">
          <label for={s.id}>{s.label}</label>
          <textarea id={s.id} readonly rows={3} data-copy>{s.code}</textarea>
        </div>
      ))}
    </section>
  );
}
