// `/textbank stats` on Discord: deferred at once (drawing the chart may take a moment, R7.3); the
// stats text edits @original and the PNG chart reaches the organizer as an attachment
// (files[0]) whose message says what the chart shows.
import { afterEach, describe, expect, it } from 'vitest';
import { createChartRenderer } from '../../../src/adapters/charts/index.js';
import { startDiscordApp, type DiscordApp } from './support/discord-app.js';
import { OWNER, commandPayload, textOfBody } from './support/payloads.js';
import { runToFirstText } from './support/scenario.js';

const PNG_MAGIC = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const original = /^\/webhooks\/\d+\/[^/]+\/messages\/@original$/;

let app: DiscordApp | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

describe('Discord stats chart', () => {
  it('defers, edits @original with the stats text, and attaches the PNG chart in a DM', async () => {
    app = await startDiscordApp({ charts: createChartRenderer() });
    await runToFirstText(app);
    const res = await app.interact(commandPayload(OWNER, ['stats'], { campaign: 'gotv' }));
    expect(res.body).toEqual({ type: 5, data: { flags: 64 } });
    await app.settle();
    expect(app.fake.of('PATCH', original).map((c) => textOfBody(c.body)).join('\n')).toContain('First texts');
    const dmChannel = [...app.fake.channels.values()].find((c) => c.type === 1 && c.recipient === OWNER.id)!;
    const upload = app.fake.of('POST', new RegExp(`^/channels/${dmChannel.id}/messages$`)).find((c) => c.files.length > 0)!;
    expect(upload.files.map((f) => f.name)).toEqual(['stats-gotv.png']);
    const png = upload.files[0]!.content;
    expect(png.subarray(0, 8).equals(PNG_MAGIC)).toBe(true);
    expect(png.readUInt32BE(16)).toBe(1200);
    expect(png.length).toBeGreaterThan(5_000);
    expect(textOfBody(upload.body)).toContain('texts sent and replies per hour');
    expect(app.errors).toEqual([]);
  });
});
