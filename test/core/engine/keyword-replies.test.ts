// One reply per keyword (R1.3, R1.6, R1.9): an org's keyword replies are either the carrier's
// (Twilio Advanced Opt-Out answers STOP/HELP itself, so Textbank sends none to those words) or
// Textbank's (Textbank sends exactly one confirmation, however often STOP comes in). Either way
// exactly one confirmation reaches the voter.
import { describe, expect, it } from 'vitest';
import { TWILIO_ADVANCED_OPT_OUT_KEYWORDS } from '../../../src/app/choose-sms.js';
import { keywordRepliesOf } from '../../../src/core/conversations/sender.js';
import type { KeywordReplies } from '../../../src/core/model/org.js';
import { claimAndSend, harness, ORG_NUMBER, ORG_SERVICE, startedCampaign, type HarnessOptions } from './harness.js';

async function texted(mode: KeywordReplies | undefined, opts: HarnessOptions = {}) {
  const h = await harness(opts);
  if (mode) await h.store.orgs.update(h.org.id, { keywordReplies: mode });
  const campaign = await startedCampaign(h, 2, { batchSize: 1 });
  const sent = await claimAndSend(h, campaign.id, h.volunteers[0]!.id);
  await h.settle();
  const first = h.carrier.sent().length;
  let n = 0;
  const receive = async (body: string) => {
    await h.engine.inbound.receive({ providerId: `SMkw${(n += 1)}`, from: sent.contact.phone, to: ORG_NUMBER, body, at: h.clock.now(), messagingServiceSid: ORG_SERVICE });
    await h.settle();
  };
  /** What Textbank texted the voter after the first text. */
  const ours = () => h.carrier.sent().slice(first).map((s) => s.body);
  return { h, phone: sent.contact.phone, receive, ours };
}

describe('keyword replies: carrier or Textbank, never both (R1.6)', () => {
  it('R1.6 carrier mode: STOP, ALTO and HELP get no Textbank text (the carrier answers); the opt-out is still recorded', async () => {
    const t = await texted('carrier', { config: { carrierKeywords: [...TWILIO_ADVANCED_OPT_OUT_KEYWORDS] } });
    await t.receive('STOP');
    await t.receive('Stop!');
    await t.receive('ALTO');
    await t.receive('help');
    expect(t.ours()).toEqual([]);
    expect(await t.h.store.optOuts.isOptedOut(t.h.org.id, t.phone)).toBe(true);
  });

  it('R1.6 carrier mode: an opt-out in plain words (which the carrier does not answer) gets exactly one Textbank confirmation', async () => {
    const t = await texted('carrier');
    await t.receive('please remove me from this list');
    await t.receive('remove me');
    expect(t.ours()).toEqual(['Texas Forward: You are unsubscribed and will get no more texts from us. Reply START to opt back in.']);
  });

  it('R1.6 textbank mode: STOP gets exactly one confirmation, and repeats get none (idempotent)', async () => {
    const t = await texted('textbank', { config: { carrierHandlesKeywordReplies: true } });
    await t.receive('STOP');
    await t.receive('stop');
    await t.receive('STOP ALL');
    await t.receive('unsubscribe');
    expect(t.ours()).toEqual(['Texas Forward: You are unsubscribed and will get no more texts from us. Reply START to opt back in.']);
    expect(await t.h.store.optOuts.isOptedOut(t.h.org.id, t.phone)).toBe(true);
  });

  it('R1.9 textbank mode: HELP gets Textbank\'s one reply with the org name and contact point', async () => {
    const t = await texted('textbank', { config: { carrierHandlesKeywordReplies: true } });
    await t.receive('HELP');
    expect(t.ours()).toEqual(['Texas Forward: for help, contact help@texasforward.org. Reply STOP to opt out.']);
  });

  it('an org with no setting follows the deployment default (carrier with a Twilio Messaging Service, else Textbank)', () => {
    expect(keywordRepliesOf({}, { carrierHandlesKeywordReplies: true })).toBe('carrier');
    expect(keywordRepliesOf({}, { carrierHandlesKeywordReplies: false })).toBe('textbank');
    expect(keywordRepliesOf({ keywordReplies: 'textbank' }, { carrierHandlesKeywordReplies: true })).toBe('textbank');
    expect(keywordRepliesOf({ keywordReplies: 'carrier' }, { carrierHandlesKeywordReplies: false })).toBe('carrier');
  });

  it('the default deployment setting: STOP gets one Textbank confirmation when no carrier replies', async () => {
    const t = await texted(undefined);
    await t.receive('STOP');
    await t.receive('STOP');
    expect(t.ours()).toHaveLength(1);
  });
});
