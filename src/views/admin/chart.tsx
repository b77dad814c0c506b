import type { DayCount } from '../../db/dashboard';
import type { I18n } from '../../i18n/lang';
import { formatCount } from '../progress';

const W = 600;
const H = 160;
const PAD = { top: 10, right: 10, bottom: 24, left: 40 };

/** Confirmed signatures per day as bars: inline SVG drawn on the server, no script, no library. */
export function DayChart({ days, i18n }: { days: DayCount[]; i18n: I18n }) {
  const { t, locale } = i18n;
  const max = Math.max(1, ...days.map((d) => d.count));
  const plotW = W - PAD.left - PAD.right;
  const plotH = H - PAD.top - PAD.bottom;
  const step = plotW / Math.max(1, days.length);
  const total = days.reduce((n, d) => n + d.count, 0);
  const first = days[0]?.day ?? '';
  const last = days.at(-1)?.day ?? '';
  return (
    <figure class="chart">
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-labelledby="chart-title" data-chart>
        <title id="chart-title">{t('admin.chart.title', { first, last, total })}</title>
        <line class="axis" x1={PAD.left} y1={PAD.top + plotH} x2={W - PAD.right} y2={PAD.top + plotH} />
        <text class="tick" x={PAD.left - 6} y={PAD.top + 4} text-anchor="end">{formatCount(max, locale)}</text>
        <text class="tick" x={PAD.left - 6} y={PAD.top + plotH} text-anchor="end">0</text>
        {days.map((d, i) => {
          const h = (d.count / max) * plotH;
          return (
            <rect class="bar" x={(PAD.left + i * step + step * 0.1).toFixed(1)} y={(PAD.top + plotH - h).toFixed(1)}
              width={(step * 0.8).toFixed(1)} height={h.toFixed(1)}>
              <title>{`${d.day}: ${d.count}`}</title>
            </rect>
          );
        })}
        <text class="tick" x={PAD.left} y={H - 6}>{first}</text>
        <text class="tick" x={W - PAD.right} y={H - 6} text-anchor="end">{last}</text>
      </svg>
      <figcaption>{t('admin.chart.caption', { count: days.length, total })}</figcaption>
    </figure>
  );
}
