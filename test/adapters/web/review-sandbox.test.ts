// The review channel in the sandbox, wired the way the app wires it (wire-sandbox, wire-commands,
// the real engine, memory store, in-process queue and simulated carrier) and driven only through
// the sandbox page's JSON API: the demo names #review; a voter's "not interested" (R1.4 tier b)
// shows there with Confirm opt-out, which records one opt-out and sends one confirmation (R1.6);
// a new volunteer's first typed reply is held there until an organizer approves it, then sent once.
import { afterEach, describe, expect, it } from 'vitest';
import { createMemoryStore } from '../../../src/adapters/memory/index.js';
import { createInProcessQueue } from '../../../src/adapters/queue/in-process-queue.js';
import { createSimulatedCarrier } from '../../../src/adapters/simulated-sms/simulated-carrier.js';
import type { SandboxMessage } from '../../../src/adapters/web/chat-types.js';
import { createI18n } from '../../../src/app/i18n.js';
import { createLogger } from '../../../src/app/logger.js';
import { buildServer, type HttpServer } from '../../../src/app/server.js';
import { wireCommands } from '../../../src/app/wire-commands.js';
import { createSandbox, registerSandbox, SANDBOX_ORG_NUMBER, SANDBOX_WORKSPACE } from '../../../src/app/wire-sandbox.js';
import { ACTION } from '../../../src/commands/actions.js';
import { createEngine, type Engine } from '../../../src/core/engine.js';
import type { Button } from '../../../src/core/views/view.js';

/** Tuesday 10:00 in New York: texting hours are open for the sample voters. */
const NOW = new Date('2026-11-17T15:00:00Z');
let server: HttpServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function sandboxApp() {
  let t = NOW.getTime();
  const clock = { now: () => new Date(t), advance: (ms: number) => void (t += ms) };
  const logger = createLogger('silent');
  const store = createMemoryStore({ clock });
  const queue = createInProcessQueue({ clock, logger: { error: () => undefined } });
  const i18n = await createI18n('en');
  const ref: { engine?: Engine } = {};
  const carrier = createSimulatedCarrier({
    clock,
    onStatus: async (cb) => void (await ref.engine?.dispatch.applyStatus(cb)),
    onInbound: async (m) => void (await ref.engine?.inbound.receive(m)),
  });
  const engine = createEngine({ store, queue, sms: carrier, clock, config: { retryBackoffMs: 0 }, translate: (lang, key, params) => i18n.t(lang)(key, params), log: logger });
  ref.engine = engine;
  const sandbox = createSandbox(clock);
  const commands = wireCommands({
    store, engine, queue, clock, i18n, logger, gateways: { sandbox: sandbox.chat },
    orgDefaults: { sms: { numbers: [SANDBOX_ORG_NUMBER] } }, sandbox: sandbox.demo(engine, store, i18n), registerHandlers: true,
  });
  server = await buildServer({ logger, probes: [] });
  await registerSandbox(server, { chat: sandbox.chat, dispatcher: commands.dispatcher, store, carrier, i18n, publicUrl: 'http://127.0.0.1:3000' });
  await server.ready();
  const app = server;
  const settle = async (): Promise<void> => {
    for (let k = 0; k < 20; k += 1) {
      await queue.drain();
      await carrier.flush();
      await queue.drain();
      if (queue.stats().waiting === 0 && queue.stats().active === 0) return;
    }
  };
  const api = async (path: string, payload: Record<string, unknown>): Promise<void> => {
    const res = await app.inject({ method: 'POST', url: `/sandbox/api/${path}`, payload });
    expect(res.statusCode, res.body).toBe(200);
    await settle();
  };
  const command = (memberId: string, text: string, channelId = 'campaign') => api('command', { memberId, channelId, text });
  const seen = (memberId: string, channelId: string): SandboxMessage[] => sandbox.chat.messagesFor(memberId, channelId);
  const buttonIn = (m: SandboxMessage, id: string): Button | undefined =>
    m.view.blocks.flatMap((b) => (b.type === 'actions' ? b.elements : [])).find((e): e is Button => e.type === 'button' && e.id === id);
  const press = (memberId: string, m: SandboxMessage, id: string) => api('action', { memberId, actionId: id, value: buttonIn(m, id)?.value, messageId: m.id });
  const org = async () => (await store.orgs.findByExternal('sandbox', SANDBOX_WORKSPACE))!;
  return { store, carrier, chat: sandbox.chat, command, seen, buttonIn, press, api, org, settle };
}

type App = Awaited<ReturnType<typeof sandboxApp>>;

/** Olivia sets up and loads the demo; Val claims and sends `n` first texts; the phones they went to. */
async function demoWithTexts(s: App, n: number): Promise<string[]> {
  await s.command('U-olivia', '/textbank setup');
  await s.command('U-olivia', '/textbank sandbox demo');
  await s.command('U-val', '/textbank claim demo');
  for (let i = 0; i < n; i += 1) {
    const card = s.seen('U-val', 'campaign').filter((m) => s.buttonIn(m, ACTION.send)).at(-1)!;
    await s.press('U-val', card, ACTION.send);
  }
  return [...new Set(s.carrier.sent().map((x) => x.to))];
}

const reviewPosts = (s: App): SandboxMessage[] => s.seen('U-olivia', 'review').filter((m) => m.view.text.startsWith('Review'));

describe('the review channel in the sandbox', () => {
  it('R1.4b/R1.6: "not interested" appears in #review with Confirm opt-out, which records exactly one opt-out and sends exactly one confirmation', async () => {
    const s = await sandboxApp();
    const [phone] = await demoWithTexts(s, 1);
    expect((await s.org()).review?.channelId).toBe('review');
    await s.api('phone', { from: phone, body: 'not interested' });
    const [post] = reviewPosts(s);
    expect(post).toBeDefined();
    expect(post!.view.blocks.some((b) => b.type === 'quote' && b.text === 'not interested')).toBe(true);
    // Only organizers decide: Val's press changes nothing.
    await s.press('U-val', post!, ACTION.reviewConfirmOptOut);
    const orgId = (await s.org()).id;
    expect(await s.store.optOuts.isOptedOut(orgId, phone!)).toBe(false);
    const before = s.carrier.sent().filter((x) => x.to === phone).length;
    await s.press('U-olivia', post!, ACTION.reviewConfirmOptOut);
    await s.press('U-olivia', post!, ACTION.reviewConfirmOptOut);
    expect(await s.store.optOuts.isOptedOut(orgId, phone!)).toBe(true);
    expect(await s.store.optOuts.count(orgId)).toBe(1);
    const after = s.carrier.sent().filter((x) => x.to === phone);
    expect(after.length - before).toBe(1);
    expect(after.at(-1)!.body).toContain('Sandbox Action Fund');
    // The post was edited in place: who decided, no buttons left.
    const edited = s.chat.message(post!.id)!;
    expect(edited.view.blocks.some((b) => b.type === 'section' && b.text.includes('Opt-out confirmed · by Olivia Organizer'))).toBe(true);
    expect(s.buttonIn(edited, ACTION.reviewConfirmOptOut)).toBeUndefined();
  });

  it("a new volunteer's first typed reply is held in #review until approved, then sent exactly once", async () => {
    const s = await sandboxApp();
    const [phone] = await demoWithTexts(s, 1);
    await s.command('U-olivia', '/textbank settings review_hold:1', 'review');
    await s.api('phone', { from: phone, body: 'What time do the polls open?' });
    const dm = s.chat.dmChannelId('U-val');
    const root = s.seen('U-val', dm).find((m) => s.chat.threadFor('U-val', m.id).length > 0)!;
    const texts = () => s.carrier.sent().filter((x) => x.to === phone).map((x) => x.body);
    const before = texts().length;
    await s.api('thread', { memberId: 'U-val', channelId: dm, threadId: root.id, text: 'Polls are open 7am to 8pm. See you there!' });
    expect(texts()).toHaveLength(before);
    expect(s.chat.threadFor('U-val', root.id).some((m) => m.view.text.includes('waiting for an organizer'))).toBe(true);
    const post = reviewPosts(s).at(-1)!;
    expect(post.view.blocks.some((b) => b.type === 'quote' && b.text === 'Polls are open 7am to 8pm. See you there!')).toBe(true);
    await s.press('U-olivia', post, ACTION.reviewApprove);
    await s.press('U-olivia', post, ACTION.reviewApprove);
    expect(texts().slice(before)).toEqual(['Polls are open 7am to 8pm. See you there!']);
    expect(s.chat.threadFor('U-val', root.id).some((m) => m.view.text.includes('approved by Olivia Organizer'))).toBe(true);
  });
});
