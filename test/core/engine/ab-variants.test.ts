// A/B script variants through the engine: variants assigned at claim (stable, even), the card's
// text is what the press sends, the message keeps its variant, and the variant tallies move at
// the press, the delivery, the first reply, an opt-out and the first survey answer.
import { describe, expect, it } from 'vitest';
import type { Campaign } from '../../../src/core/model/campaign.js';
import type { Contact } from '../../../src/core/model/contact.js';
import { renderInitialText } from '../../../src/core/conversations/initial-text.js';
import { variantScope } from '../../../src/core/stats/variant-tallies.js';
import { ORG_NUMBER, SCRIPTS, contactsFor, harness, interaction, startedCampaign, type Harness } from './harness.js';

const B_EN = 'Hey {firstName}! {texterName} from {orgName} here. Will you vote Nov 3? Reply STOP to opt out.';
const WITH_B: Campaign['scripts'] = { ...SCRIPTS, en: { ...SCRIPTS.en!, variants: [{ id: 'B', initial: B_EN }] } };

async function claimAll(h: Harness, campaignId: string, volunteerId: string) {
  const claim = await h.engine.claims.claim(h.org.id, campaignId, volunteerId);
  if (!claim.ok) throw new Error(claim.reason);
  return claim;
}

async function pressAll(h: Harness, claimId: string, volunteerId: string): Promise<Contact[]> {
  const pressed: Contact[] = [];
  for (;;) {
    const card = await h.engine.claims.show(h.org.id, claimId, volunteerId);
    if (!card.ok || !card.next) return pressed;
    const next = card.next;
    const org = (await h.store.orgs.get(h.org.id))!;
    const campaign = (await h.store.campaigns.get(h.org.id, next.campaignId))!;
    const shown = renderInitialText(org, campaign, next, volunteerId === h.volunteers[0]!.id ? 'Ana' : 'Ben');
    const sent = await h.engine.send.sendInitial({ orgId: h.org.id, claimId, contactId: next.id, pressedBy: volunteerId, interactionId: interaction(), platform: 'sandbox' });
    if (!sent.ok) throw new Error(sent.reason);
    // What the card showed is exactly what the press stored, variant included.
    expect(shown.ok && sent.message.body).toBe(shown.ok ? shown.text : undefined);
    expect(sent.message.variant).toBe(next.variant);
    pressed.push(next);
  }
}

describe('A/B script variants in the engine', () => {
  it('R3.1/R3.2: a variant without the org name or opt-out language blocks start like the first message', async () => {
    const h = await harness();
    const created = await h.engine.campaigns.create(h.org.id, { slug: 'ab', name: 'AB', scripts: { en: { ...SCRIPTS.en!, variants: [{ id: 'B', initial: 'Hi {firstName}, will you vote?' }] } } }, h.organizer.id);
    if (!created.ok) throw new Error(created.reason);
    await h.store.contacts.insertMany(h.org.id, created.campaign.id, contactsFor(2));
    const started = await h.engine.campaigns.start(h.org.id, created.campaign.id, h.organizer.id);
    expect(started.ok).toBe(false);
    const findings = started.ok ? [] : (started.findings ?? []);
    expect(findings.filter((f) => f.severity === 'error').map((f) => [f.rule, 'itemId' in f ? f.itemId : undefined]).sort()).toEqual([['R3.1', 'B'], ['R3.2', 'B']]);
  });

  it('assigns variants at claim, sends the assigned text and counts sent, delivered, replied, opt-out and positive per variant', async () => {
    const h = await harness({ volunteers: 2 });
    const campaign = await startedCampaign(h, 40, { scripts: WITH_B, batchSize: 40 });
    const [ana] = h.volunteers;
    const claim = await claimAll(h, campaign.id, ana!.id);
    const claimed = [];
    for await (const c of h.store.contacts.streamByCampaign(h.org.id, campaign.id)) claimed.push(c);
    expect(claimed.every((c) => c.variant === 'A' || c.variant === 'B')).toBe(true);
    const a = claimed.filter((c) => c.variant === 'A').length;
    expect(a).toBeGreaterThan(8);
    expect(a).toBeLessThan(32);

    const pressed = await pressAll(h, claim.claim.id, ana!.id);
    expect(pressed).toHaveLength(40);
    await h.settle();
    const bodies = h.carrier.sent().map((s) => s.body);
    expect(bodies.filter((b) => b.startsWith('Hey ')).length).toBe(40 - a);

    // Replies: every B voter answers "yes", one A voter too, one A voter opts out.
    const byVariant = (v: string) => pressed.filter((c) => c.variant === v);
    for (const c of byVariant('B')) await h.carrier.injectReply({ from: c.phone, to: ORG_NUMBER, body: 'Yes I will!' });
    const [a1, a2] = byVariant('A');
    await h.carrier.injectReply({ from: a1!.phone, to: ORG_NUMBER, body: 'ok sure' });
    await h.carrier.injectReply({ from: a2!.phone, to: ORG_NUMBER, body: 'STOP' });
    await h.settle();
    // The first survey question's first answer is the positive answer (the campaign has a survey).
    const conv = await h.store.conversations.findByContact(h.org.id, a1!.id);
    const answered = await h.engine.replies.answer(h.org.id, conv!.id, 'vote', 'yes', ana!.id);
    expect(answered.ok).toBe(true);

    const t = await h.store.tallies.get(h.org.id, variantScope(campaign.id));
    const b = 40 - a;
    expect(t).toMatchObject({ 'en/A/sent': a, 'en/B/sent': b, 'en/A/delivered': a, 'en/B/delivered': b, 'en/B/replied': b, 'en/A/replied': 1, 'en/A/optOut': 1, 'en/A/positive': 1 });
    // A triage "yes" is not the positive answer when the campaign has a survey.
    expect(t['en/B/positive'] ?? 0).toBe(0);

    const stats = await h.engine.stats.campaignStats(h.org.id, campaign.id);
    if (!stats.ok) throw new Error(stats.reason);
    expect(stats.stats.variants).toHaveLength(1);
    const v = stats.stats.variants![0]!;
    expect(v.language).toBe('en');
    expect(v.arms.map((x) => [x.variant, x.counts.sent, x.counts.replied])).toEqual([['A', a, 1], ['B', b, b]]);
    expect(v.primary).toMatchObject({ metric: 'replied', leader: 'B', runnerUp: 'A', significant: true });
    expect(v.winner).toBe('B');
  });

  it('counts and compares variants within each contact language: variant B in English and in Spanish are different texts', async () => {
    const h = await harness({ volunteers: 1 });
    const B_ES = 'Hola {firstName}, soy {texterName} de {orgName}. ¿Vas a votar el 3 de noviembre? Responde STOP para no recibir más.';
    const both: Campaign['scripts'] = { en: WITH_B.en!, es: { ...SCRIPTS.es!, variants: [{ id: 'B', initial: B_ES }] } };
    const campaign = await startedCampaign(h, 40, { scripts: both, batchSize: 40 }, { spanishEvery: 2 });
    const [ana] = h.volunteers;
    const claim = await claimAll(h, campaign.id, ana!.id);
    const pressed = await pressAll(h, claim.claim.id, ana!.id);
    await h.settle();
    // Every Spanish B voter replies; no English voter does.
    const spanishB = pressed.filter((c) => c.language === 'es' && c.variant === 'B');
    expect(spanishB.length).toBeGreaterThan(0);
    for (const c of spanishB) await h.carrier.injectReply({ from: c.phone, to: ORG_NUMBER, body: 'Sí' });
    await h.settle();
    const count = (lang: string, v: string) => pressed.filter((c) => c.language === lang && c.variant === v).length;
    const t = await h.store.tallies.get(h.org.id, variantScope(campaign.id));
    expect(t).toMatchObject({ 'en/A/sent': count('en', 'A'), 'en/B/sent': count('en', 'B'), 'es/A/sent': count('es', 'A'), 'es/B/sent': count('es', 'B'), 'es/B/replied': spanishB.length });
    expect(t['en/B/replied'] ?? 0).toBe(0);
    const stats = await h.engine.stats.campaignStats(h.org.id, campaign.id);
    if (!stats.ok) throw new Error(stats.reason);
    const groups = stats.stats.variants!;
    expect(groups.map((g) => [g.language, g.arms.map((a) => [a.variant, a.counts.sent, a.counts.replied])])).toEqual([
      ['en', [['A', count('en', 'A'), 0], ['B', count('en', 'B'), 0]]],
      ['es', [['A', count('es', 'A'), 0], ['B', count('es', 'B'), spanishB.length]]],
    ]);
  });

  it('a retired variant is not given to contacts claimed after it, and those claimed before keep theirs', async () => {
    const h = await harness({ volunteers: 2 });
    const campaign = await startedCampaign(h, 30, { scripts: WITH_B, batchSize: 10 });
    const [ana, ben] = h.volunteers;
    const first = await claimAll(h, campaign.id, ana!.id);
    const before = await h.store.contacts.nextAssigned(h.org.id, first.claim.id);
    const en = { ...WITH_B.en!, retired: ['B' as const] };
    const saved = await h.engine.campaigns.updateScripts(h.org.id, campaign.id, { ...WITH_B, en }, h.organizer.id);
    expect(saved.ok).toBe(true);
    const second = await claimAll(h, campaign.id, ben!.id);
    const all = [];
    for await (const c of h.store.contacts.streamByCampaign(h.org.id, campaign.id)) all.push(c);
    expect(all.filter((c) => c.claimId === second.claim.id).every((c) => c.variant === 'A')).toBe(true);
    expect((await h.store.contacts.get(h.org.id, before!.id))?.variant).toBe(before!.variant);
    expect(all.filter((c) => c.claimId === first.claim.id).some((c) => c.variant === 'B')).toBe(true);
  });

  it('a single-script campaign assigns no variant and keeps no variant tallies', async () => {
    const h = await harness();
    const campaign = await startedCampaign(h, 3);
    const claim = await claimAll(h, campaign.id, h.volunteers[0]!.id);
    await pressAll(h, claim.claim.id, h.volunteers[0]!.id);
    await h.settle();
    expect(await h.store.tallies.get(h.org.id, variantScope(campaign.id))).toEqual({});
    const stats = await h.engine.stats.campaignStats(h.org.id, campaign.id);
    expect(stats.ok && stats.stats.variants).toBeUndefined();
  });
});
