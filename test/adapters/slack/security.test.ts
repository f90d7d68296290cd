// R7.2 / R7.4 on the real server: every Slack request is verified on its raw bytes before it is
// parsed; bad or missing signatures, tampered bodies and stale or future timestamps get 401 and
// cause nothing (no Web API call, no dispatch). Button values carry no authority: a volunteer
// pressing another volunteer's Send is refused and nothing is sent.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blockActions, sign, slashCommand, SIGNING_SECRET, TEAM } from './support/requests.js';
import { startSlackApp, type SlackApp } from './support/slack-app.js';
import { ANA, BEN, CHANNEL, OWNER, seedCampaign } from './support/seed.js';
import { buttonOf, textOfBlocks } from './support/blocks.js';

describe('Slack request verification (R7.2, R7.4)', () => {
  let app: SlackApp;
  beforeAll(async () => {
    app = await startSlackApp();
    app.fake.addUser({ id: OWNER, name: 'Olivia Owner', isAdmin: true });
  });
  afterAll(async () => app?.close());

  const setup = () => slashCommand(OWNER, 'setup', { responseUrl: app.fake.responseUrl() });

  async function nothingHappened(): Promise<void> {
    await app.fake.quiet(200);
    expect(app.fake.calls()).toEqual([]);
    expect(app.fake.responses).toEqual([]);
    expect(await app.store.orgs.findByExternal('slack', TEAM.id)).toBeNull();
  }

  it('a bad signature gets 401 and nothing happens', async () => {
    const res = await app.send(setup(), { signature: `v0=${'0'.repeat(64)}` });
    expect(res.status).toBe(401);
    await nothingHappened();
  });

  it('a signature made with another secret gets 401', async () => {
    const res = await app.send(setup(), { secret: 'ffffffffffffffffffffffffffffffff' });
    expect(res.status).toBe(401);
    await nothingHappened();
  });

  it('a tampered body (signed for different text) gets 401 (R7.4)', async () => {
    const req = setup();
    const ts = app.nowSec();
    const signature = sign(SIGNING_SECRET, ts, req.body.replace('setup', 'help'));
    const res = await app.send(req, { ts, signature });
    expect(res.status).toBe(401);
    await nothingHappened();
  });

  it('missing signature headers get 401 (R7.4)', async () => {
    const req = setup();
    const res = await fetch(`${app.url}/slack/events`, { method: 'POST', headers: { 'content-type': req.contentType }, body: req.body });
    expect(res.status).toBe(401);
    await nothingHappened();
  });

  it('an old timestamp (more than 5 minutes) is refused even when correctly signed', async () => {
    const res = await app.send(setup(), { ts: app.nowSec() - 301 });
    expect(res.status).toBe(401);
    await nothingHappened();
  });

  it('a timestamp more than 5 minutes ahead is refused too', async () => {
    const res = await app.send(setup(), { ts: app.nowSec() + 301 });
    expect(res.status).toBe(401);
    await nothingHappened();
  });

  it('a correctly signed request within the window is accepted (4 minutes old)', async () => {
    const responseUrl = app.fake.responseUrl();
    const res = await app.send(slashCommand(OWNER, 'help', { responseUrl }), { ts: app.nowSec() - 240 });
    expect(res.status).toBe(200);
    const reply = await app.fake.waitFor(() => app.fake.responses.find((r) => responseUrl.endsWith(r.id)));
    expect(reply.body.response_type).toBe('ephemeral');
  });

  it('answers the Events API url_verification challenge only when signed', async () => {
    const body = JSON.stringify({ token: 'x', challenge: 'c-123', type: 'url_verification' });
    const ok = await app.send({ body, contentType: 'application/json' });
    expect(ok.json()).toEqual({ challenge: 'c-123' });
    const bad = await app.send({ body, contentType: 'application/json' }, { signature: 'v0=bad' });
    expect(bad.status).toBe(401);
  });
});

describe('button values carry no authority (DESIGN: Roles)', () => {
  let app: SlackApp;
  beforeAll(async () => {
    app = await startSlackApp();
    await seedCampaign(app);
  });
  afterAll(async () => app?.close());

  it("a volunteer pressing another volunteer's Send is refused and nothing is sent (R5.2a)", async () => {
    const claimUrl = app.fake.responseUrl();
    await app.send(slashCommand(ANA, 'claim gotv', { responseUrl: claimUrl, channel: CHANNEL }));
    const card = await app.fake.waitFor(() => app.fake.responses.find((r) => claimUrl.endsWith(r.id)));
    const send = buttonOf(card.body.blocks, 'send');

    const benUrl = app.fake.responseUrl();
    const res = await app.send(blockActions({ user: BEN, actionId: send.action_id, value: send.value!, channel: CHANNEL, messageTs: '1795000500.000001', ephemeral: true, responseUrl: benUrl }));
    expect(res.status).toBe(200);
    const refused = await app.fake.waitFor(() => app.fake.responses.find((r) => benUrl.endsWith(r.id)));
    expect(refused.body.replace_original).not.toBe(true);
    expect(textOfBlocks(refused.body.blocks)).toContain('No se envió nada');
    await app.settle();
    expect(app.carrier.sent()).toEqual([]);

    // Ana's own press of the same button sends exactly one text.
    const anaUrl = app.fake.responseUrl();
    await app.send(blockActions({ user: ANA, actionId: send.action_id, value: send.value!, channel: CHANNEL, messageTs: '1795000500.000001', ephemeral: true, responseUrl: anaUrl }));
    await app.fake.waitFor(() => app.fake.responses.find((r) => anaUrl.endsWith(r.id)));
    await app.settle();
    expect(app.carrier.sent()).toHaveLength(1);
  });
});
