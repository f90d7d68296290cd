// The survey and tags forms as Discord shows them, through signed interactions: a modal (type 9)
// whose title, labels and descriptions fit untouched and whose custom_id stays under 100
// characters even for a long question id; typed options save the same question as the form;
// a bad submit saves nothing and lists what to fix.
import { afterEach, describe, expect, it } from 'vitest';
import { MODAL_LIMITS } from '../../../src/adapters/discord/render-modal.js';
import { CUSTOM_ID_MAX } from '../../../src/adapters/discord/custom-id.js';
import { startDiscordApp, type DiscordApp } from './support/discord-app.js';
import { GUILD, OWNER, commandPayload, modalPayload, textOfBody } from './support/payloads.js';

type Label = { type: number; label: string; description?: string; component: { type: number; custom_id: string; style?: number; required: boolean; value?: string } };
type ModalData = { custom_id: string; title: string; components: Label[] };

let app: DiscordApp | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

async function ready(a: DiscordApp) {
  await a.interact(commandPayload(OWNER, ['setup'], { name: 'Texas Forward' }));
  await a.interact(commandPayload(OWNER, ['campaign', 'create'], { slug: 'gotv', name: 'Get out the vote' }));
  const org = (await a.store.orgs.findByExternal('discord', GUILD))!;
  return { org, campaign: async () => (await a.store.campaigns.findBySlug(org.id, 'gotv'))! };
}

function fitsUntouched(modal: ModalData): void {
  expect(modal.title.length).toBeLessThanOrEqual(MODAL_LIMITS.title);
  expect(modal.components.length).toBeLessThanOrEqual(MODAL_LIMITS.inputs);
  expect(modal.custom_id.length).toBeLessThanOrEqual(CUSTOM_ID_MAX);
  for (const text of [modal.title, ...modal.components.flatMap((c) => [c.label, c.description ?? ''])]) expect(text.endsWith('…'), text).toBe(false);
}

describe('the survey form on Discord', () => {
  it('opens as a modal within the limits, saves a good submit and lists a bad one', async () => {
    app = await startDiscordApp();
    const { campaign } = await ready(app);
    const opened = await app.interact(commandPayload(OWNER, ['survey', 'add'], { campaign: 'gotv' }));
    expect(opened.body.type).toBe(9);
    const modal = opened.body.data as unknown as ModalData;
    fitsUntouched(modal);
    expect(modal.title).toBe('New survey question');
    expect(modal.components.map((c) => [c.type, c.label, c.component.custom_id, c.component.style, c.component.required])).toEqual([
      [18, 'Question', 'text', 1, true],
      [18, 'Answers, one per line', 'answers', 2, true],
      [18, 'Suggested replies in Spanish (optional)', 'replies_es', 2, false],
    ]);

    const bad = await app.interact(modalPayload(OWNER, modal.custom_id, { text: 'Will you vote?', answers: '', replies_es: '' }));
    expect(textOfBody(bad.body.data)).toMatch(/^Nothing was saved[^\n]*\n• Give at least one answer\./);
    expect((await campaign()).survey).toEqual([]);

    await app.interact(modalPayload(OWNER, modal.custom_id, { text: 'Will you vote?', answers: 'Yes: Great!\nNo', replies_es: 'Yes: ¡Genial!' }));
    expect((await campaign()).survey).toEqual([
      { id: 'will_you_vote', text: 'Will you vote?', answers: [{ id: 'yes', label: 'Yes', reply: { en: 'Great!', es: '¡Genial!' } }, { id: 'no', label: 'No' }] },
    ]);
    expect(app.errors).toEqual([]);
  });

  it('typed options save a question directly; the edit form of a long question id still fits a custom_id', async () => {
    app = await startDiscordApp();
    const { campaign } = await ready(app);
    const text = 'Would you be willing to drive a neighbor to the polling place on Election Day?';
    const saved = await app.interact(commandPayload(OWNER, ['survey', 'add'], { campaign: 'gotv', text, answers: 'Yes: Thank you! | No | Maybe later' }));
    expect(textOfBody(saved.body.data)).toContain('Added question 1');
    const [q] = (await campaign()).survey;
    expect(q?.id.length).toBeGreaterThanOrEqual(36);
    expect(q?.answers.map((a) => a.id)).toEqual(['yes', 'no', 'maybe_later']);
    const edit = await app.interact(commandPayload(OWNER, ['survey', 'edit'], { campaign: 'gotv', question: q!.id }));
    const modal = edit.body.data as unknown as ModalData;
    fitsUntouched(modal);
    expect(modal.components.map((c) => c.component.value)).toEqual([text, 'Yes: Thank you!\nNo\nMaybe later', undefined]);
    // Submitting the edit form unchanged keeps every id.
    await app.interact(modalPayload(OWNER, modal.custom_id, { text, answers: 'Yes: Thank you!\nNo\nMaybe later', replies_es: '' }));
    expect((await campaign()).survey).toEqual([q]);
  });

  it('the tags form and typed tags', async () => {
    app = await startDiscordApp();
    const { campaign } = await ready(app);
    await app.interact(commandPayload(OWNER, ['tags', 'add'], { campaign: 'gotv', tags: 'Volunteer prospect, Needs ride' }));
    const opened = await app.interact(commandPayload(OWNER, ['tags', 'add'], { campaign: 'gotv' }));
    const modal = opened.body.data as unknown as ModalData;
    fitsUntouched(modal);
    await app.interact(modalPayload(OWNER, modal.custom_id, { tags: 'Yard sign\nneeds ride' }));
    expect((await campaign()).tags.map((g) => g.id)).toEqual(['volunteer_prospect', 'needs_ride', 'yard_sign']);
  });
});
