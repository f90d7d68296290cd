// The script form never loses text: long lists are spread over several fields within every
// platform's modal limits, a script too long for one form is not opened, a field that arrives at
// its limit is refused (the platform may have cut a paste), and the caps on quick replies and
// labels are said in the organizer's language.
import { describe, expect, it } from 'vitest';
import { MODAL } from '../../src/commands/actions.js';
import { MAX_CANNED_REPLIES } from '../../src/core/model/campaign.js';
import { MODAL_MAX, type Modal, type Reply } from '../../src/core/views/view.js';
import { command, submit, textOf, viewOf, world, type World } from './support/world.js';
import { SCRIPT_EN, owner, runningCampaign } from './support/scenario.js';

const long = (label: string, n: number): string => `${label}: ${`${label} text `.repeat(200).slice(0, n).trim()}`;

async function openForm(w: World, lang = 'en'): Promise<Reply> {
  const [opened] = await w.handle(command(owner, `script edit gotv ${lang}`));
  return opened as Reply;
}
function modalOf(r: Reply): Modal {
  if (r.kind !== 'modal') throw new Error(`expected a modal, got ${r.kind}`);
  return r.modal;
}
const fieldsOf = (m: Modal): Record<string, string> => Object.fromEntries(m.inputs.map((i) => [i.id, i.initial ?? '']));

describe('script form limits', () => {
  it('spreads long follow-ups over several fields and saves the form unchanged without losing a character', async () => {
    const w = await world();
    await runningCampaign(w, { start: false });
    const followUps = ['Polls', 'Ride', 'Ballot', 'Thanks'].map((l) => long(l, 1400)).join('\n');
    const first = modalOf(await openForm(w));
    const saved = await w.handle(submit(owner, MODAL.script, first.privateValue, { initial: SCRIPT_EN, follow_ups: followUps.split('\n').slice(0, 1).join('\n'), canned: 'Thanks: Thanks {firstName}!' }));
    expect(textOf(viewOf(saved[0]))).toContain('Saved');
    // Three more lines, each in its own field part: written straight through the form's parts.
    const twoParts = modalOf(await openForm(w));
    const fields = fieldsOf(twoParts);
    fields.follow_ups_2 = followUps.split('\n').slice(1, 3).join('\n');
    fields.follow_ups_3 = followUps.split('\n').slice(3).join('\n');
    expect(textOf(viewOf((await w.handle(submit(owner, MODAL.script, twoParts.privateValue, fields)))[0]))).toContain('Saved');
    const reopened = modalOf(await openForm(w));
    const ids = reopened.inputs.map((i) => i.id);
    expect(ids.length).toBeLessThanOrEqual(MODAL_MAX.inputs);
    expect(ids.filter((id) => id.startsWith('follow_ups')).length).toBeGreaterThan(1);
    for (const input of reopened.inputs) {
      expect(input.maxLength).toBe(MODAL_MAX.textLength);
      expect((input.initial ?? '').length).toBeLessThan(MODAL_MAX.textLength);
    }
    const joined = reopened.inputs.filter((i) => i.id.startsWith('follow_ups')).map((i) => i.initial).join('\n');
    expect(joined).toBe(followUps);
    const before = (await w.store.campaigns.findBySlug((await w.store.orgs.findByExternal('sandbox', 'T-texas'))!.id, 'gotv'))!;
    expect(textOf(viewOf((await w.handle(submit(owner, MODAL.script, reopened.privateValue, fieldsOf(reopened))))[0]))).toContain('Saved');
    const after = (await w.store.campaigns.findBySlug(before.orgId, 'gotv'))!;
    expect(after.scripts.en?.followUps).toEqual(before.scripts.en?.followUps);
    expect(after.scripts.en?.followUps.map((f) => `${f.label}: ${f.text}`).join('\n')).toBe(followUps);
  });

  it('does not open a form that could not hold the whole script; says so in Spanish too', async () => {
    const w = await world();
    const { org, campaignId } = await runningCampaign(w, { start: false });
    const campaign = (await w.store.campaigns.get(org.id, campaignId))!;
    const followUps = Array.from({ length: 8 }, (_, i) => ({ id: `f${i}`, label: `F${i}`, text: 'x'.repeat(1500) }));
    await w.store.campaigns.update(org.id, campaignId, { scripts: { ...campaign.scripts, en: { initial: SCRIPT_EN, followUps }, es: { initial: SCRIPT_EN, followUps } } });
    const refused = await openForm(w);
    expect(refused.kind).toBe('ephemeral');
    expect(textOf(viewOf(refused))).toContain('too long to edit in one form');
    const es = await w.handle(command({ ...owner, locale: 'es' }, 'script edit gotv es'));
    expect(textOf(viewOf(es[0]))).toContain('demasiado largo');
  });

  it('refuses a field that arrives at its limit, too many quick replies and over-long labels; nothing is saved', async () => {
    const w = await world();
    const { org, campaignId } = await runningCampaign(w, { start: false });
    const form = modalOf(await openForm(w));
    const full = `Polls: ${'y'.repeat(MODAL_MAX.textLength - 7)}`;
    expect(full).toHaveLength(MODAL_MAX.textLength);
    const atLimit = await w.handle(submit(owner, MODAL.script, form.privateValue, { ...fieldsOf(form), follow_ups: full }));
    expect(atLimit[0]).toMatchObject({ kind: 'modalErrors' });
    expect(atLimit[0]?.kind === 'modalErrors' ? atLimit[0].errors.follow_ups : '').toContain('reached its limit of 3000');
    const many = Array.from({ length: MAX_CANNED_REPLIES + 1 }, (_, i) => `R${i}: Reply ${i}`).join('\n');
    const tooMany = await w.handle(submit(owner, MODAL.script, form.privateValue, { ...fieldsOf(form), canned: many }));
    expect(tooMany[0]?.kind === 'modalErrors' ? tooMany[0].errors.canned : '').toContain(`at most ${MAX_CANNED_REPLIES} quick replies`);
    const label = await w.handle(submit(owner, MODAL.script, form.privateValue, { ...fieldsOf(form), canned: `${'L'.repeat(76)}: text` }));
    expect(label[0]?.kind === 'modalErrors' ? label[0].errors.canned : '').toContain('at most 75 characters');
    const campaign = (await w.store.campaigns.get(org.id, campaignId))!;
    expect(campaign.cannedReplies.map((c) => c.label)).toEqual(['Thanks']);
    expect(campaign.scripts.en?.followUps).toEqual([]);
  });
});
