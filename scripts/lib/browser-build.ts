/**
 * Builds the browser scripts in src/widget/ into public/: widget.js (for other sites) and
 * widget-form.js (its full variant's form, loaded by that variant only),
 * embed.js (the iframe page), campaign.js (the campaign page), share.js (the thank-you
 * page), verify.js (the receipt check), admin.js (the organiser's pages: local times,
 * "all on this page"), pickets.js (pickets in the visitor's time) and picket-list.js
 * (pickets on other sites), message-count.js (the message fields' character count), and
 * measures them.
 */
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { COUNTRY_CODES } from '../../src/lib/countries';

/** The widget's budget, gzipped: it loads on other people's pages. */
export const WIDGET_BUDGET = 3 * 1024;
/**
 * widget-form.js's budget, gzipped: the full widget's signing form (message, target, a
 * message per field), loaded on demand by that variant only; the count variant never loads it.
 */
export const WIDGET_FORM_BUDGET = 4096;
/** pickets.js's budget, gzipped: it loads on the campaign page beside campaign.js. */
export const PICKETS_BUDGET = 1024;
/** picket-list.js's budget, gzipped: the pickets on other people's pages (the widget has no room left). */
export const PICKET_LIST_BUDGET = 1536;
const entries = {
  widget: 'src/widget/widget.ts', 'widget-form': 'src/widget/widget-form.ts', embed: 'src/widget/embed.ts', campaign: 'src/widget/campaign.ts', share: 'src/widget/share.ts', verify: 'src/widget/verify.ts',
  admin: 'src/widget/admin.ts', pickets: 'src/widget/pickets.ts', 'picket-list': 'src/widget/picket-list.ts',
  'message-count': 'src/widget/message-count.ts',
};

/** One built script: where, its size and gzipped size, and whether it is over its budget. */
export type BuiltScript = { path: string; bytes: number; gzipped: number; overBudget: boolean };

/** Builds every entry point; `ok` is false on a build error or a widget over budget. */
export async function buildBrowserScripts(): Promise<{ ok: boolean; scripts: BuiltScript[] }> {
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
  const scripts = Object.keys(entries).map((name) => {
    const path = `public/${name}.js`;
    const bytes = readFileSync(path);
    const gzipped = gzipSync(bytes, { level: 9 }).length;
    return { path, bytes: bytes.length, gzipped, overBudget: (name === 'widget' && gzipped > WIDGET_BUDGET) || (name === 'widget-form' && gzipped > WIDGET_FORM_BUDGET) || (name === 'pickets' && gzipped > PICKETS_BUDGET) || (name === 'picket-list' && gzipped > PICKET_LIST_BUDGET) };
  });
  return { ok: result.errors.length === 0 && !scripts.some((s) => s.overBudget), scripts };
}
