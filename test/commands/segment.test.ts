// `/textbank segment`: free text (Slack, sandbox) and Discord's typed options end in the same
// Segment and the same preview; a bad filter is named in the member's language.
import { describe, expect, it } from 'vitest';
import type { Invocation } from '../../src/commands/framework/invocation.js';
import type { Contact } from '../../src/core/model/contact.js';
import { actor, button, command, press, submit, textOf, viewOf, world, type World } from './support/world.js';
import { ana, owner, runningCampaign } from './support/scenario.js';

async function setup() {
  const w = await world();
  const { org, campaignId } = await runningCampaign(w);
  await w.handle(command(owner, 'tags add gotv Needs ride, Volunteer'));
  const campaign = await w.store.campaigns.get(org.id, campaignId);
  const tag = campaign?.tags.find((t) => t.label === 'Needs ride')?.id ?? '';
  const all: Contact[] = [];
  for await (const c of w.store.contacts.streamByCampaign(org.id, campaignId)) all.push(c);
  all.sort((a, b) => (a.id < b.id ? -1 : 1));
  // Two repliers (one tagged), one opted out on the org list.
  await w.store.contacts.setFacts(org.id, all[0]!.id, { repliedAt: new Date('2026-11-17T15:00:00Z'), replyIntent: 'yes' });
  await w.store.contacts.setFacts(org.id, all[1]!.id, { repliedAt: new Date('2026-11-17T15:00:00Z'), replyIntent: 'no' });
  await w.store.contacts.addTag(org.id, all[0]!.id, tag);
  await w.store.optOuts.record(org.id, { orgId: org.id, phone: all[2]!.phone, source: 'keyword', at: new Date('2026-11-17T15:00:00Z') });
  return { w, org, campaignId, all };
}

const say = async (w: World, inv: Invocation): Promise<string> => textOf(viewOf((await w.handle(inv))[0]));

describe('/textbank segment', () => {
  it('previews the whole campaign: matched, left out by the opt-out list, frequency caps', async () => {
    const { w, all } = await setup();
    const text = await say(w, command(owner, 'segment gotv'));
    expect(text).toContain('Filters: every contact');
    expect(text).toContain(`Matched: ${all.length - 1}`);
    expect(text).toContain('Left out, opted out: 1');
    expect(text).toContain('Left out, invalid number or landline: 0');
    expect(text).toContain('Would hit a frequency cap today: 0');
  });

  it('free text with a quoted label and typed options (Discord) give the same preview', async () => {
    const { w } = await setup();
    const slack = await say(w, command(owner, 'segment gotv replied:yes tag:"needs ride"'));
    expect(slack).toContain('Filters: replied; tagged “Needs ride”');
    expect(slack).toContain('Matched: 1');
    const discord = await say(w, { kind: 'command', actor: owner, path: ['segment'], options: { campaign: 'gotv', replied: 'yes', tag: 'Needs ride' }, interactionId: 'ix-d', channelId: 'C-general' });
    expect(discord).toEqual(slack);
    const viaFilters = await say(w, { kind: 'command', actor: owner, path: ['segment'], options: { campaign: 'gotv', filters: 'replied:yes tag:"Needs ride"' }, interactionId: 'ix-e', channelId: 'C-general' });
    expect(viaFilters).toEqual(slack);
  });

  it('repeating a key ORs its values', async () => {
    const { w } = await setup();
    const text = await say(w, command(owner, 'segment gotv intent:yes intent:no'));
    expect(text).toContain('Matched: 2');
    expect(text).toContain('latest reply read as Yes or No');
  });

  it.each([
    ['en-US', 'segment gotv answre:x', '`answre:x` is not a filter; filters are replied, answer, tag'],
    ['es-419', 'segment gotv answre:x', '`answre:x` no es un filtro; los filtros son replied, answer, tag'],
    ['en-US', 'segment gotv answer:"Will you vote?"=Yes', "question 'Will you vote?' not found in campaign gotv"],
    ['es-419', 'segment gotv tag:ghost', "no se encontró la etiqueta 'ghost' en la campaña gotv"],
    ['en-US', 'segment gotv replied:yes maybe', '`maybe` is not a filter'],
  ])('a bad filter is named (%s: %s)', async (locale, text, message) => {
    const { w } = await setup();
    const reply = (await w.handle(command(actor('U-owner', 'Olivia Owner', { locale }), text)))[0];
    expect(reply?.kind).toBe('ephemeral');
    expect(textOf(viewOf(reply))).toContain(message);
  });

  it('the form (selects for the common filters, free text for the rest) ends in the same preview; a bad typed filter comes back on the form', async () => {
    const { w } = await setup();
    const first = viewOf((await w.handle(command(owner, 'segment gotv')))[0]);
    const value = button(first, 'segment_filters').value;
    const [opened] = await w.handle(press(owner, 'segment_filters', value));
    if (opened?.kind !== 'modal') throw new Error('no form');
    expect(opened.modal.inputs.map((i) => i.id)).toEqual(['replied', 'lang', 'tag', 'filters']);
    const tagId = opened.modal.inputs.find((i) => i.id === 'tag')?.options?.find((o) => o.label === 'Needs ride')?.value ?? '';
    const viaForm = textOf(viewOf((await w.handle(submit(owner, 'segment_filters', opened.modal.privateValue, { replied: 'yes', lang: 'any', tag: tagId, filters: '' })))[0]));
    expect(viaForm).toEqual(await say(w, command(owner, 'segment gotv replied:yes tag:"needs ride"')));
    const [refused] = await w.handle(submit(owner, 'segment_filters', opened.modal.privateValue, { replied: 'any', filters: 'zip:abc' }));
    expect(refused).toEqual({ kind: 'modalErrors', errors: { filters: '`zip:abc`: a ZIP prefix is 1 to 5 digits, e.g. zip:331.' } });
  });

  it('is for organizers', async () => {
    const { w } = await setup();
    expect(await say(w, command(ana, 'segment gotv'))).toContain('Only someone with the organizer role can do that.');
  });
});
