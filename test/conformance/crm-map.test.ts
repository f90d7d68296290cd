// Conformance: the CRM mapping forms at their largest (10 survey questions x 25 answers, 25 tags,
// the 4 outcomes, and 200 CRM choices) fit Discord and Slack without dropping an item: the board's
// page menu carries every page (split into 25-option menus on Discord), each page form holds at
// most 5 inputs, a list that outgrows one select (24 choices + "not mapped") becomes a typed
// field that says how many choices there are, and what is typed maps back to the right CRM id.
import { ModalBuilder, StringSelectMenuBuilder } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { parseCustomId } from '../../src/adapters/discord/custom-id.js';
import { renderComponents } from '../../src/adapters/discord/render-message.js';
import { renderModal as renderDiscordModal } from '../../src/adapters/discord/render-modal.js';
import { renderView } from '../../src/adapters/slack/render.js';
import { renderModal as renderSlackModal } from '../../src/adapters/slack/modal.js';
import { ACTION } from '../../src/commands/actions.js';
import { applyPage, boardView, mapPages, pageModal } from '../../src/commands/crm-map.js';
import type { Campaign } from '../../src/core/model/campaign.js';
import type { CrmCatalog } from '../../src/core/ports.js';
import { VALUE_MAX } from '../../src/core/views/view.js';
import { actor, command, i18n, translatorOf, world } from '../commands/support/world.js';
import { owner } from '../commands/support/scenario.js';
import { createCrmConnector } from '../../src/adapters/crm/index.js';
import { createEphemeralSecretBox } from '../../src/adapters/crypto/secret-box.js';

const CAMPAIGN_ID = '65f0c0ffee0000000000abcd';
const long = (prefix: string, n: number, len: number): string => `${prefix} ${n} ${'x'.repeat(len)}`.slice(0, len);

const worstCampaign: Pick<Campaign, 'id' | 'name' | 'survey' | 'tags'> = {
  id: CAMPAIGN_ID,
  name: long('Campaign', 1, 80),
  survey: Array.from({ length: 10 }, (_, q) => ({
    id: `q${q + 1}`,
    text: long('Question', q + 1, 300),
    answers: Array.from({ length: 25 }, (_, a) => ({ id: `a${a + 1}`, label: long(`Answer ${q + 1}.`, a + 1, 75) })),
  })),
  tags: Array.from({ length: 25 }, (_, i) => ({ id: `t${i + 1}`, label: long('Tag', i + 1, 75) })),
};

/** 200 remote options: 150 survey responses, 40 activist codes, 10 result codes. */
const bigCatalog: CrmCatalog = {
  surveyQuestions: Array.from({ length: 10 }, (_, q) => ({
    id: String(1000 + q),
    name: `Remote question ${q + 1}`,
    responses: Array.from({ length: 15 }, (_, r) => ({ id: String(5000 + q * 100 + r), name: `Response ${r + 1}` })),
  })),
  activistCodes: Array.from({ length: 40 }, (_, i) => ({ id: String(200 + i), name: `Code ${i + 1} ${'y'.repeat(90)}` })),
  resultCodes: Array.from({ length: 10 }, (_, i) => ({ id: String(20 + i), name: `Result ${i + 1}` })),
};

const slackOptionValues = (blocks: unknown[]): string[] =>
  blocks.flatMap((b) => ((b as { elements?: { type: string; options?: { value: string }[] }[] }).elements ?? []).flatMap((e) => (e.type === 'static_select' ? (e.options ?? []).map((o) => o.value) : [])));

describe('conformance: CRM mapping at its largest', () => {
  for (const lang of ['en', 'es'] as const) {
    it(`keeps every item reachable on Discord and Slack (${lang})`, async () => {
      const t = translatorOf(await i18n())(lang);
      for (const catalog of [bigCatalog, { ...bigCatalog, resultCodes: Array.from({ length: 200 }, (_, i) => ({ id: String(i + 1), name: `Result ${i + 1}` })) }]) {
        const pages = mapPages(t, worstCampaign, catalog);
        expect(pages).toHaveLength(10 * 5 + 5 + 1);
        const items = pages.flatMap((p) => p.items.map((i) => JSON.stringify({ ...i, label: undefined })));
        expect(new Set(items).size).toBe(250 + 25 + 4);

        // The board: one page menu, split to 25 options per Discord menu, none lost.
        const board = boardView(t, { kind: 'van', campaign: worstCampaign, pages, mapping: undefined, lang, catalog });
        const wanted = pages.map((_, i) => JSON.stringify([CAMPAIGN_ID, 'van', String(i)]));
        const rows = renderComponents(board);
        expect(rows.length).toBeLessThanOrEqual(5);
        const discordValues: string[] = [];
        for (const row of rows) {
          for (const c of row.components) {
            if (c.type !== 3) continue;
            expect(c.options.length).toBeLessThanOrEqual(25);
            new StringSelectMenuBuilder().setCustomId(c.custom_id).setPlaceholder(c.placeholder).addOptions(c.options.map((o) => ({ label: o.label, value: o.value }))).toJSON();
            expect(parseCustomId(c.custom_id)?.id).toBe(ACTION.crmMapPage);
            discordValues.push(...c.options.map((o) => o.value));
          }
        }
        expect(discordValues).toEqual(wanted);
        expect(slackOptionValues(renderView(board, t).blocks)).toEqual(wanted);
        for (const v of wanted) expect(v.length).toBeLessThanOrEqual(VALUE_MAX);

        // Every page form fits both platforms as written (no clipped title, label or hint).
        for (let page = 0; page < pages.length; page += 1) {
          const modal = pageModal(t, { kind: 'van', campaignId: CAMPAIGN_ID, pages, page, catalog, mapping: undefined });
          expect(modal.inputs.length).toBeLessThanOrEqual(5);
          expect([...modal.title].length).toBeLessThanOrEqual(24);
          for (const input of modal.inputs) {
            expect([...input.label].length).toBeLessThanOrEqual(45);
            if (input.hint) expect([...input.hint].length, input.hint).toBeLessThanOrEqual(100);
            if (input.kind === 'select') expect(input.options?.length).toBeLessThanOrEqual(25);
            else expect(input.hint).toMatch(/\d+/);
          }
          const discord = renderDiscordModal(modal);
          expect(() => new ModalBuilder(discord as never).toJSON()).not.toThrow();
          expect(discord.components.map((c) => c.label)).toEqual(modal.inputs.map((i) => i.label));
          const slack = renderSlackModal(modal, { t });
          expect(slack.title.text).toBe(modal.title);
        }
      }
    });
  }

  it('typed choices map back to the CRM ids; an unknown name is a field error, not a silent skip', async () => {
    const t = translatorOf(await i18n())('en');
    const pages = mapPages(t, worstCampaign, bigCatalog);
    const first = pages[0];
    if (!first) throw new Error('no page');
    const modal = pageModal(t, { kind: 'van', campaignId: CAMPAIGN_ID, pages, page: 0, catalog: bigCatalog, mapping: undefined });
    expect(modal.inputs.map((i) => i.kind)).toEqual(['text', 'text', 'text', 'text', 'text']);
    const empty = { campaignId: CAMPAIGN_ID, answers: [], tags: [], outcomes: [], updatedAt: new Date(0), updatedBy: 'm' };
    const ok = applyPage(t, { kind: 'van', page: first, catalog: bigCatalog, mapping: empty, fields: { i0: 'remote question 3:  response 7', i1: `Code 2 ${'y'.repeat(90)}`, i2: '1004:5405', i3: '' } });
    expect(ok.errors).toEqual({});
    expect(ok.mapping.answers).toEqual([
      { questionId: 'q1', answerId: 'a1', target: { questionId: '1002', responseId: '5206' } },
      { questionId: 'q1', answerId: 'a2', target: { activistCode: '201' } },
      { questionId: 'q1', answerId: 'a3', target: { questionId: '1004', responseId: '5405' } },
    ]);
    const bad = applyPage(t, { kind: 'van', page: first, catalog: bigCatalog, mapping: ok.mapping, fields: { i0: 'Nope: nothing', i1: '' } });
    expect(Object.keys(bad.errors)).toEqual(['i0']);
    // The form shows what is mapped already, as its name.
    const again = pageModal(t, { kind: 'van', campaignId: CAMPAIGN_ID, pages, page: 0, catalog: bigCatalog, mapping: ok.mapping });
    expect(again.inputs[0]?.initial).toBe('Remote question 3: Response 7');
    const outcomes = pageModal(t, { kind: 'van', campaignId: CAMPAIGN_ID, pages, page: pages.length - 1, catalog: bigCatalog, mapping: undefined });
    expect(outcomes.inputs.map((i) => i.kind)).toEqual(['select', 'select', 'select', 'select']);
  });

  it('the connect forms (NGP VAN, Action Network) fit both platforms as written, in en and es', async () => {
    const w = await world();
    Object.assign(w.services, { crm: createCrmConnector({ simulated: true }), secrets: createEphemeralSecretBox() });
    await w.handle(command(owner, 'setup "Texas Forward"'));
    for (const lang of ['en', 'es'] as const) {
      const t = translatorOf(await i18n())(lang);
      const who = actor(owner.userId, owner.displayName, { ...owner, locale: lang === 'es' ? 'es-419' : 'en-US' });
      for (const kind of ['van', 'action_network']) {
        const [reply] = await w.handle(command(who, `crm connect ${kind}`));
        if (reply?.kind !== 'modal') throw new Error(`crm connect ${kind} (${lang}) gave no form`);
        const modal = reply.modal;
        expect(modal.inputs.length).toBeLessThanOrEqual(5);
        expect([...modal.title].length, modal.title).toBeLessThanOrEqual(24);
        expect([...modal.submitLabel].length).toBeLessThanOrEqual(24);
        for (const input of modal.inputs) {
          expect([...input.label].length, input.label).toBeLessThanOrEqual(45);
          if (input.hint) expect([...input.hint].length, input.hint).toBeLessThanOrEqual(100);
        }
        expect(() => new ModalBuilder(renderDiscordModal(modal) as never).toJSON()).not.toThrow();
        expect(renderSlackModal(modal, { t }).title.text).toBe(modal.title);
      }
    }
  });
});
