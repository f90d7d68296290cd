import { describe, expect, it } from 'vitest';
import { createSimulatedAssistant } from '../../../src/adapters/assistant/index.js';
import { createInProcessQueue } from '../../../src/adapters/queue/in-process-queue.js';
import { createEngine } from '../../../src/core/engine.js';
import type { ReplyAssistant, ReplyAssistantInput } from '../../../src/core/ports.js';
import { claimAndSend, harness, ORG_NUMBER, ORG_SERVICE, startedCampaign } from '../engine/harness.js';

const CANNED = [
  { id: 'thanks', label: 'Thanks', text: { en: 'Thanks so much {firstName}!', es: '¡Gracias {firstName}!' } },
  { id: 'where', label: 'Where to vote', text: { en: 'You can find your polling place at vote.example.org', es: 'Su casilla está en vote.example.org' } },
  { id: 'signed', label: 'Signed', text: { en: 'Thanks! {texterName}' } },
];

/** An engine over the harness's store that reads replies with `assistant` (another worker). */
async function setup(assistant?: ReplyAssistant) {
  const h = await harness();
  const campaign = await startedCampaign(h, 2, { cannedReplies: CANNED });
  const sent = await claimAndSend(h, campaign.id, h.volunteers[0]!.id);
  await h.settle();
  const queue = createInProcessQueue({ clock: h.clock, logger: { error: () => undefined } });
  const warnings: object[] = [];
  const engine = createEngine({
    store: h.store, queue, sms: h.carrier, clock: h.clock, registerHandlers: false,
    log: { warn: (o: object) => void warnings.push(o), error: () => undefined },
    ...(assistant ? { assistant } : {}),
  });
  let n = 0;
  const receive = async (body: string, from = sent.contact.phone) => {
    const r = await engine.inbound.receive({ providerId: `SMtri${(n += 1)}`, from, to: ORG_NUMBER, body, at: h.clock.now(), messagingServiceSid: ORG_SERVICE });
    if (!r.ok) throw new Error(r.reason);
    return { result: r, stored: await h.store.messages.get(h.org.id, r.message.id) };
  };
  return { h, campaign, contact: sent.contact, receive, warnings };
}

describe('inbound replies carry their triage', () => {
  it('stores the rules reading on the inbound message (store.messages.get returns it)', async () => {
    const { receive } = await setup();
    const { result, stored } = await receive('Yes but I already voted');
    expect(result.message.triage).toMatchObject({ intent: 'already_voted', source: 'rules' });
    expect(stored?.triage).toEqual(result.message.triage);
    expect(stored?.body).toBe('Yes but I already voted');
  });

  it('R1.4: a STOP is still an opt-out, and its triage says opt_out', async () => {
    const { h, receive, contact } = await setup();
    const { result, stored } = await receive('STOP');
    expect(result.kind).toBe('opt_out');
    expect(stored?.triage).toMatchObject({ intent: 'opt_out' });
    expect(await h.store.optOuts.isOptedOut(h.org.id, contact.phone)).toBe(true);
  });

  it('gives the assistant the campaign context (first unanswered question, its answers, rendered canned replies) and the org setting', async () => {
    const seen: ReplyAssistantInput[] = [];
    const spy: ReplyAssistant = { kind: 'rules', read: async (input) => (seen.push(input), { intent: 'question', confidence: 0.8, source: 'rules' }) };
    const { h, receive, contact } = await setup(spy);
    await receive('where do i vote');
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ orgId: h.org.id, text: 'where do i vote', lang: contact.language ?? 'en', shareVoterText: false });
    expect(seen[0]?.context?.question).toBe('Will they vote?');
    expect(seen[0]?.context?.answers).toEqual(['Yes', 'No', 'Maybe']);
    // Rendered for the contact; the one that needs the volunteer's name is left out.
    expect(seen[0]?.context?.canned).toEqual([`Thanks so much ${contact.firstName}!`, 'You can find your polling place at vote.example.org']);
    await h.store.orgs.update(h.org.id, { assistantShareVoterText: true });
    await receive('ok');
    expect(seen[1]?.shareVoterText).toBe(true);
  });

  it('the sandbox assistant drafts from the canned replies', async () => {
    const { receive } = await setup(createSimulatedAssistant());
    const { stored } = await receive('Where do I vote?');
    expect(stored?.triage).toMatchObject({ intent: 'question', source: 'rules', draft: 'You can find your polling place at vote.example.org' });
  });

  it('a triage failure never loses the text: the message is stored without a triage, and the log names no text', async () => {
    const broken: ReplyAssistant = { kind: 'remote', read: () => Promise.reject(new Error('boom: Where do I vote?')) };
    const { h, receive, warnings, contact } = await setup(broken);
    const { result, stored } = await receive('Where do I vote?');
    expect(stored?.body).toBe('Where do I vote?');
    expect(stored?.triage).toBeUndefined();
    expect(JSON.stringify(warnings)).not.toContain('Where do I vote');
    expect(warnings.length).toBeGreaterThan(0);
    // An invalid reading is dropped too.
    const invalid: ReplyAssistant = { kind: 'remote', read: async () => ({ intent: 'enthusiastic', confidence: 2, source: 'assistant' }) as never };
    const engine2 = createEngine({ store: h.store, queue: createInProcessQueue({ clock: h.clock, logger: { error: () => undefined } }), sms: h.carrier, clock: h.clock, registerHandlers: false, assistant: invalid });
    const r = await engine2.inbound.receive({ providerId: 'SMinvalid', from: contact.phone, to: ORG_NUMBER, body: 'yes', at: h.clock.now(), messagingServiceSid: ORG_SERVICE });
    expect(r.ok && (await h.store.messages.get(h.org.id, r.message.id))?.triage).toBeUndefined();
    expect(result.ok).toBe(true);
  });

  it('a text from a number with no conversation is stored without a triage', async () => {
    const { receive } = await setup();
    const { stored } = await receive('yes', '+12125550999');
    expect(stored?.conversationId).toBeUndefined();
    expect(stored?.triage).toBeUndefined();
  });
});
