/**
 * Builds the browser scripts in src/widget/ into public/ (see lib/browser-build.ts).
 * Prints each size gzipped and fails when the widget is over its 3 KB budget.
 *
 *   npm run build:widget
 */
import { WIDGET_BUDGET, buildBrowserScripts } from './lib/browser-build';

const { ok, scripts } = await buildBrowserScripts();
for (const s of scripts) {
  const budget = s.path === 'public/widget.js' ? ` (budget ${WIDGET_BUDGET} B)` : '';
  console.log(`${s.path}: ${s.bytes} B, ${s.gzipped} B gzipped${budget}${s.overBudget ? ' — OVER BUDGET' : ''}`);
}
if (!ok) process.exit(1);
