// Conformance: every worst-case view the commands build, rendered to Block Kit, stays inside
// Slack's documented limits, and nothing in it is dropped or cut: every label, every control (its
// action and value) and every character a voter wrote is still reachable in the output.
// The script form, at its largest, fits a Slack modal without losing a character.
import { beforeAll, describe, expect, it } from 'vitest';
import { actionIdOf } from '../../src/adapters/slack/action-ids.js';
import { renderModal } from '../../src/adapters/slack/modal.js';
import { renderView } from '../../src/adapters/slack/render.js';
import { MODAL } from '../../src/commands/actions.js';
import { MODAL_MAX } from '../../src/core/views/view.js';
import { command, world } from '../commands/support/world.js';
import { owner, runningCampaign } from '../commands/support/scenario.js';
import { maxCampaign, translators, worstCaseViews, type Case } from './support/worst-case-views.js';

/**
 * Block Kit limits, each with the Slack reference page that states it (checked against Slack's
 * documentation, not memory). Counts are in characters.
 */
const LIMITS = {
  blocksPerMessage: { max: 50, source: 'https://docs.slack.dev/reference/block-kit/blocks' },
  blocksPerModal: { max: 100, source: 'https://docs.slack.dev/reference/views/modal-views' },
  sectionText: { max: 3000, source: 'https://docs.slack.dev/reference/block-kit/blocks/section-block' },
  sectionFields: { max: 10, source: 'https://docs.slack.dev/reference/block-kit/blocks/section-block' },
  fieldText: { max: 2000, source: 'https://docs.slack.dev/reference/block-kit/blocks/section-block' },
  headerText: { max: 150, source: 'https://docs.slack.dev/reference/block-kit/blocks/header-block' },
  contextElements: { max: 10, source: 'https://docs.slack.dev/reference/block-kit/blocks/context-block' },
  actionsElements: { max: 25, source: 'https://docs.slack.dev/reference/block-kit/blocks/actions-block' },
  buttonText: { max: 75, source: 'https://docs.slack.dev/reference/block-kit/block-elements/button-element' },
  buttonValue: { max: 2000, source: 'https://docs.slack.dev/reference/block-kit/block-elements/button-element' },
  actionId: { max: 255, source: 'https://docs.slack.dev/reference/block-kit/block-elements/button-element' },
  selectOptions: { max: 100, source: 'https://docs.slack.dev/reference/block-kit/block-elements/select-menu-element' },
  selectPlaceholder: { max: 150, source: 'https://docs.slack.dev/reference/block-kit/block-elements/select-menu-element' },
  optionText: { max: 75, source: 'https://docs.slack.dev/reference/block-kit/composition-objects/option-object' },
  // The option object page says 150; @slack/types documents 75: the stricter one is checked.
  optionValue: { max: 75, source: 'https://docs.slack.dev/tools/node-slack-sdk/reference/types/interfaces/PlainTextOption' },
  modalTitle: { max: 24, source: 'https://docs.slack.dev/reference/views/modal-views' },
  modalSubmit: { max: 24, source: 'https://docs.slack.dev/reference/views/modal-views' },
  modalClose: { max: 24, source: 'https://docs.slack.dev/reference/views/modal-views' },
  privateMetadata: { max: 3000, source: 'https://docs.slack.dev/reference/views/modal-views' },
  plainTextInputMax: { max: 3000, source: 'https://docs.slack.dev/reference/block-kit/block-elements/plain-text-input-element' },
  messageText: { max: 40000, source: 'https://docs.slack.dev/reference/methods/chat.postMessage' },
} as const;

type Json = { type?: string; text?: Json | string; elements?: Json[]; fields?: Json[]; options?: Json[]; value?: string; action_id?: string; placeholder?: Json; element?: Json; max_length?: number; initial_value?: string; verbatim?: boolean };

const len = (s: string | undefined): number => [...(s ?? '')].length;
const textOf = (t: Json | string | undefined): string => (typeof t === 'string' ? t : typeof t?.text === 'string' ? t.text : '');

/** Every limit a rendered message breaks, as readable lines (empty when it conforms). */
function violations(message: { text: string; blocks: Json[] }): string[] {
  const out: string[] = [];
  const over = (what: keyof typeof LIMITS, n: number, where: string): void => {
    if (n > LIMITS[what].max) out.push(`${where}: ${what} ${n} > ${LIMITS[what].max} (${LIMITS[what].source})`);
  };
  over('messageText', len(message.text), 'message');
  over('blocksPerMessage', message.blocks.length, 'message');
  message.blocks.forEach((b, i) => {
    const at = `block ${i} (${b.type})`;
    if (b.type === 'section') {
      over('sectionText', len(textOf(b.text)), at);
      over('sectionFields', b.fields?.length ?? 0, at);
      for (const f of b.fields ?? []) over('fieldText', len(textOf(f)), at);
    }
    if (b.type === 'header') over('headerText', len(textOf(b.text)), at);
    if (b.type === 'context') {
      over('contextElements', b.elements?.length ?? 0, at);
      for (const e of b.elements ?? []) over('sectionText', len(textOf(e)), at);
    }
    if (b.type === 'actions') {
      over('actionsElements', b.elements?.length ?? 0, at);
      for (const e of b.elements ?? []) {
        over('actionId', len(e.action_id), at);
        if (e.type === 'button') {
          over('buttonText', len(textOf(e.text)), at);
          over('buttonValue', len(e.value), at);
        } else {
          over('selectOptions', e.options?.length ?? 0, at);
          over('selectPlaceholder', len(textOf(e.placeholder)), at);
          for (const o of e.options ?? []) {
            over('optionText', len(textOf(o.text)), at);
            over('optionValue', len(o.value), at);
          }
        }
      }
    }
  });
  return out;
}

/** What a person can read: section, context and field texts with Slack's escapes undone. */
function readable(blocks: Json[]): string {
  const texts = blocks.flatMap((b) => [textOf(b.text), ...(b.fields ?? []).map(textOf), ...(b.type === 'context' ? (b.elements ?? []).map(textOf) : [])]);
  return texts.join('\n').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}
/** Characters compared for reachability: no whitespace, no quote marks (a split re-adds `>`). */
const bare = (s: string): string => s.replace(/\r\n?/g, '\n').replace(/[\s>]/g, '');

function controls(blocks: Json[]): { buttons: { id: string; value?: string; label: string }[]; options: { id: string; value: string; label: string }[] } {
  const elements = blocks.flatMap((b) => (b.type === 'actions' ? (b.elements ?? []) : []));
  return {
    buttons: elements.filter((e) => e.type === 'button').map((e) => ({ id: actionIdOf(e.action_id ?? ''), value: e.value, label: textOf(e.text) })),
    options: elements.filter((e) => e.type === 'static_select').flatMap((e) => (e.options ?? []).map((o) => ({ id: actionIdOf(e.action_id ?? ''), value: o.value ?? '', label: textOf(o.text) }))),
  };
}

let cases: Case[] = [];
let t: Awaited<ReturnType<typeof translators>>;
beforeAll(async () => {
  t = await translators();
  cases = await worstCaseViews();
});

describe('Slack Block Kit conformance (worst-case views from the real view functions)', () => {
  it('enumerates the worst cases in both languages', () => {
    expect(cases.length).toBeGreaterThan(20);
    expect(new Set(cases.map((c) => c.lang))).toEqual(new Set(['en', 'es']));
  });

  it('every view renders inside every Block Kit limit', () => {
    for (const c of cases) {
      const message = renderView(c.view, t[c.lang]) as unknown as { text: string; blocks: Json[] };
      expect(violations(message), c.name).toEqual([]);
    }
  });

  it('nothing is dropped or cut: labels, controls and every voter character stay reachable', () => {
    for (const c of cases) {
      const { blocks } = renderView(c.view, t[c.lang]) as unknown as { blocks: Json[] };
      const { buttons, options } = controls(blocks);
      const shownLabels = new Set([...buttons.map((b) => b.label), ...options.map((o) => o.label)]);
      for (const label of c.expect.labels) expect(shownLabels.has(label), `${c.name}: label "${label}"`).toBe(true);
      for (const ctl of c.expect.controls) {
        const reachable = buttons.some((b) => b.id === ctl.id && b.value === ctl.value) || options.some((o) => o.id === ctl.id && o.value === ctl.value);
        expect(reachable, `${c.name}: control ${ctl.id} ${ctl.value}`).toBe(true);
      }
      const text = bare(readable(blocks));
      for (const voter of c.expect.voterTexts) expect(text.includes(bare(voter)), `${c.name}: voter text`).toBe(true);
      // No note that something was left out.
      expect(JSON.stringify(blocks), c.name).not.toMatch(/more not shown/);
    }
  });

  it('the script form at its largest fits a Slack modal and carries every line', async () => {
    const w = await world();
    const { org, campaignId } = await runningCampaign(w, { start: false });
    const max = maxCampaign();
    // The largest script one form can hold: the first message, then as many follow-ups as fit.
    await w.store.campaigns.update(org.id, campaignId, { scripts: { en: { initial: max.scripts.en!.initial, followUps: max.scripts.en!.followUps.slice(0, 3) } } });
    const [opened] = await w.handle(command(owner, 'script edit gotv en'));
    if (opened?.kind !== 'modal') throw new Error(`no modal: ${opened?.kind}`);
    expect(opened.modal.id).toBe(MODAL.script);
    const view = renderModal(opened.modal, { t: t.en, channelId: 'C1' }) as unknown as { title: Json; submit: Json; close: Json; blocks: Json[]; private_metadata: string };
    expect(len(textOf(view.title))).toBeLessThanOrEqual(LIMITS.modalTitle.max);
    expect(textOf(view.title)).toBe(opened.modal.title);
    expect(len(textOf(view.submit))).toBeLessThanOrEqual(LIMITS.modalSubmit.max);
    expect(len(textOf(view.close))).toBeLessThanOrEqual(LIMITS.modalClose.max);
    expect(view.blocks.length).toBeLessThanOrEqual(LIMITS.blocksPerModal.max);
    expect(len(view.private_metadata)).toBeLessThanOrEqual(LIMITS.privateMetadata.max);
    for (const block of view.blocks) {
      const el = block.element!;
      if (el.type === 'plain_text_input') {
        expect(el.max_length).toBeLessThanOrEqual(LIMITS.plainTextInputMax.max);
        expect(len(el.initial_value)).toBeLessThan(el.max_length ?? 0);
      }
    }
    const followUps = view.blocks.filter((b) => (b as { block_id?: string }).block_id?.startsWith('follow_ups')).map((b) => b.element?.initial_value ?? '');
    expect(followUps.join('\n')).toBe(max.scripts.en!.followUps.slice(0, 3).map((f) => `${f.label}: ${f.text}`).join('\n'));
    expect(opened.modal.inputs.length).toBeLessThanOrEqual(MODAL_MAX.inputs);
  });
});
