import type { Clock, Store } from '../core/ports.js';
import type { Engine } from '../core/engine.js';
import type { FileService, SandboxService } from '../commands/index.js';
import type { SimulatedCarrier } from '../adapters/simulated-sms/index.js';
import {
  createCarrierPhonePanel,
  createDemoLoader,
  createSandboxChat,
  createSandboxDelivery,
  defaultRoster,
  sampleVoterNames,
  sandboxPlugin,
  type SandboxChat,
} from '../adapters/web/index.js';
import type { Dispatcher } from '../commands/framework/dispatcher.js';
import type { HttpServer } from './server.js';
import type { I18n } from './i18n.js';

/** The sandbox workspace id and the org's fictional sender number (555-01xx is never a real line). */
export const SANDBOX_WORKSPACE = 'sandbox';
export const SANDBOX_ORG_NUMBER = '+12025550100';
export const SANDBOX_ORG_NAME = 'Sandbox Action Fund';
/** The sandbox's channels: the campaign's, and the review channel the demo names (supervision). */
export const SANDBOX_CHANNELS = [{ id: 'campaign', name: 'campaign' }, { id: 'review', name: 'review' }];

export function createSandbox(clock: Clock): { chat: SandboxChat; demo: (engine: Engine, store: Store, i18n: I18n) => (files: FileService) => SandboxService } {
  const chat = createSandboxChat({ clock, channels: SANDBOX_CHANNELS });
  return {
    chat,
    demo: (engine, store, i18n) => (files) =>
      createDemoLoader({ campaigns: engine.campaigns, store, importCsv: (input) => files.importCsv(input), t: (lang, key, params) => i18n.t(lang)(key, params ?? {}), reviewChannelId: 'review' }),
  };
}

/** Serves the sandbox page and API (enabled only with the simulated carrier). */
export async function registerSandbox(server: HttpServer, opts: { chat: SandboxChat; dispatcher: Dispatcher; store: Store; carrier: SimulatedCarrier; i18n: I18n; publicUrl: string }): Promise<void> {
  const names = sampleVoterNames();
  const delivery = createSandboxDelivery({ store: opts.store, chat: opts.chat, orgExternalId: SANDBOX_WORKSPACE });
  await server.register(sandboxPlugin, {
    handle: (inv) => opts.dispatcher.handle(inv),
    chat: opts.chat,
    roster: defaultRoster(),
    phone: createCarrierPhonePanel({ carrier: opts.carrier, orgNumber: () => SANDBOX_ORG_NUMBER, nameOf: (p) => names.get(p) }),
    carrierFilter: opts.carrier,
    t: (lang, key, params) => opts.i18n.t(lang)(key, params ?? {}),
    orgExternalId: SANDBOX_WORKSPACE,
    orgName: SANDBOX_ORG_NAME,
    postToConversation: delivery.postToConversation,
    dmMember: delivery.dmMember,
    baseUrl: opts.publicUrl,
  });
}
