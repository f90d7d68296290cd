// Tracked links in replies: a quick reply, a survey answer's reply and a typed `{link:...}` carry
// the voter's own link, the same one the first text had for the same destination, so a voter's
// clicks count once per contact wherever the link was sent.
import { describe, expect, it } from 'vitest';
import { conversationAfterReply, harness, interaction, SCRIPTS, startedCampaign } from '../engine/harness.js';
import { linkTallyScope } from '../../../src/core/links/link-service.js';

const BASE = 'https://go.example.org/l';
const VOTE = 'https://vote.example.org/where';
const code = (body: string): string[] => [...body.matchAll(/https:\/\/go\.example\.org\/l\/([0-9A-Za-z]{10})/g)].map((m) => m[1]!);

async function conversation() {
  const h = await harness({ config: { linkBaseUrl: BASE } });
  const campaign = await startedCampaign(h, 2, {
    batchSize: 2,
    scripts: { ...SCRIPTS, en: { ...SCRIPTS.en!, initial: `${SCRIPTS.en!.initial} Find your polling place: {link:${VOTE}}` } },
    cannedReplies: [{ id: 'where', label: 'Where to vote', text: { en: 'Here you go {firstName}: {link:https://vote.example.org/where}' } }],
  });
  const ana = h.volunteers[0]!;
  const { contact, conv } = await conversationAfterReply(h, campaign.id, ana.id, 'where do I vote?');
  return { h, campaign, ana, contact, conv };
}

describe('tracked links in replies', () => {
  it('a quick reply carries the voter\'s own link, the same as the first text\'s for that destination', async () => {
    const { h, conv, ana, contact } = await conversation();
    const [initial] = h.carrier.sent().map((s) => s.body);
    const [initialCode] = code(initial!);
    expect(initialCode).toBeDefined();
    const sent = await h.engine.replies.replyCanned(h.org.id, conv.id, 'where', ana.id, interaction());
    if (!sent.ok) throw new Error(sent.reason);
    expect(sent.message.body).toBe(`Here you go ${contact.firstName}: ${BASE}/${initialCode}`);
    expect(sent.message.body).not.toContain(VOTE);
  });

  it('a typed {link:...} gets the voter\'s own link; clicks on it count for the contact once', async () => {
    const { h, conv, ana, campaign, contact } = await conversation();
    const sent = await h.engine.replies.reply(h.org.id, conv.id, 'Volunteer with us: {link:https://join.example.org}', ana.id);
    if (!sent.ok) throw new Error(sent.reason);
    const [c] = code(sent.message.body);
    expect(sent.message.body).toBe(`Volunteer with us: ${BASE}/${c}`);
    // Another contact's reply to the same destination would get another code; this one resolves to it.
    const phone = { method: 'GET', userAgent: 'Mozilla/5.0 (iPhone) Mobile Safari/604.1' };
    expect(await h.engine.links.open(c!, phone)).toEqual({ location: 'https://join.example.org' });
    expect(await h.engine.links.open(c!, phone)).toEqual({ location: 'https://join.example.org' });
    expect(await h.store.tallies.get(h.org.id, linkTallyScope(campaign.id))).toEqual({ clicks: 2, clickers: 1 });
    expect((await h.store.contacts.get(h.org.id, contact.id))?.linkClicks).toBe(2);
  });

  it('a reply whose link cannot be made is not sent with the bare destination', async () => {
    const { h, conv, ana } = await conversation();
    const ensure = h.store.links.ensure;
    h.store.links.ensure = async () => {
      throw new Error('store down');
    };
    await expect(h.engine.replies.replyCanned(h.org.id, conv.id, 'where', ana.id, interaction())).rejects.toThrow('store down');
    h.store.links.ensure = ensure;
    await h.settle();
    expect(h.carrier.sent().map((s) => s.body).filter((b) => b.includes(VOTE))).toEqual([]);
  });
});
