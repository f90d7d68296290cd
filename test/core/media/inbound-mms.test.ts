// Inbound MMS: Twilio's NumMedia / MediaUrlN / MediaContentTypeN become media on the stored voter
// message under our proxy address (an unguessable id), never the carrier's URL; the thread shows
// pictures inline and anything else as "attachment (type)"; an outbound MMS sends MediaUrl and
// counts as one segment.
import { describe, expect, it } from 'vitest';
import { toInbound } from '../../../src/adapters/twilio/twilio-params.js';
import { voterMediaBlocks } from '../../../src/commands/views/media.js';
import { claimAndSend, harness, ORG_NUMBER, ORG_SERVICE, startedCampaign } from '../engine/harness.js';

const CARRIER = 'https://api.twilio.com/2010-04-01/Accounts/AC1/Messages/MM1/Media/ME';
const t = (key: string, params?: Record<string, unknown>) => `${key}${params ? JSON.stringify(params) : ''}`;

describe('inbound MMS', () => {
  it('reads the media items of a Twilio inbound webhook (https only, at most 10)', () => {
    const parsed = toInbound({ MessageSid: 'SM1', From: '+12025550111', To: ORG_NUMBER, Body: 'look', NumMedia: '3', MediaUrl0: `${CARRIER}1`, MediaContentType0: 'image/jpeg', MediaUrl1: `${CARRIER}2`, MediaContentType1: 'video/mp4', MediaUrl2: 'http://insecure.example/x', MediaContentType2: 'image/png' }, new Date());
    expect(parsed.ok && parsed.value.media).toEqual([{ url: `${CARRIER}1`, contentType: 'image/jpeg' }, { url: `${CARRIER}2`, contentType: 'video/mp4' }]);
    const none = toInbound({ MessageSid: 'SM2', From: '+12025550111', To: ORG_NUMBER, Body: 'hi', NumMedia: '0' }, new Date());
    expect(none.ok && none.value.media).toBeUndefined();
  });

  it('stores voter media under our proxy address, keeping the carrier URL out of the message', async () => {
    const h = await harness({ config: { mediaBaseUrl: 'https://tb.example.org' } });
    const campaign = await startedCampaign(h, 2, { batchSize: 1 });
    const sent = await claimAndSend(h, campaign.id, h.volunteers[0]!.id);
    await h.settle();
    const r = await h.engine.inbound.receive({
      providerId: 'SMin1', from: sent.contact.phone, to: ORG_NUMBER, body: 'see this', at: h.clock.now(), messagingServiceSid: ORG_SERVICE,
      media: [{ url: `${CARRIER}1`, contentType: 'image/jpeg' }, { url: `${CARRIER}2`, contentType: 'video/mp4' }],
    });
    expect(r.ok).toBe(true);
    const stored = await h.store.messages.findByProviderId('SMin1');
    expect(stored?.media).toHaveLength(2);
    expect(JSON.stringify(stored)).not.toContain('api.twilio.com');
    for (const m of stored?.media ?? []) {
      expect(m.url).toMatch(/^https:\/\/tb\.example\.org\/media\/in\/[A-Za-z0-9_-]{22}$/);
      const id = m.url.split('/').at(-1)!;
      expect((await h.store.media.get(id))?.remoteUrl).toMatch(/^https:\/\/api\.twilio\.com\//);
    }
    // The thread: the picture inline, the video as an attachment line without any address.
    const blocks = voterMediaBlocks(t, stored?.media);
    expect(blocks[0]).toEqual({ type: 'image', url: stored!.media![0]!.url, alt: 'media:card.voter_image' });
    expect(blocks[1]).toEqual({ type: 'context', text: '📎 media:card.voter_attachment{"type":"video/mp4"}' });
  });

  it('never shows a non-proxy address inline, and makes a voter-supplied type inert', () => {
    const blocks = voterMediaBlocks(t, [{ contentType: 'image/png', url: `${CARRIER}9` }, { contentType: 'text/x-*bold*<!channel>', url: 'https://tb.example.org/media/in/AAAAAAAAAAAAAAAAAAAAAA' }]);
    expect(blocks.every((b) => b.type === 'context')).toBe(true);
    expect(JSON.stringify(blocks)).not.toContain('api.twilio.com');
    expect(JSON.stringify(blocks)).not.toMatch(/[*<>]/);
  });

  it('an outbound text with script media carries MediaUrl and counts as one MMS segment', async () => {
    const h = await harness({ config: { mediaBaseUrl: 'https://tb.example.org' } });
    const campaign = await startedCampaign(h, 2, { batchSize: 1 });
    const fresh = (await h.store.campaigns.get(campaign.orgId, campaign.id))!;
    const media = await h.store.media.create(campaign.orgId, { contentType: 'image/png', bytes: new Uint8Array([1]), sha256: 'x' });
    const scripts = Object.fromEntries(Object.entries(fresh.scripts).map(([lang, set]) => [lang, { ...set!, initial: `${set!.initial} ${'Long words to make it several segments. '.repeat(6)}`, media: { id: media.id, contentType: 'image/png' as const } }]));
    await h.store.campaigns.update(campaign.orgId, campaign.id, { scripts });
    const sent = await claimAndSend(h, campaign.id, h.volunteers[0]!.id);
    await h.settle();
    const message = await h.store.messages.findInitial(campaign.orgId, sent.contact.id);
    expect(message?.segments).toBe(1);
    expect(message?.media).toEqual([{ contentType: 'image/png', url: `https://tb.example.org/media/${media.id}` }]);
    expect(h.carrier.sent()[0]?.mediaUrls).toEqual([`https://tb.example.org/media/${media.id}`]);
  });
});
