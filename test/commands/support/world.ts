// Test composition for the commands (issue 7): memory store, in-process queue, simulated carrier,
// the real engine, real locales, the dispatcher, the chat notifier, a recording ChatGateway and a
// FileService double that runs the real CSV adapter and the real importer on real files.
// No chat platform at all: invocations are built the way an adapter would build them.
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { createMemoryStore } from '../../../src/adapters/memory/index.js';
import { createInProcessQueue, type InProcessQueue } from '../../../src/adapters/queue/in-process-queue.js';
import { createSimulatedCarrier, type SimulatedCarrier } from '../../../src/adapters/simulated-sms/simulated-carrier.js';
import { openCsvFile } from '../../../src/adapters/files/csv-source.js';
import { exportContactsCsv, exportMessagesCsv } from '../../../src/adapters/files/csv-export.js';
import { createI18n, type I18n } from '../../../src/app/i18n.js';
import { createEngine, type Engine } from '../../../src/core/engine.js';
import { ContactImporter } from '../../../src/core/contacts/import/importer.js';
import type { ChatGateway, Clock, Store } from '../../../src/core/ports.js';
import type { ChatRef, Lang } from '../../../src/core/model/common.js';
import type { Block, Button, Reply, Select, View } from '../../../src/core/views/view.js';
import { createDispatcher } from '../../../src/commands/framework/dispatcher.js';
import type { Translate } from '../../../src/commands/framework/definition.js';
import type { Actor, Attachment, Invocation } from '../../../src/commands/framework/invocation.js';
import { createChatNotifier, createTextbankCommands, type FileService, type FileSource, type Services } from '../../../src/commands/index.js';

/** Tuesday 2026-11-17 10:00 in New York: inside the R2.3 window everywhere in the US. */
export const TUESDAY_10AM_NY = new Date('2026-11-17T15:00:00Z');
export const ORG_NUMBER = '+12025550199';
export const FIXTURES = fileURLToPath(new URL('../fixtures/', import.meta.url));

export interface FakeClock extends Clock {
  advance(ms: number): void;
}

export function fakeClock(start = TUESDAY_10AM_NY): FakeClock {
  let t = start.getTime();
  return { now: () => new Date(t), advance: (ms) => void (t += ms) };
}

export interface Recorded {
  op: 'post' | 'update' | 'startThread' | 'postInThread' | 'dm' | 'uploadFile';
  target: string;
  ref?: ChatRef;
  view?: View;
  opts?: { name?: string; memberIds?: string[] };
}

/** A ChatGateway that records every call and mints refs. */
export function recordingGateway(platform: ChatRef['platform'] = 'sandbox'): ChatGateway & { calls: Recorded[]; of(op: Recorded['op']): Recorded[] } {
  let n = 0;
  const calls: Recorded[] = [];
  const mint = () => `m${++n}`;
  return {
    platform,
    calls,
    of: (op) => calls.filter((c) => c.op === op),
    async post(channelId, view) {
      const ref = { platform, channelId, messageId: mint() };
      calls.push({ op: 'post', target: channelId, ref, view });
      return ref;
    },
    async update(ref, view) {
      calls.push({ op: 'update', target: ref.messageId ?? '', ref, view });
    },
    async startThread(channelId, root, opts) {
      const id = mint();
      const ref = { platform, channelId, messageId: id, threadId: id };
      calls.push({ op: 'startThread', target: channelId, ref, view: root, ...(opts ? { opts } : {}) });
      return ref;
    },
    async postInThread(ref, view) {
      const out = { ...ref, messageId: mint() };
      calls.push({ op: 'postInThread', target: ref.threadId ?? '', ref: out, view });
      return out;
    },
    async dm(userId, view) {
      const ref = { platform, channelId: `D-${userId}`, messageId: mint() };
      calls.push({ op: 'dm', target: userId, ref, view });
      return ref;
    },
    async uploadFile(userId) {
      calls.push({ op: 'uploadFile', target: userId });
    },
  };
}

/** FileService over the real file adapter and the real importer; `file://` URLs stand for downloaded attachments. */
export function fileServiceFor(store: Store, clock: Clock): FileService {
  const pathOf = (source: FileSource): string => ('path' in source ? source.path : fileURLToPath(source.url));
  return {
    async importCsv({ orgId, campaignId, source, templateFields, onProgress }) {
      const csv = await openCsvFile(pathOf(source));
      return new ContactImporter(store, clock).run(csv.records, {
        orgId,
        campaignId,
        ...(templateFields ? { templateFields } : {}),
        ...(csv.totalBytes === undefined ? {} : { totalBytes: csv.totalBytes }),
        ...(onProgress ? { onProgress, progressIntervalMs: 0 } : {}),
        chunkSize: 2,
      });
    },
    async exportCsv({ orgId, campaignId, kind, segment }) {
      const chunks: Buffer[] = [];
      const out = new Writable({ write: (c: Buffer, _e, cb) => void (chunks.push(c), cb()) });
      if (kind === 'contacts') await exportContactsCsv(store, { orgId, campaignId, ...(segment ? { segment } : {}) }, out);
      else await exportMessagesCsv(store, { orgId, campaignId }, out);
      return { name: `${kind}.csv`, content: Buffer.concat(chunks) };
    },
    async openCsv(source) {
      return openCsvFile(pathOf(source));
    },
  };
}

let shared: Promise<I18n> | undefined;
export function i18n(): Promise<I18n> {
  shared ??= createI18n('en');
  return shared;
}

export function translatorOf(i: I18n): (lang: Lang) => Translate {
  return (lang) => (key, params) => i.t(lang)(key, params ?? {}) as string;
}

export interface World {
  clock: FakeClock;
  store: Store;
  queue: InProcessQueue;
  carrier: SimulatedCarrier;
  engine: Engine;
  gateway: ReturnType<typeof recordingGateway>;
  services: Services;
  handle(inv: Invocation): Promise<Reply[]>;
  settle(): Promise<void>;
  errors: unknown[];
}

export async function world(opts: { chat?: boolean; sandbox?: Services['sandbox'] } = {}): Promise<World> {
  const clock = fakeClock();
  const store: Store = createMemoryStore({ clock });
  const queue = createInProcessQueue({ clock, logger: { error: () => undefined } });
  const i = await i18n();
  const translator = translatorOf(i);
  const engineRef: { engine?: Engine } = {};
  const carrier = createSimulatedCarrier({
    clock,
    onStatus: async (cb) => void (await engineRef.engine?.dispatch.applyStatus(cb)),
    onInbound: async (m) => void (await engineRef.engine?.inbound.receive(m)),
  });
  const engine = createEngine({ store, queue, sms: carrier, clock, config: { retryBackoffMs: 0 }, translate: (lang, key, params) => i.t(lang)(key, params ?? {}) as string });
  engineRef.engine = engine;
  const gateway = recordingGateway();
  const errors: unknown[] = [];
  const chat = opts.chat === false ? undefined : { gateways: { sandbox: gateway }, translator, onError: (err: unknown) => void errors.push(err) };
  const services: Services = {
    store,
    engine,
    clock,
    files: fileServiceFor(store, clock),
    orgDefaults: { sms: { numbers: [ORG_NUMBER] } },
    ...(chat ? { chat } : {}),
    ...(opts.sandbox ? { sandbox: opts.sandbox } : {}),
  };
  const { commands, interactions, threadMessage } = createTextbankCommands();
  const dispatcher = createDispatcher<Services>({ store, clock, translator, commands, interactions, threadMessage, services, onError: (err) => void errors.push(err) });
  const notifier = createChatNotifier({ store, engine, gateways: { sandbox: gateway }, translator });
  queue.process('chat.notify', async (p) => void (await notifier.handle(p)));
  const settle = async (): Promise<void> => {
    for (let k = 0; k < 20; k += 1) {
      await queue.drain();
      await carrier.flush();
      await queue.drain();
      const s = queue.stats();
      if (s.waiting === 0 && s.active === 0) return;
    }
  };
  return { clock, store, queue, carrier, engine, gateway, services, handle: (inv) => dispatcher.handle(inv), settle, errors };
}

// ---------- building invocations the way an adapter does ----------

export const WORKSPACE = 'T-texas';

export function actor(userId: string, displayName: string, extra: Partial<Actor> = {}): Actor {
  return { platform: 'sandbox', orgExternalId: WORKSPACE, orgName: 'Texas Forward', userId, displayName, locale: 'en-US', ...extra };
}

let ix = 0;
export function interactionId(): string {
  ix += 1;
  return `ix-${ix}`;
}

export function command(a: Actor, text: string, extra: { channelId?: string; attachments?: Attachment[]; interim?: (r: Reply) => Promise<void> } = {}): Invocation {
  return { kind: 'command', actor: a, text, interactionId: interactionId(), channelId: extra.channelId ?? 'C-general', ...(extra.attachments ? { attachments: extra.attachments } : {}), ...(extra.interim ? { interim: extra.interim } : {}) };
}

export function press(a: Actor, actionId: string, value: string | undefined, id = interactionId(), channelId = 'C-general'): Invocation {
  return { kind: 'action', actor: a, actionId, ...(value === undefined ? {} : { value }), interactionId: id, channelId, signatureVerified: true, platformTs: '1763391600.000100' };
}

export function submit(a: Actor, modalId: string, privateValue: string | undefined, values: Record<string, string>, attachments?: Attachment[]): Invocation {
  return { kind: 'modal', actor: a, modalId, ...(privateValue === undefined ? {} : { privateValue }), values, interactionId: interactionId(), ...(attachments ? { attachments } : {}) };
}

// ---------- reading replies ----------

export function viewOf(reply: Reply | undefined): View {
  if (!reply || !('view' in reply)) throw new Error(`no view in reply ${JSON.stringify(reply)}`);
  return reply.view;
}

export function textOf(view: View): string {
  const parts: string[] = [view.text];
  for (const b of view.blocks) parts.push(...blockTexts(b));
  return parts.join('\n');
}

export function blockTexts(b: Block): string[] {
  switch (b.type) {
    case 'section':
    case 'context':
    case 'quote':
      return [b.text];
    case 'fields':
      return b.fields.flatMap((f) => [f.label, f.value]);
    case 'progress':
      return [b.label];
    case 'actions':
      return b.elements.flatMap((e) => (e.type === 'button' ? [e.label] : [e.placeholder, ...e.options.map((o) => o.label)]));
    default:
      return [];
  }
}

export function buttons(view: View): Button[] {
  return view.blocks.flatMap((b) => (b.type === 'actions' ? b.elements.filter((e): e is Button => e.type === 'button') : []));
}

export function selects(view: View): Select[] {
  return view.blocks.flatMap((b) => (b.type === 'actions' ? b.elements.filter((e): e is Select => e.type === 'select') : []));
}

export function button(view: View, id: string): Button {
  const found = buttons(view).find((b) => b.id === id);
  if (!found) throw new Error(`no button ${id} in ${JSON.stringify(view.blocks)}`);
  return found;
}

export function quotes(view: View): string[] {
  return view.blocks.flatMap((b) => (b.type === 'quote' ? [b.text] : []));
}
