// Conformance: every worst-case view the commands build, rendered for Discord, survives a round
// trip through discord.js's own builders with validation on (they throw on any limit Discord
// enforces: labels, custom_ids, option counts, embed sizes), fits 5 rows / 25 components / 2,000
// content / 6,000 embed characters, and drops or cuts nothing: every label, every control (its
// action and value) and every character a voter wrote is still reachable.
// The script form at its largest round-trips through ModalBuilder and carries every line.
import { ActionRowBuilder, ButtonBuilder, EmbedBuilder, ModalBuilder, StringSelectMenuBuilder, embedLength, type ButtonStyle } from 'discord.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseCustomId } from '../../src/adapters/discord/custom-id.js';
import { renderMessage, type DiscordMessage, type DiscordRow } from '../../src/adapters/discord/render-message.js';
import { renderModal } from '../../src/adapters/discord/render-modal.js';
import { MODAL_MAX, VALUE_MAX } from '../../src/core/views/view.js';
import { command, world } from '../commands/support/world.js';
import { owner, runningCampaign } from '../commands/support/scenario.js';
import { maxCampaign, worstCaseViews, type Case } from './support/worst-case-views.js';

const DISCORD = { rows: 5, components: 25, content: 2000, embeds: 10, embedTotal: 6000 } as const;

/** Rebuilds every component with discord.js's validating setters; throws on any limit broken. */
function roundTrip(rows: readonly DiscordRow[]): unknown[] {
  return rows.map((row) => {
    const components = row.components.map((c) => {
      if (c.type === 2) {
        const b = new ButtonBuilder().setCustomId(c.custom_id).setLabel(c.label).setStyle(c.style as ButtonStyle);
        if (c.disabled) b.setDisabled(true);
        return b;
      }
      return new StringSelectMenuBuilder()
        .setCustomId(c.custom_id)
        .setPlaceholder(c.placeholder)
        .setMinValues(c.min_values)
        .setMaxValues(c.max_values)
        .addOptions(c.options.map((o) => ({ label: o.label, value: o.value })));
    });
    return new ActionRowBuilder<ButtonBuilder | StringSelectMenuBuilder>().addComponents(...components).toJSON();
  });
}

function embedsRoundTrip(message: DiscordMessage): number {
  return message.embeds.reduce((n, e) => n + embedLength(new EmbedBuilder().setDescription(e.description).setColor(e.color).toJSON()), 0);
}

/** Escaped Discord markdown back to what a reader sees. */
function readable(message: DiscordMessage): string {
  return [message.content, ...message.embeds.map((e) => e.description)]
    .join('\n')
    .replace(/<(https?:\/\/[^>]+)>/g, '$1')
    .replace(/\\(.)/g, '$1')
    .replace(/\u200b/g, '');
}
const bare = (s: string): string => s.replace(/\r\n?/g, '\n').replace(/[\s>]/g, '');

let cases: Case[] = [];
beforeAll(async () => {
  cases = await worstCaseViews();
});

describe('Discord components conformance (worst-case views from the real view functions)', () => {
  it('every view round-trips through discord.js builders and fits the message limits', () => {
    for (const c of cases) {
      const warnings: string[] = [];
      const m = renderMessage(c.view, { warn: (_o, msg) => void warnings.push(msg) });
      expect(() => roundTrip(m.components), c.name).not.toThrow();
      expect(m.components.length, c.name).toBeLessThanOrEqual(DISCORD.rows);
      expect(m.components.flatMap((r) => r.components).length, c.name).toBeLessThanOrEqual(DISCORD.components);
      for (const row of m.components) {
        expect(row.components.length, c.name).toBeLessThanOrEqual(5);
        if (row.components.some((x) => x.type === 3)) expect(row.components, c.name).toHaveLength(1);
      }
      expect(m.content.length, c.name).toBeLessThanOrEqual(DISCORD.content);
      expect(m.embeds.length, c.name).toBeLessThanOrEqual(DISCORD.embeds);
      expect(embedsRoundTrip(m), c.name).toBeLessThanOrEqual(DISCORD.embedTotal);
      expect(new Set(m.components.flatMap((r) => r.components.map((x) => x.custom_id))).size, `${c.name}: unique custom_ids`).toBe(m.components.flatMap((r) => r.components).length);
      expect(warnings.filter((w) => !/moved into selects/.test(w)), c.name).toEqual([]);
    }
  });

  it('nothing is dropped, cut or disabled: labels, controls and every voter character stay reachable', () => {
    for (const c of cases) {
      const m = renderMessage(c.view);
      const parts = m.components.flatMap((r) => r.components);
      expect(parts.filter((p) => p.type === 2 && p.disabled), `${c.name}: disabled buttons`).toEqual([]);
      const shown = new Set(parts.flatMap((p) => (p.type === 2 ? [p.label] : p.options.map((o) => o.label))));
      for (const label of c.expect.labels) expect(shown.has(label), `${c.name}: label "${label}"`).toBe(true);
      for (const ctl of c.expect.controls) {
        const reachable = parts.some((p) => {
          const parsed = parseCustomId(p.custom_id);
          if (!parsed || parsed.id !== ctl.id) return false;
          return p.type === 2 ? parsed.value === ctl.value : p.options.some((o) => o.value === ctl.value);
        });
        expect(reachable, `${c.name}: control ${ctl.id} ${ctl.value}`).toBe(true);
      }
      const text = bare(readable(m));
      for (const voter of c.expect.voterTexts) expect(text.includes(bare(voter)), `${c.name}: voter text`).toBe(true);
      expect(m.embeds.at(-1)?.description, c.name).not.toBe('…');
    }
  });

  it('every control value the views build fits VALUE_MAX, so no button is ever disabled for its id', () => {
    for (const c of cases) for (const ctl of c.expect.controls) expect(ctl.value.length, `${c.name}: ${ctl.id} ${ctl.value}`).toBeLessThanOrEqual(VALUE_MAX);
  });

  it('a probable opt-out with 25 quick replies, 25 answers and 25 tags keeps every group reachable in 5 rows', () => {
    const c = cases.find((x) => x.name.startsWith('inbound, probable opt-out') && x.lang === 'en');
    const m = renderMessage(c!.view);
    const ids = m.components.map((r) => r.components.map((p) => parseCustomId(p.custom_id)?.id));
    expect(ids[0]).toEqual(['confirm_optout', 'dismiss_optout']);
    expect(ids.flat()).toEqual(expect.arrayContaining(['canned', 'survey', 'tag']));
  });

  it('the script form at its largest round-trips through ModalBuilder and carries every line', async () => {
    const w = await world();
    const { org, campaignId } = await runningCampaign(w, { start: false });
    const max = maxCampaign();
    await w.store.campaigns.update(org.id, campaignId, { scripts: { en: { initial: max.scripts.en!.initial, followUps: max.scripts.en!.followUps.slice(0, 3) } } });
    const [opened] = await w.handle(command(owner, 'script edit gotv en'));
    if (opened?.kind !== 'modal') throw new Error(`no modal: ${opened?.kind}`);
    const modal = renderModal(opened.modal);
    expect(() => new ModalBuilder(modal as never).toJSON()).not.toThrow();
    expect(() => new ModalBuilder().setTitle(modal.title).setCustomId(modal.custom_id)).not.toThrow();
    expect(modal.title).toBe(opened.modal.title);
    expect(modal.components.length).toBeLessThanOrEqual(MODAL_MAX.inputs);
    const followUps = modal.components.filter((c) => c.component.custom_id.startsWith('follow_ups')).map((c) => (c.component.type === 4 ? (c.component.value ?? '') : ''));
    expect(followUps.join('\n')).toBe(max.scripts.en!.followUps.slice(0, 3).map((f) => `${f.label}: ${f.text}`).join('\n'));
    for (const c of modal.components) if (c.component.type === 4) expect((c.component.value ?? '').length).toBeLessThan(c.component.max_length);
  });
});
