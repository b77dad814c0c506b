// Helpers for test/browser/fit.test.mjs: the long real-world values, the seeded wall and the
// measurement done in the page.

/** The widths every page is measured at: two phones and a desktop. */
export const WIDTHS = [320, 390, 1280];
/** A 60-character name. */
export const LONG_NAME = 'Aigerim Zhanibekovna Nurmukhambetova-Kassymova de la Fontaine'.slice(0, 60);
/** A long city, one word. */
export const CITY = 'Llanfairpwllgwyngyll';
export const ARABIC = 'عبد الرحمن بن عبد العزيز';
export const HEBREW = 'אברהם בן דוד';
/** The demo campaign's Berlin picket. */
export const PICKET = 'de-berlin-0616';

/** A message of `length` characters: words, a very long unbroken URL, more words. */
export function longMessage(length) {
  const url = `https://example.org/${'solidarity-with-the-oil-workers-of-zhanaozen'.repeat(4)}?ref=${'x'.repeat(60)}`;
  const words = 'We stand with the striking oil workers and their families. ';
  return `${words}${url} ${words.repeat(Math.ceil(length / words.length))}`.slice(0, length);
}

const sql = (s) => `'${s.replaceAll("'", "''")}'`;

/**
 * Public messages on the wall with long, Arabic and Hebrew names and messages, and signature
 * 900001 (nonce `fit-nonce-of-the-test-run`) for the unsubscribe page.
 */
export function seedSql(slug) {
  const rows = [
    [900001, 'fit-unsub@example.org', LONG_NAME, 'GB', CITY, longMessage(2000)],
    [900002, 'fit-ar@example.org', ARABIC, 'EG', 'الإسكندرية', 'نحن نقف مع عمال النفط المضربين وعائلاتهم. التضامن!'],
    [900003, 'fit-he@example.org', HEBREW, 'IL', 'תל אביב', 'אנחנו עומדים לצד עובדי הנפט השובתים. סולידריות!'],
    [900004, 'fit-url@example.org', 'Supporter with a URL', 'FR', CITY, longMessage(400)],
  ];
  const columns = 'id, campaign_id, email, inbox, name, country, city, message, public, consent_version, status, token_nonce, token_hash, token_expires_at, created_at, confirmed_at, updated_at';
  return rows.map(([id, email, name, country, city, message], i) => `INSERT INTO signatures (${columns})
SELECT ${id}, c.id, ${sql(email)}, ${sql(email)}, ${sql(name)}, ${sql(country)}, ${sql(city)}, ${sql(message)}, 1, '1', 'confirmed', 'fit-nonce-of-the-test-run',
  printf('%064d', ${id}), 0, 1, CAST(unixepoch('subsec') * 1000 AS INTEGER) - ${i} * 1000, 1 FROM campaigns c WHERE c.slug = ${sql(slug)};`).join('\n');
}

/**
 * Run in the page: the document's width against the window's, and the elements that reach
 * past the window's edge (the deepest ones, for the report).
 */
export function overflowing() {
  const innerWidth = window.innerWidth;
  const scrollWidth = document.documentElement.scrollWidth;
  const wide = [];
  if (scrollWidth > innerWidth) {
    for (const el of document.querySelectorAll('body *')) {
      const reaches = (e) => e.getBoundingClientRect().right > innerWidth + 0.5;
      if (reaches(el) && ![...el.children].some(reaches)) {
        const r = el.getBoundingClientRect();
        const cls = typeof el.className === 'string' && el.className ? `.${el.className.trim().split(/\s+/).join('.')}` : '';
        wide.push(`${el.tagName.toLowerCase()}${cls} ${Math.round(r.left)}–${Math.round(r.right)}`);
      }
      if (wide.length >= 4) break;
    }
  }
  return { scrollWidth, innerWidth, wide };
}
