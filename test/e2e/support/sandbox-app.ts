// Test composition of the whole sandbox from real parts: memory store, in-process queue,
// simulated carrier (statusDelayMs 0), the engine, the commands' dispatcher and chat notifier,
// the sandbox chat and its fastify plugin, on a free loopback port. Tests are a composition
// point, so adapters are imported here (the app's own composition lives in src/app).
import Fastify, { type FastifyInstance } from 'fastify';
import { engineTestStore } from '../../core/engine/harness.js';
import { createInProcessQueue, type InProcessQueue } from '../../../src/adapters/queue/in-process-queue.js';
import { createSimulatedCarrier, type SimulatedCarrier } from '../../../src/adapters/simulated-sms/index.js';
import { csvRecords, openCsvFile, type CsvSource } from '../../../src/adapters/files/csv-source.js';
import {
  createCarrierPhonePanel,
  createDemoLoader,
  createSandboxChat,
  createSandboxDelivery,
  defaultRoster,
  sampleVoterNames,
  sandboxPlugin,
  type SandboxChat,
} from '../../../src/adapters/web/index.js';
import { createChartRenderer } from '../../../src/adapters/charts/index.js';
import { createI18n } from '../../../src/app/i18n.js';
import { createDispatcher } from '../../../src/commands/framework/dispatcher.js';
import type { Translate } from '../../../src/commands/framework/definition.js';
import { createChatNotifier, createTextbankCommands, type FileService, type FileSource, type Services } from '../../../src/commands/index.js';
import { ContactImporter } from '../../../src/core/contacts/import/importer.js';
import { createEngine, type Engine } from '../../../src/core/engine.js';
import type { Lang } from '../../../src/core/model/common.js';
import type { Clock, Store } from '../../../src/core/ports.js';

export const ORG_NUMBER = '+12025550100';
export const SANDBOX_ID = 'SANDBOX-E2E';

/** A fixed start (texting hours are open) that moves on with real time, so texts keep their order. */
export function fixedStartClock(start: Date): Clock {
  const t0 = Date.now();
  return { now: () => new Date(start.getTime() + (Date.now() - t0)) };
}

export interface SandboxApp {
  url: string;
  store: Store;
  engine: Engine;
  queue: InProcessQueue;
  carrier: SimulatedCarrier;
  chat: SandboxChat;
  server: FastifyInstance;
  errors: unknown[];
  close(): Promise<void>;
}

async function openSource(source: FileSource): Promise<CsvSource> {
  if ('path' in source) return openCsvFile(source.path);
  const res = await fetch(source.url);
  if (!res.ok || !res.body) throw new Error(`download failed: HTTP ${res.status}`);
  const length = Number(res.headers.get('content-length') ?? Number.NaN);
  return { records: csvRecords(res.body), ...(Number.isFinite(length) ? { totalBytes: length } : {}) };
}

export async function startSandboxApp(opts: { clock: Clock }): Promise<SandboxApp> {
  const { clock } = opts;
  const errors: unknown[] = [];
  const i18n = await createI18n('en');
  const translator = (lang: Lang): Translate => {
    const t = i18n.t(lang);
    return (key, params) => t(key, params ?? {}) as string;
  };
  const t = (lang: Lang, key: string, params?: Record<string, unknown>) => translator(lang)(key, params);
  const store = await engineTestStore(clock);
  const queue = createInProcessQueue({ clock, logger: { error: (err) => void errors.push(err) } });
  const engineRef: { engine?: Engine } = {};
  const carrier = createSimulatedCarrier({
    clock,
    statusDelayMs: 0,
    onStatus: async (cb) => void (await engineRef.engine?.dispatch.applyStatus(cb)),
    onInbound: async (m) => void (await engineRef.engine?.inbound.receive(m)),
    onError: (err) => void errors.push(err),
  });
  const engine = createEngine({ store, queue, sms: carrier, clock, translate: t, config: { retryBackoffMs: 0 }, log: { warn: () => undefined, error: (o) => void errors.push(o) } });
  engineRef.engine = engine;

  const chat = createSandboxChat({ clock });
  const notifier = createChatNotifier({ store, engine, gateways: { sandbox: chat }, translator, log: { warn: () => undefined } });
  queue.process('chat.notify', async (payload) => void (await notifier.handle(payload)));

  const files: FileService = {
    async importCsv(input) {
      const src = await openSource(input.source);
      return new ContactImporter(store, clock).run(src.records, {
        orgId: input.orgId,
        campaignId: input.campaignId,
        ...(input.templateFields ? { templateFields: input.templateFields } : {}),
        ...(input.onProgress ? { onProgress: input.onProgress } : {}),
        ...(src.totalBytes !== undefined ? { totalBytes: src.totalBytes } : {}),
      });
    },
    async exportCsv() {
      throw new Error('exports are not part of the sandbox browser test');
    },
    openCsv: openSource,
  };
  const services: Services = {
    store,
    engine,
    clock,
    files,
    sandbox: createDemoLoader({ campaigns: engine.campaigns, store, importCsv: (input) => files.importCsv(input), t }),
    chat: { gateways: { sandbox: chat }, translator, onError: (err) => void errors.push(err) },
    orgDefaults: { sms: { numbers: [ORG_NUMBER] } },
    charts: createChartRenderer(),
  };
  const commands = createTextbankCommands();
  const dispatcher = createDispatcher<Services>({
    store,
    clock,
    translator,
    commands: commands.commands,
    interactions: commands.interactions,
    threadMessage: commands.threadMessage,
    services,
    onError: (err) => void errors.push(err),
  });

  const names = sampleVoterNames();
  const server = Fastify({ logger: false });
  const delivery = createSandboxDelivery({ store, chat, orgExternalId: SANDBOX_ID });
  await server.register(sandboxPlugin, {
    handle: (inv) => dispatcher.handle(inv),
    chat,
    roster: defaultRoster(),
    phone: createCarrierPhonePanel({ carrier, orgNumber: () => ORG_NUMBER, nameOf: (p) => names.get(p) }),
    carrierFilter: carrier,
    t,
    orgExternalId: SANDBOX_ID,
    orgName: 'Sandbox Action Fund',
    postToConversation: delivery.postToConversation,
    dmMember: delivery.dmMember,
  });
  const url = await server.listen({ host: '127.0.0.1', port: 0 });
  return {
    url, store, engine, queue, carrier, chat, server, errors,
    async close() {
      await server.close();
      await queue.close();
      await store.close();
    },
  };
}
