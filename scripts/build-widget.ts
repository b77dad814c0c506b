/**
 * Builds the browser scripts in src/widget/ into public/: widget.js (for other sites),
 * embed.js (the iframe page), campaign.js (the campaign page) and verify.js (the receipt check). Prints each size
 * gzipped and fails when the widget is over its 3 KB budget.
 *
 *   npm run build:widget
 */
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { COUNTRY_CODES } from '../src/lib/countries';

const BUDGET = 3 * 1024;
const entries = { widget: 'src/widget/widget.ts', embed: 'src/widget/embed.ts', campaign: 'src/widget/campaign.ts', verify: 'src/widget/verify.ts' };

// "AD AE AF" → "ADEF": the widget's country list, grouped by first letter.
const groups = new Map<string, string>();
for (const code of COUNTRY_CODES) groups.set(code.charAt(0), (groups.get(code.charAt(0)) ?? code.charAt(0)) + code.charAt(1));

const result = await build({
  define: { __COUNTRY_GROUPS__: JSON.stringify([...groups.values()].join(' ')) },
  entryPoints: entries,
  outdir: 'public',
  bundle: true,
  minify: true,
  format: 'iife',
  target: ['es2020'],
  legalComments: 'none',
  write: true,
  metafile: true,
  logLevel: 'warning',
});

const { readFileSync } = await import('node:fs');
let failed = false;
for (const name of Object.keys(entries)) {
  const path = `public/${name}.js`;
  const bytes = readFileSync(path);
  const gz = gzipSync(bytes, { level: 9 }).length;
  const over = name === 'widget' && gz > BUDGET;
  failed ||= over;
  console.log(`${path}: ${bytes.length} B, ${gz} B gzipped${name === 'widget' ? ` (budget ${BUDGET} B)` : ''}${over ? ' — OVER BUDGET' : ''}`);
}
if (result.errors.length > 0 || failed) process.exit(1);
