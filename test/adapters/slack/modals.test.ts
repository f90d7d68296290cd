// Modals: views.open with input blocks, field errors returned inside the modal through
// `response_action: errors`, and a submission too slow to answer in 3 s closes the modal and
// reports by message instead (Ack within 3 seconds always).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderModal, submittedValues, decodeModalMeta } from '../../../src/adapters/slack/modal.js';
import { slashCommand, viewSubmission } from './support/requests.js';
import { startSlackApp, type SlackApp } from './support/slack-app.js';
import { CHANNEL, OWNER, seedCampaign } from './support/seed.js';
import { textOfBlocks } from './support/blocks.js';

type ModalView = { callback_id: string; private_metadata: string; title: { text: string }; blocks: { block_id: string; optional: boolean; element: Record<string, unknown> }[] };

async function openCreateModal(app: SlackApp): Promise<ModalView> {
  const before = app.fake.calls('views.open').length;
  const trigger = `t-${Date.now()}`;
  await app.send(slashCommand(OWNER, 'campaign create', { responseUrl: app.fake.responseUrl(), channel: CHANNEL, trigger }));
  const call = await app.fake.waitFor(() => app.fake.calls('views.open').slice(before)[0]);
  expect(call.args.trigger_id).toBe(trigger);
  return call.args.view as ModalView;
}

describe('Slack modals', () => {
  let app: SlackApp;
  beforeAll(async () => {
    app = await startSlackApp();
    await seedCampaign(app);
  });
  afterAll(async () => app?.close());

  it('opens a modal with input blocks whose private_metadata carries the value and the channel', async () => {
    const view = await openCreateModal(app);
    expect(view.callback_id).toBe('campaign_create');
    expect(view.blocks.map((b) => [b.block_id, b.element.type, b.optional])).toEqual([
      ['slug', 'plain_text_input', false],
      ['name', 'plain_text_input', false],
      ['batch_size', 'number_input', true],
    ]);
    expect([...view.title.text].length).toBeLessThanOrEqual(24);
    expect(decodeModalMeta(view.private_metadata)).toEqual({ v: CHANNEL, c: CHANNEL });
  });

  it('returns field errors inside the modal (response_action: errors)', async () => {
    const view = await openCreateModal(app);
    const res = await app.send(viewSubmission(OWNER, view, {
      slug: { type: 'plain_text_input', value: 'Not A Slug!' },
      name: { type: 'plain_text_input', value: 'Name' },
      batch_size: { type: 'number_input', value: '9999' },
    }));
    expect(res.status).toBe(200);
    const body = res.json() as { response_action: string; errors: Record<string, string> };
    expect(body.response_action).toBe('errors');
    expect(Object.keys(body.errors).sort()).toEqual(['batch_size', 'slug']);
  });

  it('a valid submission closes the modal and the result is posted where the organizer was', async () => {
    const view = await openCreateModal(app);
    const res = await app.send(viewSubmission(OWNER, view, { slug: { type: 'plain_text_input', value: 'canvass' }, name: { type: 'plain_text_input', value: 'Canvass' }, batch_size: { type: 'number_input', value: '25' } }));
    expect(res.status).toBe(200);
    expect(res.text).toBe('');
    const note = await app.fake.waitFor(() => app.fake.calls('chat.postEphemeral').find((c) => textOfBlocks(c.args.blocks).includes('canvass')));
    expect(note.args).toMatchObject({ channel: CHANNEL, user: OWNER });
  });
});

describe('a slow modal submission', () => {
  let app: SlackApp;
  beforeAll(async () => {
    // The modal may wait 0 ms for errors: every submission is acked at once.
    app = await startSlackApp({ modalAckMs: 0 });
    await seedCampaign(app);
  });
  afterAll(async () => app?.close());

  it('is acked at once and late field errors arrive as a message', async () => {
    const view = await openCreateModal(app);
    const res = await app.send(viewSubmission(OWNER, view, { slug: { type: 'plain_text_input', value: 'Bad Slug' }, name: { type: 'plain_text_input', value: 'x' }, batch_size: { type: 'number_input', value: null } }));
    expect(res.status).toBe(200);
    expect(res.text).toBe('');
    const note = await app.fake.waitFor(() => app.fake.calls('chat.postEphemeral').find((c) => textOfBlocks(c.args.blocks).includes('already closed')));
    expect(note.args.user).toBe(OWNER);
  });
});

describe('modal rendering and state (unit)', () => {
  const t = (key: string) => (key === 'slack:modal.cancel' ? 'Cancel' : key);
  it('maps every input kind and cuts the title to 24 characters', () => {
    const view = renderModal(
      {
        id: 'settings',
        title: 'Organization settings for everyone',
        submitLabel: 'Save',
        privateValue: 'org1',
        inputs: [
          { id: 'name', label: 'Name', kind: 'text', initial: 'Texas Forward' },
          { id: 'optout', label: 'Opt-out text', kind: 'textarea', optional: true },
          { id: 'file', label: 'CSV', kind: 'file', hint: 'A **CSV** file' },
          { id: 'vis', label: 'Threads', kind: 'select', initial: 'channel', options: [{ label: 'Private', value: 'private' }, { label: 'Channel', value: 'channel' }] },
        ],
      },
      { t, channelId: 'C1' },
    );
    expect([...view.title.text]).toHaveLength(24);
    expect(view.blocks.map((b) => (b as { element: { type: string } }).element.type)).toEqual(['plain_text_input', 'plain_text_input', 'file_input', 'static_select']);
    expect(JSON.stringify(view.blocks[2])).toContain('"hint":{"type":"plain_text","text":"A CSV file"');
    expect(JSON.stringify(view.blocks[3])).toContain('"initial_option":{"text":{"type":"plain_text","text":"Channel","emoji":true},"value":"channel"}');
    expect(view.private_metadata).toBe('{"v":"org1","c":"C1"}');
  });

  it('reads submitted values: text, number, select and file ids', () => {
    const got = submittedValues({
      values: {
        a: { a: { type: 'plain_text_input', value: 'hello' } },
        b: { b: { type: 'number_input', value: null } },
        c: { c: { type: 'static_select', selected_option: { value: 'x' } } },
        d: { d: { type: 'file_input', files: [{ id: 'F1', name: 'v.csv' }] } },
      },
    });
    expect(got).toEqual({ values: { a: 'hello', b: '', c: 'x', d: '' }, files: { d: ['F1'] } });
  });

  it('passes the input maximum on (3,000 at most) and never cuts an initial text: too long is an error', async () => {
    const { ModalTextTooLongError } = await import('../../../src/adapters/slack/modal.js');
    const view = renderModal({ id: 'm', title: 'T', submitLabel: 'Save', inputs: [{ id: 'a', label: 'A', kind: 'textarea', initial: 'x'.repeat(2999), maxLength: 3000 }, { id: 'b', label: 'B', kind: 'text' }] }, { t });
    const elements = view.blocks.map((b) => (b as { element: { max_length?: number; initial_value?: string } }).element);
    expect(elements.map((e) => e.max_length)).toEqual([3000, 3000]);
    expect(elements[0]?.initial_value).toHaveLength(2999);
    expect(() => renderModal({ id: 'm', title: 'T', submitLabel: 'S', inputs: [{ id: 'a', label: 'A', kind: 'textarea', initial: 'x'.repeat(3001) }] }, { t })).toThrow(ModalTextTooLongError);
  });
});
