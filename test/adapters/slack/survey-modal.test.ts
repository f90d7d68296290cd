// The survey and tags forms as Slack shows them: views.open with input blocks whose title, labels
// and hints fit Block Kit untouched (en and es), field errors returned inside the open modal
// (response_action: errors, so nothing typed is lost), and a good submission saved.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SLACK_LIMITS } from '../../../src/adapters/slack/limits.js';
import { slashCommand, viewSubmission } from './support/requests.js';
import { startSlackApp, type SlackApp } from './support/slack-app.js';
import { BEN, CHANNEL, OWNER, seedCampaign } from './support/seed.js';
import { textOfBlocks } from './support/blocks.js';

type Text = { type: string; text: string };
type ModalView = {
  callback_id: string;
  private_metadata: string;
  title: Text;
  submit: Text;
  blocks: { block_id: string; optional: boolean; label: Text; hint?: Text; element: { type: string; multiline?: boolean; initial_value?: string } }[];
};

async function open(app: SlackApp, user: string, text: string): Promise<ModalView> {
  const before = app.fake.calls('views.open').length;
  await app.send(slashCommand(user, text, { responseUrl: app.fake.responseUrl(), channel: CHANNEL }));
  const call = await app.fake.waitFor(() => app.fake.calls('views.open').slice(before)[0]);
  return call.args.view as ModalView;
}

function fitsUntouched(view: ModalView): void {
  const texts = [view.title.text, view.submit.text, ...view.blocks.flatMap((b) => [b.label.text, b.hint?.text ?? ''])];
  for (const t of texts) expect(t.endsWith('…'), t).toBe(false);
  expect([...view.title.text].length).toBeLessThanOrEqual(SLACK_LIMITS.modalTitle);
  expect([...view.submit.text].length).toBeLessThanOrEqual(SLACK_LIMITS.modalButton);
}

describe('the survey form on Slack', () => {
  let app: SlackApp;
  let campaignId: string;
  let orgId: string;
  beforeAll(async () => {
    app = await startSlackApp();
    ({ campaignId, orgId } = await seedCampaign(app));
  });
  afterAll(async () => app?.close());

  it('renders the question form within Block Kit limits, keeps it open with field errors, then saves', async () => {
    const view = await open(app, OWNER, 'survey add gotv');
    expect(view.callback_id).toBe('survey_question');
    expect(view.title.text).toBe('New survey question');
    expect(view.blocks.map((b) => [b.block_id, b.element.type, b.element.multiline ?? false, b.optional])).toEqual([
      ['text', 'plain_text_input', false, false],
      ['answers', 'plain_text_input', true, false],
      ['replies_es', 'plain_text_input', true, true],
    ]);
    expect(view.blocks.map((b) => b.label.text)).toEqual(['Question', 'Answers, one per line', 'Suggested replies in Spanish (optional)']);
    fitsUntouched(view);

    const bad = await app.send(viewSubmission(OWNER, view, {
      text: { type: 'plain_text_input', value: 'Will you vote?' },
      answers: { type: 'plain_text_input', value: 'Yes\nyes' },
      replies_es: { type: 'plain_text_input', value: null },
    }));
    const body = bad.json() as { response_action: string; errors: Record<string, string> };
    expect(body).toEqual({ response_action: 'errors', errors: { answers: 'Answer 2 (“yes”) is listed twice.' } });
    expect((await app.store.campaigns.get(orgId, campaignId))?.survey).toEqual([]);

    const good = await app.send(viewSubmission(OWNER, view, {
      text: { type: 'plain_text_input', value: 'Will you vote?' },
      answers: { type: 'plain_text_input', value: 'Yes: Great, see you there!\nNo' },
      replies_es: { type: 'plain_text_input', value: 'Yes: ¡Genial, nos vemos allí!' },
    }));
    expect(good.status).toBe(200);
    expect(good.text).toBe('');
    const note = await app.fake.waitFor(() => app.fake.calls('chat.postEphemeral').find((c) => textOfBlocks(c.args.blocks).includes('Added question 1')));
    expect(note.args).toMatchObject({ channel: CHANNEL, user: OWNER });
    expect((await app.store.campaigns.get(orgId, campaignId))?.survey[0]?.answers[0]).toEqual({ id: 'yes', label: 'Yes', reply: { en: 'Great, see you there!', es: '¡Genial, nos vemos allí!' } });

    // The edit form shows what was saved, so saving it unchanged loses nothing.
    const edit = await open(app, OWNER, 'survey edit gotv 1');
    expect(edit.title.text).toBe('Edit survey question');
    expect(edit.blocks.map((b) => b.element.initial_value)).toEqual(['Will you vote?', 'Yes: Great, see you there!\nNo', 'Yes: ¡Genial, nos vemos allí!']);
  });

  it('in Spanish the form fits too, with the English replies as the optional field', async () => {
    // Ben (Slack locale es-LA) is an organizer whose language Textbank already knows.
    await app.store.members.upsert(orgId, { platformUserId: BEN, displayName: 'Ben', role: 'organizer', locale: 'es' });
    const view = await open(app, BEN, 'survey add gotv');
    expect(view.title.text).toBe('Nueva pregunta');
    expect(view.blocks.map((b) => [b.block_id, b.label.text])).toEqual([
      ['text', 'Pregunta'],
      ['answers', 'Respuestas, una por línea'],
      ['replies_en', 'Respuestas sugeridas en inglés (opcional)'],
    ]);
    fitsUntouched(view);
    const bad = await app.send(viewSubmission(BEN, view, {
      text: { type: 'plain_text_input', value: '¿Necesitas transporte?' },
      answers: { type: 'plain_text_input', value: `Sí\n${'n'.repeat(76)}` },
      replies_en: { type: 'plain_text_input', value: 'Yes: Great!' },
    }));
    expect((bad.json() as { errors: Record<string, string> }).errors).toEqual({
      answers: `La respuesta 2 (“${'n'.repeat(29)}…”) es demasiado larga: como máximo 75 caracteres.`,
      replies_en: 'Línea 1: no hay ninguna respuesta “Yes” entre las respuestas de arriba.',
    });
  });

  it('the tags form: one textarea, errors kept in the modal', async () => {
    const view = await open(app, OWNER, 'tags add gotv');
    expect(view.callback_id).toBe('tags_add');
    expect(view.blocks.map((b) => [b.block_id, b.element.type, b.element.multiline])).toEqual([['tags', 'plain_text_input', true]]);
    fitsUntouched(view);
    const bad = await app.send(viewSubmission(OWNER, view, { tags: { type: 'plain_text_input', value: `Needs ride\n${'t'.repeat(80)}` } }));
    expect((bad.json() as { response_action: string }).response_action).toBe('errors');
    expect((await app.store.campaigns.get(orgId, campaignId))?.tags).toEqual([]);
  });
});
