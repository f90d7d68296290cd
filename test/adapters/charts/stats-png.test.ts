// The stats chart renderer draws a real PNG (Chart.js on @napi-rs/canvas) from the worst data a
// campaign can have: no texts, one hour, 30 days of hours, 10 survey questions of 25 answers,
// long Spanish labels.
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createChartRenderer } from '../../../src/adapters/charts/index.js';
import type { Translate } from '../../../src/commands/framework/definition.js';
import { statsChart } from '../../../src/commands/views/stats-chart.js';
import type { Lang } from '../../../src/core/model/common.js';
import type { HourlyPoint } from '../../../src/core/stats/hourly.js';
import type { CampaignStats } from '../../../src/core/stats/stats-service.js';
import { i18n, translatorOf } from '../../commands/support/world.js';

const PNG_MAGIC = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Width and height from the IHDR chunk (the first chunk, right after the 8-byte signature). */
export function pngSize(png: Buffer): { width: number; height: number } {
  expect(png.subarray(0, 8).equals(PNG_MAGIC)).toBe(true);
  expect(png.subarray(12, 16).toString('ascii')).toBe('IHDR');
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

function hours(n: number, start = '2026-11-03T14'): HourlyPoint[] {
  const t0 = Date.parse(`${start}:00:00Z`);
  return Array.from({ length: n }, (_, i) => ({ hour: new Date(t0 + i * 3_600_000).toISOString().slice(0, 13), sent: (i * 37) % 120, replies: (i * 11) % 30 }));
}

function stats(over: Partial<CampaignStats> = {}): CampaignStats {
  const contactsByStatus = { pending: 0, assigned: 0, messaged: 0, needs_reply: 0, replied: 0, closed: 0, skipped: 0, opted_out: 0, invalid: 0, landline: 0 } as CampaignStats['contactsByStatus'];
  return {
    campaignId: 'c1', slug: 'gotv', name: 'Movilización para las elecciones generales del condado de Travis', status: 'active', contactsByStatus, contacts: 0,
    counters: { contacts: 0, initials: 0, sent: 0, delivered: 0, failed: 0, replies: 0, repliedContacts: 0, optOuts: 0, spamFiltered: 0 },
    initials: 0, sent: 0, delivered: 0, failed: 0, failedByCode: {}, replies: 0, repliedContacts: 0, replyRate: 0, optOuts: 0, optOutRate: 0, spamFiltered: 0,
    survey: [], volunteers: [], hourly: [],
    ...over,
  };
}

const worstSurvey: CampaignStats['survey'] = Array.from({ length: 10 }, (_, q) => ({
  questionId: `q${q}`,
  text: `Pregunta ${q + 1}: ¿Piensa usted votar de manera anticipada en las elecciones generales de noviembre, o prefiere votar el mismo día de la elección en su centro de votación asignado?`,
  answers: Array.from({ length: 25 }, (_, a) => ({ answerId: `a${a}`, label: `Respuesta número ${a + 1}: sí, definitivamente votaré por correo antes de la fecha límite`, count: (a * 7 + q) % 40 })),
}));

let t: (lang: Lang) => Translate;
beforeAll(async () => {
  t = translatorOf(await i18n());
});

async function render(s: CampaignStats, lang: Lang = 'es'): Promise<{ png: Buffer; width: number; height: number }> {
  const png = await createChartRenderer().statsPng(statsChart(t(lang), s, lang));
  return { png, ...pngSize(png) };
}

describe('stats chart PNG', () => {
  it('draws a campaign with no texts yet (empty hourly series, 0% rates, no survey)', async () => {
    const { png, width, height } = await render(stats(), 'en');
    expect(width).toBe(1200);
    expect(height).toBeGreaterThan(400);
    expect(png.length).toBeGreaterThan(5_000);
  });

  it('draws a single hour', async () => {
    const { png, width } = await render(stats({ hourly: hours(1), initials: 12, replies: 3, repliedContacts: 3, replyRate: 0.25 }));
    expect(width).toBe(1200);
    expect(png.length).toBeGreaterThan(5_000);
  });

  it('draws 30 days of hours and 10 survey questions of 25 answers with long Spanish labels (grows tall, not cut)', async () => {
    const small = await render(stats({ hourly: hours(1) }));
    const { png, width, height } = await render(stats({ hourly: hours(30 * 24), initials: 50_000, replies: 9_000, repliedContacts: 7_000, replyRate: 0.14, optOuts: 900, optOutRate: 0.018, survey: worstSurvey }));
    expect(width).toBe(1200);
    // Five rows of two survey panels of 25 bars each below the hourly and rate panels.
    expect(height).toBeGreaterThan(small.height + 5 * 25 * 20);
    if (process.env.CHART_PREVIEW) writeFileSync(join(tmpdir(), 'stats-chart-worst.png'), png);
    expect(png.length).toBeGreaterThan(small.png.length * 2);
  });
});
