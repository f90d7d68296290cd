// Issue 8: a whole campaign through Slack, end to end, with no real Slack: signed HTTP requests
// with real payload shapes go to the real fastify server; the Web API calls land on a local
// fake (SLACK_API_URL). Setup, create, script (modal), import (file_input modal, CSV downloaded
// from the fake's file host with the bot token), start, post, Claim, Send x3 (card updated in
// place through response_url), a voter reply threaded into the volunteer's DM, a typed answer
// in that thread sent as SMS, and STOP. Test names cite rules.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FakeSlack, SlackCall } from '../../support/fake-slack.js';
import { blockActions, messageEvent, slashCommand, viewSubmission, TEAM } from './support/requests.js';
import { ORG_NUMBER, startSlackApp, type SlackApp } from './support/slack-app.js';
import { buttonOf, textOfBlocks } from './support/blocks.js';

const OWNER = 'U0OWNER';
const ANA = 'U0ANA';
const BEN = 'U0BEN';
const CHANNEL = 'C0GOTV';
const SCRIPT = 'Hi {firstName}, this is {texterName} with {orgName}. Can we count on your vote on Nov 3? Reply STOP to opt out.';
const CSV = ['phone,first_name,last_name,zip', '(212) 555-0101,Maria,Lopez,10001', '212.555.0102,James,Smith,10001', '+1 212 555 0103,Aisha,Khan,10002', 'not a phone,Bad,Row,10001'].join('\n');

describe('Slack adapter: a campaign end to end (issue 8)', () => {
  let app: SlackApp;
  let fake: FakeSlack;

  beforeAll(async () => {
    app = await startSlackApp();
    fake = app.fake;
    fake.addUser({ id: OWNER, name: 'Olivia Owner', isAdmin: true });
    fake.addUser({ id: ANA, name: 'Ana', locale: 'en-US' });
    fake.addUser({ id: BEN, name: 'Ben', locale: 'es-LA' });
  });
  afterAll(async () => {
    await app?.close();
  });

  /** Runs a slash command; resolves with the first response_url post. */
  async function command(user: string, text: string, channel = CHANNEL) {
    const responseUrl = fake.responseUrl();
    const id = responseUrl.split('/').pop();
    const res = await app.send(slashCommand(user, text, { responseUrl, channel }));
    expect(res.status).toBe(200);
    expect(res.text).toBe('');
    return { id, responseUrl, reply: () => fake.waitFor(() => fake.responses.find((r) => r.id === id)) };
  }

  async function openedModal(after: number): Promise<{ callback_id: string; private_metadata: string; blocks: { block_id: string; element: { type: string } }[] }> {
    const call = await fake.waitFor(() => fake.calls('views.open').slice(after)[0]);
    return call.args.view as never;
  }

  it('runs setup -> import -> post -> claim -> send x3 -> reply in thread -> STOP (R1.4 R3.1 R5.2 R7.2)', async () => {
    // --- setup: org name from team.info, owner from users.info is_admin ---
    const setup = await command(OWNER, 'setup');
    expect(textOfBlocks((await setup.reply()).body.blocks)).toContain('Texas Forward');
    expect(fake.calls('team.info')).toHaveLength(1);
    const org = await app.store.orgs.findByExternal('slack', TEAM.id);
    expect(org?.name).toBe('Texas Forward');
    expect(org?.sms.numbers).toEqual([ORG_NUMBER]);

    // --- campaign create, then the script through a modal ---
    expect(textOfBlocks((await (await command(OWNER, 'campaign create gotv Get out the vote')).reply()).body.blocks)).toContain('gotv');
    let modals = fake.calls('views.open').length;
    await command(OWNER, 'script edit gotv en');
    const scriptModal = await openedModal(modals);
    expect(scriptModal.blocks.map((b) => b.block_id)).toEqual(['initial', 'follow_ups', 'canned']);
    const saved = await app.send(viewSubmission(OWNER, scriptModal, {
      initial: { type: 'plain_text_input', value: SCRIPT },
      follow_ups: { type: 'plain_text_input', value: null },
      canned: { type: 'plain_text_input', value: 'Thanks: Thanks {firstName}!' },
    }));
    expect(saved.status).toBe(200);
    const savedNote = await fake.waitFor(() => fake.calls('chat.postEphemeral').find((c) => textOfBlocks(c.args.blocks).includes('Saved the English script')));
    expect(savedNote.args).toMatchObject({ channel: CHANNEL, user: OWNER });

    // --- import: the command opens a form with a file input; the CSV comes from Slack's file host ---
    modals = fake.calls('views.open').length;
    await command(OWNER, 'import gotv');
    const importModal = await openedModal(modals);
    expect(importModal.blocks[0]?.element.type).toBe('file_input');
    fake.addFile({ id: 'F0VOTERS', name: 'voters.csv', content: CSV, user: OWNER });
    const submitted = await app.send(viewSubmission(OWNER, importModal, { file: { type: 'file_input', files: [{ id: 'F0VOTERS', name: 'voters.csv' }] } }));
    expect(submitted.status).toBe(200);
    const report = await fake.waitFor(() => [...fake.calls('chat.update'), ...fake.calls('chat.postMessage'), ...fake.calls('chat.postEphemeral')].find((c) => textOfBlocks(c.args.blocks).includes('3 of 4 rows imported')));
    expect(fake.calls('files.info').map((c) => c.args.file)).toEqual(['F0VOTERS']);
    expect(fake.downloads).toEqual([{ fileId: 'F0VOTERS', authorization: `Bearer ${fake.token}`, status: 200 }]);
    // Progress was one DM message, replaced by the report (interim -> chat.update).
    expect(report.method).toBe('chat.update');
    expect(String(report.args.channel)).toBe('D0OWNER');

    // --- start and post: the post is a channel message with a Claim button ---
    expect(textOfBlocks((await (await command(OWNER, 'campaign start gotv')).reply()).body.blocks)).toContain('running');
    await (await command(OWNER, 'post gotv')).reply();
    const post = fake.calls('chat.postMessage').find((c) => c.args.channel === CHANNEL) as SlackCall;
    expect(textOfBlocks(post.args.blocks)).toContain('*3* voters left to claim');
    const postTs = (await app.store.campaigns.findBySlug(org!.id, 'gotv'))?.postRef?.messageId;
    expect(postTs).toMatch(/^\d+\.\d+$/);

    // --- Ana presses Claim under the post: her card arrives as an ephemeral reply; the post is edited ---
    const claimUrl = fake.responseUrl();
    const claim = buttonOf(post.args.blocks, 'claim');
    await app.send(blockActions({ user: ANA, actionId: claim.action_id, value: claim.value!, channel: CHANNEL, messageTs: postTs!, responseUrl: claimUrl }));
    const cardPost = await fake.waitFor(() => fake.responses.find((r) => claimUrl.endsWith(r.id)));
    expect(cardPost.body).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    let card = cardPost.body.blocks;
    expect(textOfBlocks(card)).toContain('1 of 3');
    await fake.waitFor(() => fake.calls('chat.update').find((c) => c.args.channel === CHANNEL && c.args.ts === postTs && textOfBlocks(c.args.blocks).includes('*0* voters left')));

    // --- Send x3: each press replaces the same ephemeral card through its response_url (R5.2a) ---
    const previewed: string[] = [];
    for (let i = 0; i < 3; i += 1) {
      const quote = textOfBlocks(card).match(/>Hi (\w+)/);
      previewed.push(quote?.[1] ?? '?');
      const send = buttonOf(card, 'send');
      const url = fake.responseUrl();
      await app.send(blockActions({ user: ANA, actionId: send.action_id, value: send.value!, channel: CHANNEL, messageTs: `1795000999.00000${i}`, ephemeral: true, responseUrl: url }));
      const replaced = await fake.waitFor(() => fake.responses.find((r) => url.endsWith(r.id)));
      expect(replaced.body.replace_original).toBe(true);
      card = replaced.body.blocks;
      expect(textOfBlocks(card)).toContain('✓ Sent to');
    }
    await app.settle();
    const sent = app.carrier.sent();
    expect(sent).toHaveLength(3);
    expect(sent.map((s) => s.body.match(/^Hi (\w+)/)?.[1])).toEqual(previewed);
    expect(sent[0]?.body).toContain('this is Ana with Texas Forward');
    // R5.3: each press is audited as Slack delivered it: signature verified, the R5.2b key, action_ts.
    const pressed = await app.store.audit.list(org!.id, { action: 'message.pressed' });
    expect(pressed).toHaveLength(3);
    for (const row of pressed) {
      expect(row.data).toMatchObject({ platform: 'slack', workspaceId: TEAM.id, channelId: CHANNEL, platformUserId: ANA, signatureVerified: true });
      expect(String(row.data.interactionId)).toMatch(/^U0ANA\+\d+\.\d+\+1795000999\.00000\d$/);
      expect(String(row.data.interactionId)).toContain(`+${String(row.data.platformTs)}+`);
    }

    // --- a voter reply: a thread opens in Ana's DM with the bot, the text is posted in it ---
    const opens = fake.calls('conversations.open').length;
    await app.carrier.injectReply({ from: sent[0]!.to, to: ORG_NUMBER, body: 'Yes! <!channel> @here <@U123> & more' });
    await app.settle();
    expect(fake.calls('conversations.open').slice(opens).map((c) => c.args.users)).toContain(ANA);
    const dmPosts = fake.calls('chat.postMessage').filter((c) => c.args.channel === 'D0ANA');
    const root = dmPosts.find((c) => !c.args.thread_ts) as SlackCall;
    const inbound = dmPosts.find((c) => c.args.thread_ts) as SlackCall;
    expect(root).toBeDefined();
    expect(inbound).toBeDefined();
    const conversation = await app.store.conversations.findLatestForPhone(org!.id, sent[0]!.to);
    const thread = conversation!.threads[0]!;
    expect(thread).toMatchObject({ platform: 'slack', channelId: 'D0ANA' });
    expect(inbound.args.thread_ts).toBe(thread.threadId);
    // Voter text is escaped: no channel ping, no user mention (DESIGN: Neutral views).
    const quoted = JSON.stringify(inbound.args.blocks);
    expect(quoted).toContain('&lt;!channel&gt; @here &lt;@U123&gt; &amp; more');
    expect(quoted).not.toContain('<!channel>');
    expect(quoted).not.toContain('<@U123>');
    expect(String(inbound.args.text)).not.toContain('<!');

    // --- Ana types in the thread: sent as SMS through the same checks (DESIGN Lifecycle 6) ---
    await app.send(messageEvent({ user: ANA, channel: 'D0ANA', threadTs: thread.threadId!, text: 'Great &amp; see you at the polls!' }));
    await app.settle();
    expect(app.carrier.sent().at(-1)?.body).toBe('Great & see you at the polls!');
    const sentNote = await fake.waitFor(() => fake.calls('chat.postEphemeral').find((c) => c.args.channel === 'D0ANA' && c.args.thread_ts === thread.threadId));
    expect(textOfBlocks(sentNote.args.blocks)).toContain('Sent');

    // --- STOP from the second voter: opted out, one confirmation, the thread says so (R1.4a, R1.6) ---
    await app.carrier.injectReply({ from: sent[1]!.to, to: ORG_NUMBER, body: 'STOP' });
    await app.settle();
    expect(await app.store.optOuts.isOptedOut(org!.id, sent[1]!.to)).toBe(true);
    const stopPost = fake.calls('chat.postMessage').filter((c) => c.args.thread_ts).at(-1)!;
    expect(textOfBlocks(stopPost.args.blocks)).toContain('Opted out');
    expect(app.carrier.sent().at(-1)?.body).toContain('unsubscribed');
    expect(app.errors).toEqual([]);
  });
});
