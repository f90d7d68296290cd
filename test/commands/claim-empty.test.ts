// `/textbank claim` when nobody can be claimed says what is true, in the reader's language:
// the rest are in volunteers' batches (try later or answer replies), everyone was texted, or
// nobody is inside texting hours now.
import { describe, expect, it } from 'vitest';
import { contactsFor, SCRIPTS } from '../core/engine/harness.js';
import { actor, command, textOf, viewOf, world, type World } from './support/world.js';

const owner = actor('U-owner', 'Olivia Owner', { isPlatformAdmin: true });
const ana = actor('U-ana', 'Ana');
const ben = actor('U-ben', 'Ben', { locale: 'es-419' });
const cleo = actor('U-cleo', 'Cleo');

async function startedCampaign(w: World, n: number): Promise<{ orgId: string; campaignId: string }> {
  await w.handle(command(owner, 'setup "Texas Forward"'));
  const org = (await w.store.orgs.findByExternal('sandbox', 'T-texas'))!;
  const olivia = (await w.store.members.findByPlatformUser(org.id, 'U-owner'))!;
  const created = await w.engine.campaigns.create(org.id, { slug: 'gotv', name: 'GOTV', scripts: SCRIPTS, batchSize: 50 }, olivia.id);
  if (!created.ok) throw new Error(created.reason);
  await w.store.contacts.insertMany(org.id, created.campaign.id, contactsFor(n));
  const started = await w.engine.campaigns.start(org.id, created.campaign.id, olivia.id);
  if (!started.ok) throw new Error(started.reason);
  return { orgId: org.id, campaignId: created.campaign.id };
}

const claimText = async (w: World, who: typeof ana) => textOf(viewOf((await w.handle(command(who, 'claim gotv')))[0]));

describe('claim with nobody to claim (en, es)', () => {
  it('says the rest are in volunteers\' batches, then that everyone was texted; no batch is created for nothing', async () => {
    const w = await world();
    const { orgId, campaignId } = await startedCampaign(w, 3);
    expect(await claimText(w, ana)).toContain('Voter'); // Ana's card shows her first voter
    const en = await claimText(w, cleo);
    expect(en).toContain("in volunteers' batches right now");
    expect(en).toContain('answer your replies');
    expect(en).not.toContain('has been texted');
    const es = await claimText(w, ben);
    expect(es).toContain('están en lotes de otros voluntarios');
    expect(es).not.toContain('Ya se envió un mensaje a todas');
    for (const who of ['U-ben', 'U-cleo']) {
      const m = await w.store.members.findByPlatformUser(orgId, who);
      expect(await w.store.claims.listActive(orgId, campaignId, m!.id)).toEqual([]);
    }
    // Ana texts everyone: now the truth is "everyone has been texted".
    const anaMember = (await w.store.members.findByPlatformUser(orgId, 'U-ana'))!;
    const [claim] = await w.store.claims.listActive(orgId, campaignId, anaMember.id);
    for (let next = await w.store.contacts.nextAssigned(orgId, claim!.id); next; next = await w.store.contacts.nextAssigned(orgId, claim!.id)) {
      const r = await w.engine.send.sendInitial({ orgId, claimId: claim!.id, contactId: next.id, pressedBy: anaMember.id, interactionId: `ix-send-${next.id}`, platform: 'sandbox' });
      expect(r.ok).toBe(true);
    }
    expect(await claimText(w, cleo)).toContain('Everyone in "gotv" has been texted');
    expect(await claimText(w, ben)).toContain('Ya se envió un mensaje a todas las personas de "gotv"');
  });
});
