// Outgoing webhooks end to end, the way the sandbox runs them: the real engine, the dispatcher
// and its commands, the simulated carrier, the in-process queue, the real webhook HTTP client
// (test-only loopback setting) and a real receiver on 127.0.0.1 verifying real signatures.
import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMemoryStore } from '../../src/adapters/memory/index.js';
import { createInProcessQueue, type InProcessQueue } from '../../src/adapters/queue/in-process-queue.js';
import { createSimulatedCarrier, type SimulatedCarrier } from '../../src/adapters/simulated-sms/simulated-carrier.js';
import { createEphemeralSecretBox } from '../../src/adapters/crypto/secret-box.js';
import { createWebhookHttp } from '../../src/adapters/webhooks/index.js';
import { createEngine, type Engine } from '../../src/core/engine.js';
import type { Store } from '../../src/core/ports.js';
import type { Reply } from '../../src/core/views/view.js';
import { createWebhookSink, type WebhookRetry } from '../../src/core/webhooks/sink.js';
import { createWebhookDeliverer } from '../../src/core/webhooks/delivery.js';
import { createDispatcher } from '../../src/commands/framework/dispatcher.js';
import { createChatNotifier, createTextbankCommands, type Services } from '../../src/commands/index.js';
import { createWebhookDisabledNotifier } from '../../src/commands/webhooks-notify.js';
import { ACTION, MODAL } from '../../src/commands/actions.js';
import type { Invocation } from '../../src/commands/framework/invocation.js';
import { FIXTURES, ORG_NUMBER, actor, button, command, fakeClock, fileServiceFor, i18n, press, recordingGateway, selects, submit, textOf, translatorOf, viewOf, type FakeClock } from './support/world.js';
import { startWebhookReceiver, type Received, type WebhookReceiver } from '../support/webhook-receiver.js';

const owner = actor('U-owner', 'Olivia Owner', { isPlatformAdmin: true });
const ana = actor('U-ana', 'Ana');
const sofia = actor('U-sofia', 'Sofía', { locale: 'es-419' });
const SCRIPT = 'Hi {firstName}, this is {texterName} with {orgName}. Can we count on your vote? Reply STOP to opt out.';
const HOUR = 3_600_000;

interface Hooked {
  clock: FakeClock;
  store: Store;
  queue: InProcessQueue;
  carrier: SimulatedCarrier;
  engine: Engine;
  gateway: ReturnType<typeof recordingGateway>;
  handle(inv: Invocation): Promise<Reply[]>;
  settle(): Promise<void>;
  /** What the scheduled webhook sweep job does (hands stale pending deliveries of enabled webhooks to the queue). */
  sweepWebhooks(): Promise<number>;
}

async function hookedWorld(opts: { retry: WebhookRetry; allowHttpLoopback?: boolean; secrets?: boolean }): Promise<Hooked> {
  const clock = fakeClock();
  const store = createMemoryStore({ clock });
  const queue = createInProcessQueue({ clock, logger: { error: () => undefined } });
  const i = await i18n();
  const translator = translatorOf(i);
  const log = { warn: () => undefined, error: () => undefined };
  const ref: { engine?: Engine } = {};
  const carrier = createSimulatedCarrier({
    clock,
    onStatus: async (cb) => void (await ref.engine?.dispatch.applyStatus(cb)),
    onInbound: async (m) => void (await ref.engine?.inbound.receive(m)),
  });
  const engine = createEngine({
    store, queue, sms: carrier, clock, config: { retryBackoffMs: 0 },
    translate: (lang, key, params) => i.t(lang)(key, params ?? {}) as string,
    events: createWebhookSink({ store, queue, log, retry: opts.retry }),
  });
  ref.engine = engine;
  const gateway = recordingGateway();
  const secrets = opts.secrets === false ? undefined : createEphemeralSecretBox();
  const http = createWebhookHttp({ allowHttpLoopback: opts.allowHttpLoopback ?? true, timeoutMs: 2000 });
  const services: Services = {
    store, engine, clock, files: fileServiceFor(store, clock), orgDefaults: { sms: { numbers: [ORG_NUMBER] } },
    chat: { gateways: { sandbox: gateway }, translator },
    webhooks: http,
    ...(secrets ? { secrets } : {}),
  };
  const { commands, interactions, threadMessage } = createTextbankCommands();
  const dispatcher = createDispatcher<Services>({ store, clock, translator, commands, interactions, threadMessage, services, onError: (err) => { throw err; } });
  const notifier = createChatNotifier({ store, engine, gateways: { sandbox: gateway }, translator });
  queue.process('chat.notify', async (p) => void (await notifier.handle(p)));
  const onDisabled = createWebhookDisabledNotifier({ store, gateways: { sandbox: gateway }, translator, log });
  const deliverer = createWebhookDeliverer({ store, clock, http, log, queue, onDisabled: async (w) => void (await onDisabled(w)), ...(secrets ? { secrets } : {}) });
  queue.process('webhook.deliver', async (p, ctx) => void (await deliverer.handle(p, ctx)), { concurrency: 4 });
  const settle = async (): Promise<void> => {
    for (let k = 0; k < 20; k += 1) {
      await queue.drain();
      await carrier.flush();
      await queue.drain();
      const s = queue.stats();
      if (s.waiting === 0 && s.active === 0) return;
    }
  };
  return { clock, store, queue, carrier, engine, gateway, handle: (inv) => dispatcher.handle(inv), settle, sweepWebhooks: () => deliverer.sweep() };
}

/** The phones of the verified opt_out.recorded events received. */
const phonesOf = (received: Received[]): string[] =>
  received.filter((r) => r.body.type === 'opt_out.recorded' && r.verified).map((r) => String((r.body.data as { phone?: unknown } | undefined)?.phone));

const text = (replies: Reply[]): string => replies.map((r) => ('view' in r ? textOf(r.view) : JSON.stringify(r))).join('\n');

async function orgWithCampaign(w: Hooked): Promise<{ orgId: string; campaignId: string }> {
  await w.handle(command(owner, 'setup "Texas Forward"'));
  await w.handle(command(owner, 'campaign create gotv Get out the vote', { channelId: 'C-gotv' }));
  await w.handle(command(owner, 'import gotv', { attachments: [{ name: 'voters.csv', url: pathToFileURL(`${FIXTURES}voters.csv`).href }] }));
  const opened = (await w.handle(command(owner, 'script edit gotv en')))[0];
  if (opened?.kind !== 'modal') throw new Error('no script form');
  await w.handle(submit(owner, MODAL.script, opened.modal.privateValue, { initial: SCRIPT }));
  const org = (await w.store.orgs.findByExternal('sandbox', 'T-texas'))!;
  const campaign = (await w.store.campaigns.findBySlug(org.id, 'gotv'))!;
  const ownerId = (await w.store.members.findByPlatformUser(org.id, 'U-owner'))!.id;
  await w.engine.campaigns.updateSurvey(org.id, campaign.id, [{ id: 'vote', text: 'Will they vote?', answers: [{ id: 'yes', label: 'Yes' }, { id: 'no', label: 'No' }] }], ownerId);
  await w.engine.campaigns.updateTags(org.id, campaign.id, [{ id: 'volunteer_lead', label: 'Volunteer lead' }], ownerId);
  await w.handle(command(owner, 'campaign start gotv'));
  return { orgId: org.id, campaignId: campaign.id };
}

async function addWebhook(w: Hooked, rx: WebhookReceiver, events = ''): Promise<{ id: string; secret: string }> {
  const added = text(await w.handle(command(owner, `webhooks add ${rx.url} ${events}`.trim())));
  const secret = /whsec_[A-Za-z0-9_-]+/.exec(added)?.[0];
  const id = /Webhook `([0-9a-f]+)` added/.exec(added)?.[1];
  if (!secret || !id) throw new Error(`no secret or id in: ${added}`);
  rx.secret = secret;
  rx.nowSec = () => Math.floor(w.clock.now().getTime() / 1000);
  return { id, secret };
}

let rx: WebhookReceiver;
beforeEach(async () => {
  rx = await startWebhookReceiver();
});
afterEach(async () => rx.close());

describe('outgoing webhooks from a sandbox campaign', () => {
  it('a receiver gets signed, verifiable events for a survey answer, a tag and an opt-out, through an outage: in order per contact, once each by id', async () => {
    const w = await hookedWorld({ retry: { attempts: 40, backoffMs: 5 } });
    const { orgId, campaignId } = await orgWithCampaign(w);
    const hook = await addWebhook(w, rx);
    // The secret is shown once: the list never shows it.
    expect(text(await w.handle(command(owner, 'webhooks list')))).not.toContain(hook.secret);
    expect(JSON.stringify(await w.store.webhooks.list(orgId))).not.toContain(hook.secret);

    // The receiver is down (503) for its first 10 requests.
    let seen = 0;
    rx.answer = () => (++seen <= 10 ? 503 : 200);

    const card = viewOf((await w.handle(command(ana, 'claim gotv 2')))[0]);
    const next = viewOf((await w.handle(press(ana, ACTION.send, button(card, ACTION.send).value)))[0]);
    await w.handle(press(ana, ACTION.send, button(next, ACTION.send).value));
    await w.settle();
    const [first, second] = w.carrier.sent();
    await w.carrier.injectReply({ from: first!.to, to: ORG_NUMBER, body: 'Yes, count me in' });
    await w.settle();
    const inbound = w.gateway.of('postInThread').at(-1)!.view!;
    await w.handle(press(ana, ACTION.survey, button(inbound, ACTION.survey).value));
    const tagSelect = selects(inbound).find((s) => s.id === ACTION.tag)!;
    await w.handle(press(ana, ACTION.tag, tagSelect.options.find((o) => o.label.includes('Volunteer lead'))!.value));
    await w.carrier.injectReply({ from: second!.to, to: ORG_NUMBER, body: 'STOP' });
    await w.settle();

    const contact1 = (await w.store.conversations.findLatestForPhone(orgId, first!.to))!.contactId;
    const contact2 = (await w.store.conversations.findLatestForPhone(orgId, second!.to))!.contactId;
    const accepted = rx.accepted();
    const ids = accepted.map((r) => r.body.id);
    expect(rx.received.filter((r) => r.status === 503)).toHaveLength(10);
    expect(new Set(ids).size).toBe(ids.length);
    expect(rx.received.every((r: Received) => r.verified === true)).toBe(true);
    const typesOf = (contact: string) => accepted.filter((r) => r.body.contact === contact).map((r) => r.body.type);
    expect(typesOf(contact1)).toEqual(['text.delivered', 'survey.answered', 'tag.added']);
    expect(typesOf(contact2)).toEqual(['text.delivered', 'opt_out.recorded']);

    const survey = accepted.find((r) => r.body.type === 'survey.answered')!.body;
    expect(survey).toMatchObject({ id: `survey.answered:${contact1}:vote:yes`, org: orgId, campaign: campaignId, contact: contact1 });
    expect(survey.data).toMatchObject({ campaign: 'gotv', questionId: 'vote', question: 'Will they vote?', answerId: 'yes', answer: 'Yes' });
    expect(accepted.find((r) => r.body.type === 'tag.added')!.body.data).toMatchObject({ tagId: 'volunteer_lead', tag: 'Volunteer lead', campaign: 'gotv' });
    const optOut = accepted.find((r) => r.body.type === 'opt_out.recorded')!;
    expect(optOut.body.data).toMatchObject({ phone: second!.to, source: 'keyword' });
    expect(optOut.headers['textbank-event-id']).toBe(optOut.body.id);
    // Only opt-out events carry a phone.
    expect(accepted.filter((r) => r.body.type !== 'opt_out.recorded').every((r) => !r.raw.includes(second!.to) && !r.raw.includes(first!.to))).toBe(true);
    expect((await w.store.webhooks.get(orgId, hook.id))?.failures).toBe(0);
  }, 60_000);

  it('a first text the carrier could not deliver is told as text.failed with its error code', async () => {
    const w = await hookedWorld({ retry: { attempts: 3, backoffMs: 5 } });
    const { orgId, campaignId } = await orgWithCampaign(w);
    await addWebhook(w, rx, 'text.delivered,text.failed');
    for await (const c of w.store.contacts.streamByCampaign(orgId, campaignId)) w.carrier.script(c.phone, { status: 'undelivered', errorCode: '30007' });
    const card = viewOf((await w.handle(command(ana, 'claim gotv 1')))[0]);
    await w.handle(press(ana, ACTION.send, button(card, ACTION.send).value));
    await w.settle();
    const [failed] = rx.accepted();
    expect(rx.accepted()).toHaveLength(1);
    expect(failed?.verified).toBe(true);
    expect(failed?.body).toMatchObject({ type: 'text.failed', campaign: campaignId, data: { campaign: 'gotv', status: 'undelivered', errorCode: '30007' } });
    expect(failed?.body.id).toBe(`text.failed:${String(failed?.body.data.messageId)}`);
  }, 60_000);

  it('an organizer entering and lifting an opt-out is told as opt_out.recorded then opt_out.lifted, with the phone', async () => {
    const w = await hookedWorld({ retry: { attempts: 3, backoffMs: 5 } });
    await orgWithCampaign(w);
    await addWebhook(w, rx, 'opt_out.recorded, opt_out.lifted');
    await w.handle(command(owner, 'optout add (718) 555-0199'));
    await w.handle(command(owner, 'optout add (718) 555-0199'));
    await w.handle(command(owner, 'optout remove (718) 555-0199'));
    await w.settle();
    const got = rx.accepted().map((r) => [r.body.type, r.body.data.phone, r.body.data.source]);
    expect(got).toEqual([['opt_out.recorded', '+17185550199', 'admin'], ['opt_out.lifted', '+17185550199', 'admin']]);
    expect(rx.accepted()[1]?.body.id).toBe(`opt_out.lifted:${String(rx.accepted()[0]?.body.data.optOutId)}`);
  }, 60_000);

  it('refuses private, metadata, loopback and plain-http URLs, unknown events, and a server without SECRET_KEY, with clear messages (en, es)', async () => {
    const w = await hookedWorld({ retry: { attempts: 1, backoffMs: 1 }, allowHttpLoopback: false });
    await orgWithCampaign(w);
    expect(text(await w.handle(command(owner, 'webhooks add https://10.0.0.5/hook')))).toContain('is refused: it points to a private network address (`10.0.0.5`)');
    expect(text(await w.handle(command(owner, 'webhooks add https://169.254.169.254/')))).toContain('a cloud metadata address');
    expect(text(await w.handle(command(owner, 'webhooks add https://[::ffff:10.0.0.5]/hook')))).toContain('a private network address');
    expect(text(await w.handle(command(owner, 'webhooks add https://localhost/hook')))).toContain('a loopback address (this server itself)');
    expect(text(await w.handle(command(owner, `webhooks add ${rx.url}`)))).toContain('a loopback address');
    expect(text(await w.handle(command(owner, 'webhooks add http://93.184.215.14/hook')))).toContain('webhooks must use https://');
    expect(text(await w.handle(command(owner, 'webhooks add https://93.184.215.14/hook survey.answered,tag.removed')))).toContain('Unknown event name: `tag.removed`');
    expect(await w.store.webhooks.list((await w.store.orgs.findByExternal('sandbox', 'T-texas'))!.id)).toEqual([]);
    // Volunteers cannot add webhooks.
    expect(text(await w.handle(command(ana, 'webhooks add https://93.184.215.14/hook')))).not.toContain('whsec_');
    // Spanish.
    await w.handle(command(sofia, 'help'));
    const orgId = (await w.store.orgs.findByExternal('sandbox', 'T-texas'))!.id;
    await w.store.members.setRole(orgId, (await w.store.members.findByPlatformUser(orgId, 'U-sofia'))!.id, 'organizer');
    expect(text(await w.handle(command(sofia, 'webhooks add https://10.0.0.5/hook')))).toContain('está rechazada: apunta a una dirección de red privada (`10.0.0.5`)');
    expect(text(await w.handle(command(sofia, 'webhooks add https://93.184.215.14/hook tag.removed')))).toContain('Nombre de evento desconocido: `tag.removed`');

    const bare = await hookedWorld({ retry: { attempts: 1, backoffMs: 1 }, secrets: false });
    await orgWithCampaign(bare);
    expect(text(await bare.handle(command(owner, 'webhooks add https://93.184.215.14/hook')))).toContain('it has no SECRET_KEY');
  }, 60_000);

  it('24 hours of failures turn the webhook off and tell the organizers in chat; list, test and remove', async () => {
    const w = await hookedWorld({ retry: { attempts: 2, backoffMs: 1 } });
    const { orgId } = await orgWithCampaign(w);
    const hook = await addWebhook(w, rx, 'opt_out.recorded');
    rx.answer = () => 503;
    expect(text(await w.handle(command(owner, `webhooks test ${hook.id}`)))).toContain('it answered HTTP 503');
    await w.handle(command(owner, 'optout add (212) 555-0101'));
    await w.settle();
    expect(text(await w.handle(command(owner, 'webhooks list')))).toMatch(/failing since/);
    w.clock.advance(24 * HOUR + 60_000);
    await w.handle(command(owner, 'optout add (212) 555-0102'));
    await w.settle();
    expect((await w.store.webhooks.get(orgId, hook.id))?.enabled).toBe(false);
    const notices = w.gateway.of('dm').filter((c) => c.target === 'U-owner' && textOf(c.view!).includes('was turned off'));
    expect(notices).toHaveLength(1);
    expect(textOf(notices[0]!.view!)).toContain('every delivery failed for 24 hours (last: it answered HTTP 503)');
    expect(text(await w.handle(command(owner, 'webhooks list')))).toContain('Off since');
    // Nothing more is sent once it is off.
    const before = rx.received.length;
    await w.handle(command(owner, 'optout add (212) 555-0103'));
    await w.settle();
    expect(rx.received.length).toBe(before);
    expect(rx.received.every((r) => r.body.type === 'ping' || r.body.type === 'opt_out.recorded')).toBe(true);

    rx.answer = () => 200;
    expect(text(await w.handle(command(owner, `webhooks test ${hook.id}`)))).toContain('it answered HTTP 200');
    expect(rx.received.at(-1)?.verified).toBe(true);
    expect(rx.received.at(-1)?.body.type).toBe('ping');
    expect(text(await w.handle(command(owner, `webhooks remove ${hook.id}`)))).toContain('removed');
    expect(text(await w.handle(command(owner, `webhooks test ${hook.id}`)))).toContain('There is no webhook');
    expect(text(await w.handle(command(owner, 'webhooks list')))).toContain('No webhooks yet');
    expect(text(await w.handle(command(owner, 'help')))).toMatch(/webhooks add[\s\S]*webhooks list[\s\S]*webhooks remove[\s\S]*webhooks test/);
  }, 60_000);

  it('a webhook turned off after 24 hours of failures is turned back on with the same id and secret; the waiting delivery goes out; volunteers cannot; en and es', async () => {
    const w = await hookedWorld({ retry: { attempts: 2, backoffMs: 1 } });
    const { orgId } = await orgWithCampaign(w);
    const hook = await addWebhook(w, rx, 'opt_out.recorded');
    expect(text(await w.handle(command(owner, `webhooks enable ${hook.id}`)))).toContain('is already on');
    rx.answer = () => 503;
    await w.handle(command(owner, 'optout add (212) 555-0101'));
    await w.settle();
    w.clock.advance(24 * HOUR + 60_000);
    await w.handle(command(owner, 'optout add (212) 555-0102'));
    await w.settle();
    expect((await w.store.webhooks.get(orgId, hook.id))?.enabled).toBe(false);
    const notice = w.gateway.of('dm').find((c) => c.target === 'U-owner' && textOf(c.view!).includes('was turned off'));
    expect(textOf(notice!.view!)).toContain(`/textbank webhooks enable \`${hook.id}\``);
    expect(text(await w.handle(command(owner, 'webhooks list')))).toContain('webhooks enable turns it back on');

    // A volunteer cannot turn it on; an unknown id is named.
    expect(text(await w.handle(command(ana, `webhooks enable ${hook.id}`)))).not.toContain('is on again');
    expect((await w.store.webhooks.get(orgId, hook.id))?.enabled).toBe(false);
    expect(text(await w.handle(command(owner, 'webhooks enable 0123456789abcdef01234567')))).toContain('There is no webhook');
    expect(text(await w.handle(command(owner, 'webhooks enable')))).toContain('Usage: `/textbank webhooks enable <id>`');

    rx.answer = () => 200;
    const before = rx.received.length;
    const on = text(await w.handle(command(owner, `webhooks enable ${hook.id}`)));
    expect(on).toContain(`Webhook \`${hook.id}\` is on again`);
    const after = await w.store.webhooks.get(orgId, hook.id);
    expect(after).toMatchObject({ enabled: true, failures: 0 });
    expect(after?.disabledAt).toBeUndefined();
    const audit = await w.store.audit.list(orgId, { limit: 50 });
    expect(audit.some((a) => a.action === 'webhook.enabled' && a.subject?.id === hook.id)).toBe(true);
    // New events reach it, signed with the secret it had before.
    await w.handle(command(owner, 'optout add (212) 555-0103'));
    await w.settle();
    const fresh = rx.received.slice(before);
    expect(fresh.some((r) => r.body.type === 'opt_out.recorded' && r.verified)).toBe(true);
    // The deliveries that were waiting when it went off (retries used up) go out with the next sweep (every 10 minutes).
    expect(phonesOf(rx.received.slice(before))).toEqual(['+12125550103']);
    w.clock.advance(11 * 60_000);
    expect(await w.sweepWebhooks()).toBe(2);
    await w.settle();
    await w.handle(command(owner, 'optout add (212) 555-0104'));
    await w.settle();
    expect(phonesOf(rx.received.slice(before)).sort()).toEqual(['+12125550101', '+12125550102', '+12125550103', '+12125550104']);

    // Spanish.
    await w.handle(command(sofia, 'help'));
    await w.store.members.setRole(orgId, (await w.store.members.findByPlatformUser(orgId, 'U-sofia'))!.id, 'organizer');
    expect(text(await w.handle(command(sofia, `webhooks enable ${hook.id}`)))).toContain('ya está encendido');
    expect(text(await w.handle(command(owner, 'help')))).toContain('webhooks enable');
  }, 60_000);
});
