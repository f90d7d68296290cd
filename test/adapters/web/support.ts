// Test composition for the sandbox API: a real chat, roster and translator, a scripted `handle`.
import Fastify, { type FastifyInstance } from 'fastify';
import { createI18n } from '../../../src/app/i18n.js';
import { createSandboxChat, type SandboxChat } from '../../../src/adapters/web/sandbox-chat.js';
import { sandboxPlugin, type SandboxPluginOptions } from '../../../src/adapters/web/plugin.js';
import { defaultRoster } from '../../../src/adapters/web/roster.js';
import type { PhonePanel, PhoneView } from '../../../src/adapters/web/phones.js';
import type { SandboxTranslate } from '../../../src/adapters/web/page-strings.js';
import type { Invocation } from '../../../src/commands/framework/invocation.js';
import type { Reply } from '../../../src/core/views/view.js';

export async function realTranslate(): Promise<SandboxTranslate> {
  const i18n = await createI18n('en');
  return (lang, key, params) => i18n.t(lang)(key, params ?? {}) as string;
}

export interface ApiHarness {
  app: FastifyInstance;
  chat: SandboxChat;
  invocations: Invocation[];
  phoneReplies: { from: string; body: string }[];
  /** What `handle` answers next (default: nothing). */
  answer(fn: (inv: Invocation) => Promise<Reply[]> | Reply[]): void;
  phones: PhoneView[];
  t: SandboxTranslate;
}

export async function apiHarness(extra: Partial<SandboxPluginOptions> = {}): Promise<ApiHarness> {
  const t = await realTranslate();
  const chat = createSandboxChat({ clock: { now: () => new Date('2026-11-17T17:00:00Z') } });
  const invocations: Invocation[] = [];
  const phoneReplies: { from: string; body: string }[] = [];
  const phones: PhoneView[] = [];
  let responder: (inv: Invocation) => Promise<Reply[]> | Reply[] = () => [];
  const phone: PhonePanel = {
    list: () => phones,
    async reply(from, body) {
      const { PhoneReplyError } = await import('../../../src/adapters/web/phones.js');
      if (!phones.some((p) => p.phone === from)) throw new PhoneReplyError('unknown_phone');
      phoneReplies.push({ from, body });
    },
  };
  const app = Fastify({ logger: false });
  await app.register(sandboxPlugin, {
    handle: async (inv) => {
      invocations.push(inv);
      return responder(inv);
    },
    chat,
    roster: defaultRoster(),
    phone,
    t,
    orgExternalId: 'SANDBOX',
    ...extra,
  });
  await app.ready();
  return {
    app, chat, invocations, phoneReplies, phones, t,
    answer: (fn) => {
      responder = fn;
    },
  };
}
