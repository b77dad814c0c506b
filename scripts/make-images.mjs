// Draws the committed pictures once, in Debian's Chromium (without words, see `poster`): the default link-preview image
// (public/og-default.png, 1200×630), the demo campaign's (public/images/zhanaozen-solidarity.png),
// the favicon (favicon.svg, favicon.ico with 16 and 32 px PNGs inside) and the app icons of
// the web app manifest. workerd cannot rasterise SVG, so previews need real PNG files.
//
//   node scripts/make-images.mjs      (needs /usr/bin/chromium; rerun only to change the art)
import { mkdirSync, writeFileSync } from 'node:fs';
import { launchBrowser } from '../test/browser/server.mjs';

const RED = '#b3261e';
const DEEP = '#6e130e';

/** A seeded random number generator, so the crowd is the same on every run. */
function random(seed) {
  let s = seed;
  return () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648);
}

/** Rows of people, shoulder to shoulder, the nearer rows darker and larger; some raise a fist. */
function crowd(width, baseline, seed) {
  const rnd = random(seed);
  const rows = [
    { y: baseline - 130, size: 17, fill: '#c9402f' },
    { y: baseline - 62, size: 24, fill: '#8a1a13' },
    { y: baseline + 10, size: 33, fill: '#4d0c08' },
  ];
  const f = (n) => n.toFixed(1);
  let out = '';
  for (const [i, { y, size, fill }] of rows.entries()) {
    for (let x = -size + i * size * 0.7; x < width + size; x += size * (1.75 + rnd() * 0.4)) {
      const s = size * (0.9 + rnd() * 0.2);
      out += `<circle cx="${f(x)}" cy="${f(y - 1.95 * s)}" r="${f(0.5 * s)}" fill="${fill}"/>`;
      out += `<path d="M${f(x - 0.9 * s)} ${f(y + 3 * s)} V${f(y - 0.5 * s)} A${f(0.9 * s)} ${f(0.9 * s)} 0 0 1 ${f(x + 0.9 * s)} ${f(y - 0.5 * s)} V${f(y + 3 * s)} Z" fill="${fill}"/>`;
      if (rnd() < 0.25) {
        const side = rnd() < 0.5 ? -1 : 1;
        const [ax, ay, bx, by] = [x + side * 0.6 * s, y - 0.8 * s, x + side * 1.05 * s, y - 2.7 * s];
        out += `<path d="M${f(ax)} ${f(ay)} L${f(bx)} ${f(by)}" stroke="${fill}" stroke-width="${f(0.36 * s)}" stroke-linecap="round"/>`;
        out += `<circle cx="${f(bx)}" cy="${f(by - 0.15 * s)}" r="${f(0.3 * s)}" fill="${fill}"/>`;
      }
    }
  }
  return out;
}

/** Oil derricks on the horizon, for the Zhanaozen campaign. */
function derricks(positions, baseline) {
  return positions
    .map(([x, h]) => {
      const w = h * 0.32;
      return `<g stroke="#5a0f0b" stroke-width="5" fill="none" stroke-linejoin="round">
        <path d="M${x - w} ${baseline} L${x} ${baseline - h} L${x + w} ${baseline} M${x - w * 0.66} ${baseline - h * 0.33} H${x + w * 0.66} M${x - w * 0.33} ${baseline - h * 0.66} H${x + w * 0.33} M${x - w * 0.66} ${baseline - h * 0.33} L${x + w * 0.33} ${baseline - h * 0.66} M${x + w * 0.66} ${baseline - h * 0.33} L${x - w * 0.33} ${baseline - h * 0.66}"/></g>`;
    })
    .join('');
}

/**
 * A link-preview picture carries no words: the page's title and description travel beside it
 * (og:title, og:description) in the reader's language, and one picture serves every language.
 */
function poster({ extra = '' }) {
  return `<svg xmlns="http://www.w3.org/2000/svg" width="1200" height="630" viewBox="0 0 1200 630">
  <defs><linearGradient id="sky" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="${RED}"/><stop offset="1" stop-color="${DEEP}"/></linearGradient></defs>
  <rect width="1200" height="630" fill="url(#sky)"/>
  <circle cx="980" cy="150" r="120" fill="#e0573f" opacity=".55"/>
  ${extra}
  ${crowd(1200, 600, 7)}
</svg>`;
}

/** The mark: three people side by side, white on red (the middle one outlined to stand apart). */
function mark({ rounded }) {
  return `<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64" viewBox="0 0 64 64">
  <rect width="64" height="64" rx="${rounded ? 14 : 0}" fill="${RED}"/>
  <g fill="#fff"><circle cx="14" cy="29" r="6.5"/><path d="M3 52v-5a11 11 0 0 1 22 0v5z"/>
  <circle cx="50" cy="29" r="6.5"/><path d="M39 52v-5a11 11 0 0 1 22 0v5z"/></g>
  <g fill="#fff" stroke="${RED}" stroke-width="3"><circle cx="32" cy="23" r="8.5"/><path d="M17 56v-9a15 15 0 0 1 30 0v9z"/></g>
</svg>`;
}

/** An .ico holding PNG images (every browser since 2007 reads PNG entries). */
function ico(pngs) {
  const header = Buffer.alloc(6 + 16 * pngs.length);
  header.writeUInt16LE(0, 0);
  header.writeUInt16LE(1, 2);
  header.writeUInt16LE(pngs.length, 4);
  let offset = header.length;
  pngs.forEach(({ size, data }, i) => {
    const e = 6 + 16 * i;
    header.writeUInt8(size >= 256 ? 0 : size, e);
    header.writeUInt8(size >= 256 ? 0 : size, e + 1);
    header.writeUInt16LE(1, e + 4);
    header.writeUInt16LE(32, e + 6);
    header.writeUInt32LE(data.length, e + 8);
    header.writeUInt32LE(offset, e + 12);
    offset += data.length;
  });
  return Buffer.concat([header, ...pngs.map((p) => p.data)]);
}

const browser = await launchBrowser();
async function render(svg, width, height, transparent = false) {
  const page = await browser.newPage({ viewport: { width, height } });
  await page.setContent(`<!DOCTYPE html><html><body style="margin:0;background:transparent">${svg.replace('<svg ', `<svg style="display:block;width:${width}px;height:${height}px" `)}</body></html>`);
  const png = await page.screenshot({ omitBackground: transparent, type: 'png' });
  await page.close();
  return png;
}

try {
  mkdirSync('public/images', { recursive: true });
  writeFileSync('public/og-default.png', await render(poster({}), 1200, 630));
  const rigs = derricks([[700, 170], [820, 120], [1110, 150]], 480);
  writeFileSync(
    'public/images/zhanaozen-solidarity.png',
    await render(poster({ extra: rigs }), 1200, 630),
  );
  const icon = mark({ rounded: true });
  writeFileSync('public/favicon.svg', `${icon}\n`);
  const small = await Promise.all([16, 32].map(async (size) => ({ size, data: await render(icon, size, size, true) })));
  writeFileSync('public/favicon.ico', ico(small));
  const full = mark({ rounded: false });
  writeFileSync('public/apple-touch-icon.png', await render(full, 180, 180));
  writeFileSync('public/icon-192.png', await render(full, 192, 192));
  writeFileSync('public/icon-512.png', await render(full, 512, 512));
} finally {
  await browser.close();
}
