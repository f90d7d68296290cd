// Deliverability guardrails through the commands (the sandbox composition: memory store,
// in-process queue, simulated carrier, real engine and locales): a burst of simulated 30007
// errors warns the campaign channel and the review channel, then pauses the campaign's first
// texts (Send refused with a clear message, replies untouched); an organizer's Resume restarts
// them, a volunteer's press is refused. Also the settings that move the thresholds.
import { describe, expect, it } from 'vitest';
import { ACTION } from '../../src/commands/actions.js';
import { createDeliverabilityAlerts, registerDeliverabilityAlerts } from '../../src/commands/deliverability.js';
import { contactsFor } from '../core/engine/harness.js';
import { actor, button, buttons, command, press, textOf, viewOf, world, type World } from './support/world.js';
import { CHANNEL, ana, owner, runningCampaign } from './support/scenario.js';

const REVIEW = 'C-review';
const anaEs = actor('U-ana', 'Ana', { locale: 'es-MX' });

async function bigCampaign(w: World) {
  const { org, campaignId } = await runningCampaign(w, { start: false });
  await w.store.contacts.insertMany(org.id, campaignId, contactsFor(70));
  await w.store.campaigns.update(org.id, campaignId, { batchSize: 100 });
  expect(textOf(viewOf((await w.handle(command(owner, 'campaign start gotv')))[0]))).toContain('is running');
  await w.store.orgs.update(org.id, { review: { channelId: REVIEW } });
  await w.handle(command(owner, 'post gotv', { channelId: CHANNEL }));
  registerDeliverabilityAlerts(w.queue, w.services);
  return { org, campaignId };
}

/** Presses Send on the card `n` times (each reply is the next card); `before` runs before each press. */
async function sendMany(w: World, card: ReturnType<typeof viewOf>, n: number, before?: (i: number) => void) {
  let current = card;
  for (let i = 0; i < n; i += 1) {
    before?.(i);
    const [reply] = await w.handle(press(ana, ACTION.send, button(current, ACTION.send).value));
    await w.settle();
    current = viewOf(reply);
  }
  return current;
}

const postsTo = (w: World, channel: string) => w.gateway.of('post').filter((c) => c.target === channel).map((c) => c.view!);

describe('deliverability guardrails (sandbox)', () => {
  it('R4.7/R6.3: a burst of simulated 30007 warns the campaign and review channels, then pauses first texts; Send is refused with a clear message; an organizer resumes, a volunteer cannot', async () => {
    const w = await world();
    const { org, campaignId } = await bigCampaign(w);
    let card = viewOf((await w.handle(command(ana, 'claim gotv')))[0]);
    // 48 texts delivered, then the carrier starts filtering everything as spam.
    card = await sendMany(w, card, 48);
    const spamAll = () => {
      for (const c of contactsFor(70)) w.carrier.script(c.phone, { status: 'undelivered', errorCode: '30007' });
    };
    card = await sendMany(w, card, 2, spamAll); // 2 of 50 = 4%: warning
    const warnings = postsTo(w, CHANNEL).filter((v) => textOf(v).includes('Deliverability warning'));
    expect(warnings).toHaveLength(1);
    expect(textOf(warnings[0]!)).toContain('4% of this campaign\'s last 50 texts were texts blocked by carriers as spam (error 30007), above the 3% limit');
    expect(postsTo(w, REVIEW).filter((v) => textOf(v).includes('Deliverability warning'))).toHaveLength(1);
    expect(buttons(warnings[0]!)).toEqual([]);
    // Two more: 4 of 52 = 7.7%, still only the one warning.
    card = await sendMany(w, card, 2);
    expect(postsTo(w, CHANNEL).filter((v) => textOf(v).includes('Deliverability warning'))).toHaveLength(1);
    // The fifth: 5 of 53 = 9.4% > 8%: first texts of the campaign pause.
    card = await sendMany(w, card, 1);
    const paused = postsTo(w, CHANNEL).filter((v) => textOf(v).includes('are paused'));
    expect(paused).toHaveLength(1);
    expect(postsTo(w, REVIEW).filter((v) => textOf(v).includes('are paused'))).toHaveLength(1);
    const resume = button(paused[0]!, ACTION.deliverabilityResume);
    expect(resume.value).toBe(campaignId);
    expect((await w.store.campaigns.get(org.id, campaignId))).toMatchObject({ status: 'active', initialsPause: { paused: true, by: 'guardrail' } });
    // The next Send is refused, in the volunteer's language; nothing goes out.
    const sentBefore = w.carrier.attempts().length;
    const refused = viewOf((await w.handle(press(ana, ACTION.send, button(card, ACTION.send).value)))[0]);
    expect(textOf(refused)).toContain('First texts of gotv are paused');
    const refusedEs = viewOf((await w.handle(press(anaEs, ACTION.send, button(card, ACTION.send).value)))[0]);
    expect(textOf(refusedEs)).toContain('Los primeros mensajes de gotv están en pausa');
    await w.settle();
    expect(w.carrier.attempts()).toHaveLength(sentBefore);
    // The campaign post shows the pause.
    const lastPost = w.gateway.of('update').filter((c) => c.view && textOf(c.view).includes('Get out the vote')).at(-1);
    expect(textOf(lastPost!.view!)).toContain('First texts of this campaign are paused');
    // A volunteer's Resume is refused; the organizer's works and is audited.
    const byAna = viewOf((await w.handle(press(ana, ACTION.deliverabilityResume, resume.value, undefined, REVIEW)))[0]);
    expect(textOf(byAna)).toMatch(/organizer/i);
    expect((await w.store.campaigns.get(org.id, campaignId))?.initialsPause?.paused).toBe(true);
    const [byOwner] = await w.handle(press(owner, ACTION.deliverabilityResume, resume.value, undefined, REVIEW));
    expect(byOwner?.kind).toBe('update');
    expect(textOf(viewOf(byOwner))).toContain('First texts of Get out the vote resumed by Olivia Owner');
    expect(await w.store.audit.list(org.id, { action: 'campaign.initials_resumed' })).toHaveLength(1);
    // Sends continue.
    for (const c of contactsFor(70)) w.carrier.script(c.phone, null);
    const [again] = await w.handle(press(ana, ACTION.send, button(card, ACTION.send).value));
    await w.settle();
    expect(again?.kind).not.toBe('ephemeral');
    expect(w.carrier.attempts().length).toBe(sentBefore + 1);
  });

  it('a retried alert job posts only to the channels it has not posted yet (one warning per channel), in the org\'s language', async () => {
    const w = await world();
    const { org, campaignId } = await runningCampaign(w);
    await w.store.orgs.update(org.id, { review: { channelId: REVIEW }, defaultLocale: 'es' });
    const job = { orgId: org.id, campaignId, scope: 'sender', sender: '+12025550199', level: 'warn', cause: 'unreachable', percent: 4.5, size: 200, threshold: 3, at: w.clock.now() };
    const review = w.gateway.post.bind(w.gateway);
    let failReview = true;
    w.gateway.post = async (channel, view) => {
      if (channel === REVIEW && failReview) throw new Error('rate limited');
      return review(channel, view);
    };
    const alerts = createDeliverabilityAlerts(w.services);
    await expect(alerts.handle(job)).rejects.toThrow('rate limited');
    failReview = false;
    expect(await alerts.handle(job)).toEqual([REVIEW]);
    expect(await alerts.handle(job)).toEqual([]);
    const posted = [...postsTo(w, CHANNEL), ...postsTo(w, REVIEW)].filter((v) => textOf(v).includes('entregabilidad'));
    expect(posted).toHaveLength(2);
    expect(textOf(posted[0]!)).toContain('El 4.5% de los últimos 200 mensajes desde +12025550199 fueron mensajes a números inalcanzables');
  });

  it('`/textbank settings` shows the thresholds (defaults 3%, 8%, 200 sends) and sets them; the warning must stay below the pause; owners only', async () => {
    const w = await world();
    const { org } = await runningCampaign(w);
    const shown = textOf(viewOf((await w.handle(command(owner, 'settings sms:true')))[0]));
    expect(shown).toContain('Deliverability guardrails');
    expect(shown).toContain('3% of recent sends');
    expect(shown).toContain('8% of recent sends');
    expect(shown).toContain('the last 200 sends');
    const saved = textOf(viewOf((await w.handle(command(owner, 'settings deliverability_warn:2 deliverability_pause:5 deliverability_window:100')))[0]));
    expect(saved).toContain('Deliverability guardrails saved');
    expect(saved).toContain('5% of recent sends');
    expect((await w.store.orgs.get(org.id))?.deliverability).toEqual({ warnPercent: 2, pausePercent: 5, window: 100 });
    const bad = textOf(viewOf((await w.handle(command(owner, 'settings deliverability_warn:9')))[0]));
    expect(bad).toContain('must be below the pause percent');
    expect((await w.store.orgs.get(org.id))?.deliverability).toEqual({ warnPercent: 2, pausePercent: 5, window: 100 });
    const es = textOf(viewOf((await w.handle(command(actor('U-owner', 'Olivia Owner', { isPlatformAdmin: true, locale: 'es-MX' }), 'settings deliverability_window:300')))[0]));
    expect(es).toContain('Protecciones de entregabilidad guardadas');
    expect(textOf(viewOf((await w.handle(command(ana, 'settings deliverability_warn:1')))[0]))).not.toContain('saved');
    expect((await w.store.orgs.get(org.id))?.deliverability?.window).toBe(300);
  });
});
