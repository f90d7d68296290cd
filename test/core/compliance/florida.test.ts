// R3.3 Florida: "Paid for by" (or a link to a page showing it) in the first text to a Florida
// voter. Who is in Florida (state column, ZIP, area code per R2.4e), the start lint, the
// {disclaimer} merge field, and the Send press for a Florida voter added after the start.
import { describe, expect, it } from 'vitest';
import { carriesDisclaimer, disclaimerText, isFloridaContact, isFloridaZip, windowKeyReachesFlorida } from '../../../src/core/compliance/florida.js';
import { lintFlorida } from '../../../src/core/campaigns/campaign-lint.js';
import { windowKeyFor } from '../../../src/core/contacts/window-key.js';
import { claimAndSend, contactAt, harness, interaction, SCRIPTS } from '../engine/harness.js';

const NY = { phone: '+12125550101', windowKey: '' };
const PAID = 'Paid for by Texas Forward PAC';
const WITH_FIELD = { en: { initial: 'Hi {firstName}, {texterName} with {orgName}. Vote Nov 3! Reply STOP to opt out. {disclaimer}', followUps: [] } };

describe('R3.3: who is a Florida voter', () => {
  it('R3.3: the state column, a Florida ZIP (320-349 but not 340) or a Florida area code (R2.4e) says Florida', () => {
    expect(isFloridaContact({ ...NY, state: 'FL' })).toBe(true);
    expect(isFloridaContact({ ...NY, zip: '33125' })).toBe(true);
    expect(isFloridaContact({ ...NY, zip: '32301-1234' })).toBe(true);
    expect(isFloridaContact({ ...NY, zip: '34002' })).toBe(false); // 340: Armed Forces Americas
    expect(isFloridaContact({ ...NY, zip: '10001' })).toBe(false);
    expect(isFloridaContact({ phone: '+13055550117', windowKey: '', zip: '10001', state: 'NY' })).toBe(true); // Miami area code
    expect(isFloridaContact({ ...NY, windowKey: windowKeyFor({ zones: ['America/New_York'], zipState: 'FL' }) })).toBe(true);
    expect(isFloridaContact(NY)).toBe(false);
    expect(isFloridaZip(undefined)).toBe(false);
    expect(windowKeyReachesFlorida('America/New_York|NY|FL')).toBe(true);
    expect(windowKeyReachesFlorida('America/New_York|NY|NY')).toBe(false);
  });

  it('R3.3: a text carries the disclaimer when it holds its text, its link or a written "Paid for by"', () => {
    expect(carriesDisclaimer(`Hi! ${PAID}.`, { text: PAID })).toBe(true);
    expect(carriesDisclaimer('Hi! See tx.org/paid', { url: 'https://tx.org/paid' })).toBe(true);
    expect(carriesDisclaimer('Hi! Pagado por Texas Forward.', undefined)).toBe(true);
    expect(carriesDisclaimer('Hi! Vote Nov 3.', { text: PAID, url: 'https://tx.org/paid' })).toBe(false);
    expect(disclaimerText({ text: PAID, url: 'https://tx.org/paid' })).toBe(`${PAID} https://tx.org/paid`);
    expect(disclaimerText(undefined)).toBe('');
  });

  it('R3.3 lint: Florida voters need {disclaimer} (set) or the disclaimer written in each first message', () => {
    expect(lintFlorida({ scripts: SCRIPTS }, false)).toEqual([]);
    expect(lintFlorida({ scripts: SCRIPTS }, true).map((f) => [f.rule, f.severity, f.key, f.lang])).toEqual([
      ['R3.3', 'error', 'compliance:lint.florida_disclaimer_unset', 'en'],
      ['R3.3', 'error', 'compliance:lint.florida_disclaimer_unset', 'es'],
    ]);
    expect(lintFlorida({ scripts: SCRIPTS, disclaimer: { text: PAID } }, true).map((f) => f.key)).toEqual([
      'compliance:lint.florida_disclaimer_missing',
      'compliance:lint.florida_disclaimer_missing',
    ]);
    expect(lintFlorida({ scripts: WITH_FIELD, disclaimer: { text: PAID } }, true)).toEqual([]);
    expect(lintFlorida({ scripts: { en: { initial: `Hi, {orgName} here. ${PAID}. Reply STOP to opt out.`, followUps: [] } } }, true)).toEqual([]);
    // {disclaimer} with nothing set is an error even where no Florida voter is reached.
    expect(lintFlorida({ scripts: WITH_FIELD }, false).map((f) => f.key)).toEqual(['compliance:lint.disclaimer_field_unset']);
  });
});

describe('R3.3: starting and sending', () => {
  it('R3.3: a campaign with Florida voters cannot start until its first message carries the disclaimer; then it renders', async () => {
    const h = await harness();
    const created = await h.engine.campaigns.create(h.org.id, { slug: 'fl', name: 'FL', scripts: SCRIPTS }, h.organizer.id);
    if (!created.ok) throw new Error(created.reason);
    const id = created.campaign.id;
    await h.store.contacts.insertMany(h.org.id, id, [contactAt('+12125550101'), contactAt('+13055550117', { zip: '33125', firstName: 'Lucia' })]);
    const refused = await h.engine.campaigns.start(h.org.id, id, h.organizer.id);
    expect(refused).toMatchObject({ ok: false, reason: 'engine:campaign.script_errors' });
    expect(!refused.ok && refused.findings?.filter((f) => f.rule === 'R3.3').map((f) => f.key)).toEqual([
      'compliance:lint.florida_disclaimer_unset',
      'compliance:lint.florida_disclaimer_unset',
    ]);
    expect((await h.engine.campaigns.updateSettings(h.org.id, id, { disclaimer: { text: PAID } }, h.organizer.id)).ok).toBe(true);
    expect(await h.engine.campaigns.start(h.org.id, id, h.organizer.id)).toMatchObject({ ok: false, reason: 'engine:campaign.script_errors' });
    await h.engine.campaigns.updateScripts(h.org.id, id, WITH_FIELD, h.organizer.id);
    expect(await h.engine.campaigns.start(h.org.id, id, h.organizer.id)).toMatchObject({ ok: true });
    const { claim } = await claimAndSend(h, id, h.volunteers[0]!.id);
    const lucia = await findAssigned(h, claim.claim.id, '+13055550117');
    expect(await h.engine.send.sendInitial({ orgId: h.org.id, claimId: claim.claim.id, contactId: lucia.id, pressedBy: h.volunteers[0]!.id, interactionId: interaction(), platform: 'sandbox' })).toMatchObject({ ok: true });
    await h.settle();
    expect(h.carrier.sent().map((s) => s.body)).toEqual([
      `Hi Sam, Ana with Texas Forward. Vote Nov 3! Reply STOP to opt out. ${PAID}`,
      `Hi Lucia, Ana with Texas Forward. Vote Nov 3! Reply STOP to opt out. ${PAID}`,
    ]);
  });

  it('R3.3: a Florida voter imported after the start is not texted without the disclaimer (the press sends nothing)', async () => {
    const h = await harness();
    const created = await h.engine.campaigns.create(h.org.id, { slug: 'ny', name: 'NY', scripts: SCRIPTS, batchSize: 5 }, h.organizer.id);
    if (!created.ok) throw new Error(created.reason);
    const id = created.campaign.id;
    await h.store.contacts.insertMany(h.org.id, id, [contactAt('+12125550101')]);
    expect(await h.engine.campaigns.start(h.org.id, id, h.organizer.id)).toMatchObject({ ok: true });
    await h.store.contacts.insertMany(h.org.id, id, [contactAt('+13055550117', { state: 'FL' })]);
    const claim = await h.engine.claims.claim(h.org.id, id, h.volunteers[0]!.id);
    if (!claim.ok) throw new Error(claim.reason);
    const target = await findAssigned(h, claim.claim.id, '+13055550117');
    const r = await h.engine.send.sendInitial({ orgId: h.org.id, claimId: claim.claim.id, contactId: target.id, pressedBy: h.volunteers[0]!.id, interactionId: interaction(), platform: 'sandbox' });
    expect(r).toMatchObject({ ok: false, reason: 'engine:send.florida_disclaimer' });
    await h.settle();
    expect(h.carrier.sent().filter((s) => s.to === '+13055550117')).toEqual([]);
    expect((await h.store.contacts.get(h.org.id, target.id))?.status).toBe('assigned');
  });
});

describe('R3.3: {disclaimer} in replies', () => {
  it('R3.3: a reply can carry the campaign disclaimer (a later day\'s first text to a Florida voter)', async () => {
    const h = await harness();
    const created = await h.engine.campaigns.create(h.org.id, { slug: 'fl', name: 'FL', scripts: WITH_FIELD, disclaimer: { text: PAID } }, h.organizer.id);
    if (!created.ok) throw new Error(created.reason);
    await h.store.contacts.insertMany(h.org.id, created.campaign.id, [contactAt('+13055550117', { zip: '33125' })]);
    expect(await h.engine.campaigns.start(h.org.id, created.campaign.id, h.organizer.id)).toMatchObject({ ok: true });
    const { contact } = await claimAndSend(h, created.campaign.id, h.volunteers[0]!.id);
    const conv = (await h.store.conversations.findByContact(h.org.id, contact.id))!;
    const r = await h.engine.replies.reply(h.org.id, conv.id, 'Polls open at 7. {disclaimer}', h.volunteers[0]!.id);
    expect(r).toMatchObject({ ok: true, message: { body: `Polls open at 7. ${PAID}` } });
  });
});

async function findAssigned(h: Awaited<ReturnType<typeof harness>>, claimId: string, phone: string) {
  const claimed = await h.store.claims.get(h.org.id, claimId);
  for await (const c of h.store.contacts.streamByCampaign(h.org.id, claimed!.campaignId)) if (c.phone === phone && c.claimId === claimId) return c;
  throw new Error(`${phone} not assigned to the claim`);
}
