/**
 * Draws the `/textbank stats` chart as one PNG on the server: Chart.js on a Skia canvas
 * (@napi-rs/canvas ships its binary as per-platform npm packages: no browser, nothing downloaded
 * at install). Panels are drawn one chart per canvas, then stacked on a white page: the hourly
 * texts/replies line, the reply and opt-out rates, and one bar chart per answered survey question.
 * Text uses the system's sans-serif fonts (DejaVu/Liberation on Debian); with none installed the
 * shapes still draw.
 */
import { createCanvas, type Canvas } from '@napi-rs/canvas';
import { Chart, registerables, type ChartConfiguration } from 'chart.js';
import type { StatsChart, StatsChartBars } from '../../commands/views/stats-chart.js';

Chart.register(...registerables);

const WIDTH = 1200;
const PAD = 24;
const FONT = 'DejaVu Sans, Liberation Sans, Arial, sans-serif';
const COLORS = { sent: '#2563eb', replies: '#16a34a', bar: '#7c3aed', rates: ['#0891b2', '#dc2626'], text: '#111827', muted: '#4b5563' };
/** Longest answer label drawn on an axis; the text view lists every label in full. */
const LABEL_MAX = 30;
const TITLE_LINE = 70;

const clip = (s: string, max: number): string => (s.length > max ? `${s.slice(0, max - 1)}…` : s);

/** Wraps a title into at most three lines (the last one ends with … when cut). */
function wrap(s: string, width = TITLE_LINE, lines = 3): string[] {
  const out: string[] = [];
  let line = '';
  for (const word of s.split(' ')) {
    const next = line ? `${line} ${word}` : word;
    if (next.length <= width) line = next;
    else {
      if (line) out.push(line);
      line = clip(word, width);
    }
  }
  if (line) out.push(line);
  if (out.length <= lines) return out;
  const kept = out.slice(0, lines);
  kept[lines - 1] = clip(`${kept[lines - 1] as string} ${out[lines] as string}`, width - 1).replace(/…?$/, '…');
  return kept;
}

function draw(width: number, height: number, config: ChartConfiguration): Canvas {
  const canvas = createCanvas(width, height);
  const ctx = canvas.getContext('2d');
  // Chart.js only needs a 2D context; without `window` it uses its basic (non-DOM) platform.
  const chart = new Chart(ctx as unknown as ConstructorParameters<typeof Chart>[0], config);
  // destroy() clears its canvas (and drops the chart from Chart.js's registry): keep a copy first.
  const copy = createCanvas(width, height);
  copy.getContext('2d').drawImage(canvas, 0, 0);
  chart.destroy();
  return copy;
}

const baseOptions = {
  animation: false as const,
  responsive: false,
  devicePixelRatio: 1,
};

function hourlyPanel(c: StatsChart): Canvas {
  const h = c.hourly;
  // Up to two days read best as bars (a single hour is one visible pair); longer campaigns as lines.
  const bars = h.hours.length <= 48;
  const canvas = draw(WIDTH - 2 * PAD, 380, {
    type: bars ? 'bar' : 'line',
    data: {
      labels: h.hours,
      datasets: [
        { label: h.sent.label, data: h.sent.values, borderColor: COLORS.sent, backgroundColor: COLORS.sent, pointRadius: h.hours.length > 72 ? 0 : 2, borderWidth: 2, maxBarThickness: 48 },
        { label: h.replies.label, data: h.replies.values, borderColor: COLORS.replies, backgroundColor: COLORS.replies, pointRadius: h.hours.length > 72 ? 0 : 2, borderWidth: 2, maxBarThickness: 48 },
      ],
    },
    options: {
      ...baseOptions,
      plugins: {
        title: { display: true, text: h.title, color: COLORS.text, font: { family: FONT, size: 18, weight: 'bold' } },
        legend: { labels: { color: COLORS.text, font: { family: FONT, size: 14 } } },
      },
      scales: {
        x: { ticks: { color: COLORS.muted, font: { family: FONT, size: 12 }, autoSkip: true, maxTicksLimit: 14, maxRotation: 0 } },
        y: { beginAtZero: true, suggestedMax: 5, ticks: { color: COLORS.muted, font: { family: FONT, size: 12 }, precision: 0 } },
      },
    },
  });
  if (h.hours.length === 0) {
    const ctx = canvas.getContext('2d');
    ctx.fillStyle = COLORS.muted;
    ctx.font = `20px ${FONT}`;
    ctx.textAlign = 'center';
    ctx.fillText(h.empty, canvas.width / 2, canvas.height / 2 + 20);
  }
  return canvas;
}

function barsPanel(b: StatsChartBars, width: number, color: string | string[]): Canvas {
  const title = wrap(b.title, Math.floor(width / 9.5));
  const height = 70 + title.length * 22 + b.bars.length * 24;
  return draw(width, height, {
    type: 'bar',
    data: {
      labels: b.bars.map((x) => `${clip(x.label, LABEL_MAX)} · ${x.display}`),
      datasets: [{ data: b.bars.map((x) => x.value), backgroundColor: color, borderWidth: 0, barPercentage: 0.8, categoryPercentage: 0.9 }],
    },
    options: {
      ...baseOptions,
      indexAxis: 'y',
      plugins: {
        title: { display: true, text: title, color: COLORS.text, font: { family: FONT, size: 16, weight: 'bold' } },
        legend: { display: false },
      },
      scales: {
        x: { beginAtZero: true, ...(b.percent ? { max: 100 } : { suggestedMax: 1 }), ticks: { color: COLORS.muted, font: { family: FONT, size: 12 }, precision: 0, ...(b.percent ? { callback: (v: string | number) => `${v}%` } : {}) } },
        y: { ticks: { color: COLORS.text, font: { family: FONT, size: 12 }, autoSkip: false } },
      },
    },
  });
}

/** Survey panels go two to a row; a row is as tall as its taller panel. */
const SURVEY_COLUMNS = 2;

export function renderStatsPng(c: StatsChart): Buffer {
  const inner = WIDTH - 2 * PAD;
  const panels: { canvas: Canvas; x: number; y: number }[] = [];
  let y = PAD + 44;
  const hourly = hourlyPanel(c);
  panels.push({ canvas: hourly, x: PAD, y });
  y += hourly.height + PAD;
  const rates = barsPanel(c.rates, inner, COLORS.rates);
  panels.push({ canvas: rates, x: PAD, y });
  y += rates.height + PAD;
  const columnWidth = Math.floor((inner - PAD * (SURVEY_COLUMNS - 1)) / SURVEY_COLUMNS);
  for (let i = 0; i < c.survey.length; i += SURVEY_COLUMNS) {
    const row = c.survey.slice(i, i + SURVEY_COLUMNS).map((q) => barsPanel(q, columnWidth, COLORS.bar));
    row.forEach((canvas, j) => panels.push({ canvas, x: PAD + j * (columnWidth + PAD), y }));
    y += Math.max(...row.map((r) => r.height)) + PAD;
  }
  const page = createCanvas(WIDTH, y);
  const ctx = page.getContext('2d');
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, WIDTH, y);
  ctx.fillStyle = COLORS.text;
  ctx.font = `bold 24px ${FONT}`;
  ctx.textBaseline = 'top';
  ctx.fillText(clip(c.title, 80), PAD, PAD);
  for (const p of panels) ctx.drawImage(p.canvas, p.x, p.y);
  return page.toBuffer('image/png');
}

