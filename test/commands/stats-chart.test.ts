// `/textbank stats` answers with the complete text view plus a PNG chart of the same numbers
// (texts sent and replies per hour, from hourly tallies kept on write), in en and es. A chart
// that cannot be drawn leaves the text answer with a short note.
import { describe, expect, it } from 'vitest';
import { createChartRenderer } from '../../src/adapters/charts/index.js';
import { ACTION } from '../../src/commands/actions.js';
import type { Org } from '../../src/core/model/org.js';
import { hourlyScope, hourlySeries } from '../../src/core/stats/hourly.js';
import type { Reply } from '../../src/core/views/view.js';
import { ana, CHANNEL, owner, runningCampaign } from './support/scenario.js';
import { button, command, interactionId, ORG_NUMBER, press, textOf, viewOf, world, type World } from './support/world.js';

const PNG_MAGIC = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Two first texts in one hour, a voter reply two hours later. */
async function campaignWithTraffic(w: World): Promise<{ org: Org; campaignId: string }> {
  const made = await runningCampaign(w);
  await w.handle(command(owner, 'post gotv', { channelId: CHANNEL }));
  const post = w.gateway.of('post')[0]!;
  let card = viewOf((await w.handle(press(ana, ACTION.claim, button(post.view!, ACTION.claim).value, interactionId(), CHANNEL)))[0]);
  for (let i = 0; i < 2; i += 1) {
    const r = await w.handle(press(ana, ACTION.send, button(card, ACTION.send).value, interactionId()));
    card = viewOf(r.find((x) => x.kind === 'update'));
  }
  await w.settle();
  w.clock.advance(2 * 3_600_000);
  await w.carrier.injectReply({ from: w.carrier.sent()[0]!.to, to: ORG_NUMBER, body: 'Yes' });
  await w.settle();
  return made;
}

const fileOf = (replies: Reply[]) => {
  const f = replies.find((r) => r.kind === 'file');
  if (f?.kind !== 'file') throw new Error(`no file reply in ${replies.map((r) => r.kind).join(', ')}`);
  return f;
};

describe('/textbank stats chart', () => {
  it('counts first texts and replies per hour in the hourly tally, and stats read them as a gap-free series', async () => {
    const w = await world();
    const { org, campaignId } = await campaignWithTraffic(w);
    const tally = await w.store.tallies.get(org.id, hourlyScope(campaignId));
    expect(Object.values(tally).reduce((a, b) => a + b, 0)).toBe(3);
    const series = hourlySeries(tally);
    expect(series.map((p) => [p.sent, p.replies])).toEqual([[2, 0], [0, 0], [0, 1]]);
    const result = await w.engine.stats.campaignStats(org.id, campaignId);
    expect(result.ok && result.stats.hourly).toEqual(series);
  });

  it.each(['en', 'es'] as const)('answers with the full text view and a PNG chart with an alt text (%s)', async (lang) => {
    const w = await world();
    w.services.charts = createChartRenderer();
    await campaignWithTraffic(w);
    const replies = await w.handle(command({ ...owner, locale: lang === 'es' ? 'es-419' : 'en-US' }, 'stats gotv'));
    expect(replies.map((r) => r.kind)).toEqual(['ephemeral', 'file']);
    const text = textOf(viewOf(replies[0]));
    expect(text).toContain(lang === 'en' ? 'First texts: 2 of 5' : 'Primeros mensajes: 2 de 5');
    const file = fileOf(replies);
    expect(file.file.name).toBe('stats-gotv.png');
    const png = file.file.content as Buffer;
    expect(png.subarray(0, 8).equals(PNG_MAGIC)).toBe(true);
    expect(png.readUInt32BE(16)).toBe(1200);
    expect(file.file.title).toContain(lang === 'en' ? 'texts sent and replies per hour' : 'textos enviados y respuestas por hora');
    expect(textOf(file.view)).toContain(lang === 'en' ? 'Stats chart for' : 'Gráfico de estadísticas de');
  });

  it('a chart that cannot be drawn leaves the text answer with a short localized note', async () => {
    const w = await world();
    w.services.charts = { statsPng: async () => { throw new Error('canvas unavailable'); } };
    await campaignWithTraffic(w);
    const replies = await w.handle(command(owner, 'stats gotv'));
    expect(replies.map((r) => r.kind)).toEqual(['ephemeral']);
    const text = textOf(viewOf(replies[0]));
    expect(text).toContain('First texts: 2 of 5');
    expect(text).toContain('The chart could not be drawn this time');
    expect(text).not.toContain('canvas unavailable');
  });

  it('without a chart renderer the answer is the text view alone', async () => {
    const w = await world();
    await runningCampaign(w);
    const replies = await w.handle(command(owner, 'stats gotv'));
    expect(replies.map((r) => r.kind)).toEqual(['ephemeral']);
  });
});
