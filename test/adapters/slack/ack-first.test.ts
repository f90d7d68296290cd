// Ack first, then work (DESIGN: Lifecycle 1): with every Slack Web API call taking 4 s, a signed
// slash command, a button press and a view submission still get their HTTP answer at once (the
// bound below is generous, far under the 4 s a remote call before the ack would cost, and under
// the receiver's 2.8 s fallback), and the work happens afterwards. A command that opens a modal
// calls views.open right after its ack, with no other Web API call before it (trigger_id lives
// 3 s). This app has never called auth.test: its first request is the "first after a restart".
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blockActions, slashCommand, viewSubmission } from './support/requests.js';
import { startSlackApp, type SlackApp } from './support/slack-app.js';
import { ANA, CHANNEL, OWNER, seedCampaign, slackActor } from './support/seed.js';
import { buttonOf, textOfBlocks } from './support/blocks.js';
import type { SlowSlack } from './support/slow-slack.js';

const DELAY_MS = 4_000;
const BOUND_MS = 1_000;
// How long a test waits for a call before giving up: far longer than any bound it asserts, so a
// late call fails on the bound with its real timing instead of on the wait (a busy CI machine).
const WAIT_MS = 15_000;

type ModalView = { callback_id: string; private_metadata: string };

describe('ack first, then work, with a Slack Web API that takes 4 s per call', () => {
  let app: SlackApp;
  let slow: SlowSlack;
  let createModal: ModalView;

  beforeAll(async () => {
    app = await startSlackApp({ slowApi: true });
    slow = app.slow!;
    await seedCampaign(app);
    // The claim post, made before Slack turns slow (its ts is needed for the press).
    await app.handle({ kind: 'command', actor: slackActor(OWNER, 'Olivia Owner'), channelId: CHANNEL, interactionId: 'seed-post', text: 'post gotv' });
    await app.settle();
    slow.arrivals.length = 0;
    slow.setDelay(DELAY_MS);
  }, 30_000);
  afterAll(async () => {
    slow?.setDelay(0);
    await app?.close();
  });

  it('a slash command that opens a modal: answered at once, views.open is the first Web API call, sent right after the ack', async () => {
    const trigger = `trig-${Date.now()}`;
    const started = Date.now();
    const res = await app.send(slashCommand(OWNER, 'campaign create', { responseUrl: slow.viaProxy(app.fake.responseUrl()), channel: CHANNEL, trigger }));
    const answeredMs = Date.now() - started;
    expect(res.status).toBe(200);
    expect(res.text).toBe('');
    expect(answeredMs).toBeLessThan(BOUND_MS);
    // The views.open request leaves within the trigger_id's life, with no users.info/team.info/files.list before it.
    const open = await app.fake.waitFor(() => slow.arrivals.find((a) => a.method === 'views.open'), WAIT_MS);
    expect(open.at - started).toBeLessThan(BOUND_MS);
    const before = slow.arrivals.slice(0, slow.arrivals.indexOf(open)).map((a) => a.method);
    expect(before.filter((m) => m !== 'auth.test')).toEqual([]);
    const call = await app.fake.waitFor(() => app.fake.calls('views.open').find((c) => c.args.trigger_id === trigger), DELAY_MS + WAIT_MS);
    createModal = call.args.view as ModalView;
    expect(createModal.callback_id).toBe('campaign_create');
  }, 60_000);

  it('`/textbank import` waits at most 1 s for files.list (a CSV shared in the channel), then opens its form in time', async () => {
    const trigger = `trig-import-${Date.now()}`;
    const started = Date.now();
    const res = await app.send(slashCommand(OWNER, 'import gotv', { responseUrl: slow.viaProxy(app.fake.responseUrl()), channel: CHANNEL, trigger }));
    expect(Date.now() - started).toBeLessThan(BOUND_MS);
    expect(res.text).toBe('');
    const open = await app.fake.waitFor(() => slow.arrivals.find((a) => a.method === 'views.open' && a.at >= started), WAIT_MS);
    // Inside the trigger_id's 3 s, though files.list itself would take 4 s.
    expect(open.at - started).toBeLessThan(2_000);
    // (users.info / auth.test here are background fetches from earlier requests; the first test proves none runs before views.open.)
    const inBetween = slow.arrivals.filter((a) => a.at >= started && a.at <= open.at && a.method !== 'auth.test' && a.method !== 'users.info');
    expect(inBetween.map((a) => a.method)).toEqual(['files.list', 'views.open']);
    await app.fake.waitFor(() => app.fake.calls('views.open').find((c) => c.args.trigger_id === trigger), DELAY_MS + WAIT_MS);
  }, 60_000);

  it('a view submission with field errors: the errors come back inside the modal, at once', async () => {
    const started = Date.now();
    const res = await app.send(viewSubmission(OWNER, createModal, { slug: { type: 'plain_text_input', value: 'Not A Slug!' }, name: { type: 'plain_text_input', value: 'x' }, batch_size: { type: 'number_input', value: null } }));
    expect(Date.now() - started).toBeLessThan(BOUND_MS);
    expect(res.json()).toMatchObject({ response_action: 'errors', errors: { slug: expect.any(String) } });
  }, 20_000);

  it('a valid view submission: acked empty at once, the result is posted afterwards', async () => {
    const started = Date.now();
    const res = await app.send(viewSubmission(OWNER, createModal, { slug: { type: 'plain_text_input', value: 'canvass' }, name: { type: 'plain_text_input', value: 'Canvass' }, batch_size: { type: 'number_input', value: '25' } }));
    expect(Date.now() - started).toBeLessThan(BOUND_MS);
    expect(res.status).toBe(200);
    expect(res.text).toBe('');
    const note = await app.fake.waitFor(() => app.fake.calls('chat.postEphemeral').find((c) => textOfBlocks(c.args.blocks).includes('canvass')), DELAY_MS * 3);
    expect(note.args).toMatchObject({ channel: CHANNEL, user: OWNER });
    expect(note.at - started).toBeGreaterThanOrEqual(DELAY_MS - 50);
  }, 30_000);

  it('a button press (Claim): answered at once, the card arrives afterwards', async () => {
    const org = await app.store.orgs.findByExternal('slack', 'T0TEXAS');
    const campaign = await app.store.campaigns.findBySlug(org!.id, 'gotv');
    const post = app.fake.calls('chat.postMessage').find((c) => c.args.channel === CHANNEL && c.args.blocks);
    const claim = buttonOf(post!.args.blocks, 'claim');
    const responseUrl = slow.viaProxy(app.fake.responseUrl());
    const started = Date.now();
    const res = await app.send(blockActions({ user: ANA, actionId: claim.action_id, value: claim.value!, channel: CHANNEL, messageTs: campaign!.postRef!.messageId!, responseUrl }));
    expect(Date.now() - started).toBeLessThan(BOUND_MS);
    expect(res.status).toBe(200);
    expect(res.text).toBe('');
    const card = await app.fake.waitFor(() => app.fake.responses.find((r) => responseUrl.endsWith(`/${r.id}`)), DELAY_MS * 4);
    expect(textOfBlocks(card.body.blocks)).toContain('1 of 3');
  }, 40_000);
});
