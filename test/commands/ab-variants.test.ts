// A/B script variants through the dispatcher (what Slack, Discord and the sandbox all call): an
// organizer adds variant B in its own form, a variant without opt-out language blocks start, a
// volunteer's card shows each voter's variant and the press sends exactly that text, and
// `/textbank stats` shows per-variant rates with their intervals and names a winner only when
// the difference is significant. Retire is organizer-only, re-checked on every press.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ACTION, MODAL } from '../../src/commands/actions.js';
import { VARIANT_ACTION, VARIANT_MODAL } from '../../src/commands/script-variants.js';
import type { Modal, Reply, View } from '../../src/core/views/view.js';
import { ORG_NUMBER, actor, button, buttons, command, interactionId, press, quotes, submit, textOf, viewOf, world, type World } from './support/world.js';
import { ana, owner, CHANNEL, SCRIPT_EN } from './support/scenario.js';

const N = 40;
const B_TEXT = 'Hey {firstName}! {texterName} from {orgName} here: will you vote on Nov 3? Reply STOP to opt out.';
const ownerEs = actor('U-owner', 'Olivia Owner', { isPlatformAdmin: true, locale: 'es-419' });

function votersCsv(): string {
  const dir = mkdtempSync(join(tmpdir(), 'tb-ab-'));
  const rows = Array.from({ length: N }, (_, i) => `(212) 555-01${String(i).padStart(2, '0')},Voter${i},Test,10001`);
  const path = join(dir, 'voters.csv');
  writeFileSync(path, ['phone,first_name,last_name,zip', ...rows].join('\n'));
  return pathToFileURL(path).href;
}

async function say(w: World, inv: Parameters<World['handle']>[0]): Promise<string> {
  return (await w.handle(inv)).map((r) => ('view' in r ? textOf(r.view) : '')).join('\n');
}

function modalOf(replies: Reply[]): Modal {
  const [r] = replies;
  if (r?.kind !== 'modal') throw new Error(`expected a modal, got ${JSON.stringify(r)}`);
  return r.modal;
}

async function campaignWithVariants(w: World): Promise<void> {
  await w.handle(command(owner, 'setup "Texas Forward"'));
  await w.handle(command(owner, 'campaign create gotv Get out the vote', { channelId: CHANNEL }));
  expect(await say(w, command(owner, 'import gotv', { attachments: [{ name: 'voters.csv', url: votersCsv() }] }))).toContain('Imported');
  const a = modalOf(await w.handle(command(owner, 'script edit gotv en')));
  await w.handle(submit(owner, MODAL.script, a.privateValue, { initial: SCRIPT_EN }));
  // Variant B in its own one-field form (Discord forms hold five fields: one variant each).
  const b = modalOf(await w.handle(command(owner, 'script edit gotv en b')));
  expect(b.id).toBe(VARIANT_MODAL);
  expect(b.inputs).toHaveLength(1);
  const saved = await say(w, submit(owner, VARIANT_MODAL, b.privateValue, { initial: 'Hey {firstName}, will you vote on Nov 3?' }));
  expect(saved).toContain('Variant B saved');
}

describe('A/B script variants from chat', () => {
  it('R3.1/R3.2: a variant without the org name and opt-out language blocks start; fixed, the campaign starts', async () => {
    const w = await world();
    await campaignWithVariants(w);
    const refused = await say(w, command(owner, 'campaign start gotv'));
    expect(refused).not.toContain('is running');
    expect(refused).toContain('first message, variant B (English)');
    const b = modalOf(await w.handle(command(owner, 'script edit gotv en b')));
    await w.handle(submit(owner, VARIANT_MODAL, b.privateValue, { initial: B_TEXT }));
    expect(await say(w, command(owner, 'campaign start gotv'))).toContain('is running');
  });

  it('a campaign with two variants shows per-variant rates after claims, presses, statuses and replies', async () => {
    const w = await world();
    await campaignWithVariants(w);
    const b = modalOf(await w.handle(command(owner, 'script edit gotv en b')));
    await w.handle(submit(owner, VARIANT_MODAL, b.privateValue, { initial: B_TEXT }));
    expect(await say(w, command(owner, 'campaign start gotv'))).toContain('is running');

    let card: View = viewOf((await w.handle(command(ana, `claim gotv ${N}`)))[0]);
    const previewed: string[] = [];
    for (let i = 0; i < N; i += 1) {
      previewed.push(quotes(card)[0]!);
      const r = await w.handle(press(ana, ACTION.send, button(card, ACTION.send).value!, interactionId()));
      card = viewOf(r.find((x) => x.kind === 'update'));
    }
    await w.settle();
    // The card showed each voter's variant, and the press sent exactly that text.
    const sent = w.carrier.sent().map((s) => s.body);
    expect(sent.sort()).toEqual([...previewed].sort());
    const heys = sent.filter((s) => s.startsWith('Hey ')).length;
    expect(heys).toBeGreaterThan(8);
    expect(heys).toBeLessThan(N - 8);
    const messages = [];
    for await (const c of w.store.contacts.streamByCampaign((await w.store.orgs.findByExternal('sandbox', 'T-texas'))!.id, (await w.store.campaigns.findBySlug((await w.store.orgs.findByExternal('sandbox', 'T-texas'))!.id, 'gotv'))!.id)) messages.push(c);
    expect(messages.every((c) => c.variant === 'A' || c.variant === 'B')).toBe(true);

    // Every B voter answers; no A voter does.
    for (const c of messages.filter((m) => m.variant === 'B')) await w.carrier.injectReply({ from: c.phone, to: ORG_NUMBER, body: 'Yes, count me in' });
    await w.settle();

    const stats = await say(w, command(owner, 'stats gotv'));
    expect(stats).toContain('A/B script variants');
    expect(stats).toContain(`**Variant A** · ${N - heys} texted · ${N - heys} delivered`);
    expect(stats).toContain(`**Variant B** · ${heys} texted · ${heys} delivered`);
    expect(stats).toMatch(/Reply rate\n0\.0% \(95% CI 0\.0–\d+\.\d%\)/);
    // No survey: a triage "yes" on the first reply is the positive answer.
    expect(stats).toMatch(/Positive answers\n100\.0% \(95% CI \d+\.\d–100\.0%\)/);
    expect(stats).toMatch(/100\.0% \(95% CI \d+\.\d–100\.0%\)/);
    expect(stats).toMatch(/Variant B\*\* wins on reply rate \(p (<|=) 0\.\d+\)/);
    // Every voter reads English: one group, no language heading.
    expect(stats).not.toContain('Voters in');
    // In Spanish too.
    const es = await say(w, command(ownerEs, 'stats gotv'));
    expect(es).toContain('Variantes A/B del guion');
    expect(es).toContain('IC 95 %');
  });

  it('no winner while the difference is not significant', async () => {
    const w = await world();
    await campaignWithVariants(w);
    const b = modalOf(await w.handle(command(owner, 'script edit gotv en b')));
    await w.handle(submit(owner, VARIANT_MODAL, b.privateValue, { initial: B_TEXT }));
    await w.handle(command(owner, 'campaign start gotv'));
    let card: View = viewOf((await w.handle(command(ana, 'claim gotv 10')))[0]);
    for (let i = 0; i < 10; i += 1) {
      const r = await w.handle(press(ana, ACTION.send, button(card, ACTION.send).value!, interactionId()));
      card = viewOf(r.find((x) => x.kind === 'update'));
    }
    await w.settle();
    const stats = await say(w, command(owner, 'stats gotv'));
    expect(stats).toContain('No winner yet (p = 1.00)');
  });

  it('shows each voter language as its own test, with a heading, in English and Spanish', async () => {
    const w = await world();
    await campaignWithVariants(w);
    const org = (await w.store.orgs.findByExternal('sandbox', 'T-texas'))!;
    const campaign = (await w.store.campaigns.findBySlug(org.id, 'gotv'))!;
    // As the engine counts them: English B well ahead; Spanish A ahead, not significantly;
    // and texts counted before languages were counted apart.
    await w.store.tallies.increment(org.id, `campaign:${campaign.id}:variants`, {
      'en/A/sent': 1000, 'en/A/replied': 90, 'en/B/sent': 1000, 'en/B/replied': 120,
      'es/A/sent': 100, 'es/A/replied': 14, 'es/B/sent': 100, 'es/B/replied': 10,
      'A/sent': 30, 'B/sent': 31,
    });
    const stats = await say(w, command(owner, 'stats gotv'));
    const en = stats.indexOf('**Voters in English**');
    const es = stats.indexOf('**Voters in Spanish**');
    const before = stats.indexOf('**Texts counted before languages were counted apart**');
    expect([en, es, before].every((i) => i >= 0) && en < es && es < before).toBe(true);
    expect(stats.slice(en, es)).toContain('**Variant B** · 1,000 texted');
    expect(stats.slice(en, es)).toMatch(/Variant B\*\* wins on reply rate/);
    expect(stats.slice(es, before)).toContain('**Variant A** · 100 texted');
    expect(stats.slice(es, before)).toContain('No winner yet');
    expect(stats.slice(before)).toContain('**Variant B** · 31 texted');
    const spanish = await say(w, command(ownerEs, 'stats gotv'));
    expect(spanish).toContain('**Votantes en inglés**');
    expect(spanish).toContain('**Votantes en español**');
    expect(spanish).toContain('**Textos contados antes de separarlos por idioma**');
  });

  it('lists variants with Retire buttons for organizers only; the last live variant stays', async () => {
    const w = await world();
    await campaignWithVariants(w);
    const listed = (await w.handle(command(owner, 'script variants gotv'))).map((r) => viewOf(r));
    const retire = listed.flatMap((v) => buttons(v)).filter((x) => x.id === VARIANT_ACTION.retire);
    expect(retire.map((x) => x.label)).toEqual(['Retire A', 'Retire B']);
    // A volunteer's press is refused (the role is checked on the press, not by the button).
    expect(await say(w, press(ana, VARIANT_ACTION.retire, retire[1]!.value))).toMatch(/organizer/i);
    const done = await say(w, press(owner, VARIANT_ACTION.retire, retire[1]!.value));
    expect(done).toContain('Variant B retired');
    expect(done).toContain('Restore B');
    expect(await say(w, command(owner, 'script retire gotv a'))).toContain('last one');
    expect(await say(w, command(owner, 'script retire gotv'))).toContain('Say which variant');
    const restore = (await w.handle(command(owner, 'script variants gotv'))).flatMap((r) => buttons(viewOf(r))).find((x) => x.id === VARIANT_ACTION.restore)!;
    expect(await say(w, press(owner, VARIANT_ACTION.restore, restore.value))).toContain('given out again');
    expect(await say(w, command(owner, 'script retire gotv b en'))).toContain('Variant B retired');
  });
});
