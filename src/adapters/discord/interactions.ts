/**
 * One interaction, from raw JSON to Discord responses, for both transports (the HTTP endpoint
 * answers the callback in its response body; the gateway POSTs it to /interactions/{id}/{token}/callback).
 * Discord wants an answer within 3 seconds (R7.3): slow commands (export, import with a file) are
 * deferred at once (type 5, ephemeral), anything else is deferred when it has not finished after
 * `deferAfterMs` (5 for commands and modals, 6 for buttons), and the answer then edits @original.
 * Import progress (the invocation's `interim`) edits @original as it goes. Interaction ids are
 * deduplicated (R7.3) and are the idempotency key handed to the commands (R5.2b).
 */
import type { Lang } from '../../core/model/common.js';
import type { Reply } from '../../core/views/view.js';
import type { Store } from '../../core/ports.js';
import { resolveLang } from '../../core/i18n/lang.js';
import type { Translate } from '../../commands/framework/definition.js';
import type { Invocation, InterimReply } from '../../commands/framework/invocation.js';
import { discordErrorCode, DISCORD_ERROR, type DiscordApi, type InteractionResponse } from './api.js';
import type { DiscordChat } from './chat-gateway.js';
import { createDelivery } from './delivery.js';
import { BoundedCache, type Lookups } from './lookups.js';
import { parseInteraction, type InteractionContext } from './parse-interaction.js';
import { FLAG } from './payloads.js';
import { noticeMessage, renderMessage } from './render-message.js';
import { FRESH, planReplies, type ResponseState, type Step } from './reply-plan.js';

export interface InteractionTransport {
  /** Sends the initial response; resolves once it is on its way to Discord. */
  respond(body: InteractionResponse): Promise<void>;
  /** The request's Ed25519 signature was checked (HTTP endpoint), for the R5.3 audit row. */
  signatureVerified: boolean;
}

export interface Log {
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface InteractionDeps {
  api: DiscordApi;
  chat: DiscordChat;
  store: Store;
  lookups: Lookups;
  handle(inv: Invocation): Promise<Reply[]>;
  translator(lang: Lang): Translate;
  defaultLang: Lang;
  commandName: string;
  deferAfterMs: number;
  /**
   * Deferred at once: command paths (`export`) and modal ids (`import`); `withFile` command paths
   * (`import`, `optout import`) only when a file is attached, because without one they answer at
   * once, and that answer may be a form (type 9), which Discord refuses after a deferral.
   */
  slow: { commands: readonly string[]; modals: readonly string[]; withFile?: readonly string[] };
  log: Log;
}

export type InteractionOutcome = 'answered' | 'invalid';

/** The initial response, sent once, and what it left @original holding. */
class Session {
  state: ResponseState = { ...FRESH };
  private deferring: Promise<void> | undefined;

  constructor(
    private readonly ctx: InteractionContext,
    private readonly transport: InteractionTransport,
  ) {}

  async callback(body: InteractionResponse): Promise<void> {
    await this.transport.respond(body);
  }

  /** Defers once (5 ephemeral for commands and modals, 6 for buttons); later calls wait for it. */
  defer(): Promise<void> {
    if (this.deferring) return this.deferring;
    if (this.state.initial !== 'none') return Promise.resolve();
    const update = this.ctx.type === 'component';
    this.state = update ? { initial: 'deferredUpdate', originalIsMessage: true, originalFilled: false } : { initial: 'deferredMessage', originalIsMessage: false, originalFilled: false };
    this.deferring = this.transport.respond(update ? { type: 6 } : { type: 5, data: { flags: FLAG.ephemeral } });
    return this.deferring;
  }
}

export function createInteractionHandler(deps: InteractionDeps) {
  const { api, log } = deps;
  const seen = new BoundedCache<true>(10_000);
  const inflight = new Set<Promise<unknown>>();
  const delivery = createDelivery({ store: deps.store, chat: deps.chat, warn: log.warn });
  const render = { warn: log.warn };

  async function runStep(step: Step, session: Session, ctx: InteractionContext, inv: Invocation, t: Translate): Promise<void> {
    switch (step.op) {
      case 'callback':
        return session.callback(step.body);
      case 'editOriginal':
        await api.editOriginal(ctx.token, step.body);
        return;
      case 'followUp':
        await api.followUp(ctx.token, step.body);
        return;
      case 'post':
        await deps.chat.post(step.channelId, step.view);
        return;
      case 'thread':
        await delivery.toConversation(inv.actor.orgExternalId, step.conversationId, step.view);
        return;
      case 'dm':
        await delivery.toMember(inv.actor.orgExternalId, step.memberId, step.view);
        return;
      case 'file':
        try {
          await deps.chat.uploadFile(inv.actor.userId, step.file);
        } catch (err) {
          if (discordErrorCode(err) !== DISCORD_ERROR.cannotDmUser) throw err;
          await api.followUp(ctx.token, { ...noticeMessage(`⚠️ ${t('discord:dm_closed')}`), flags: FLAG.ephemeral });
        }
    }
  }

  /** Decided before the handler runs, so a command that answers with a form is never deferred first. */
  function deferAtOnce(ctx: InteractionContext, inv: Invocation): boolean {
    if (ctx.type === 'modal') return deps.slow.modals.includes(ctx.name);
    if (ctx.type !== 'command') return false;
    if (deps.slow.commands.includes(ctx.name)) return true;
    const attached = inv.kind === 'command' && (inv.attachments?.length ?? 0) > 0;
    return attached && (deps.slow.withFile ?? []).includes(ctx.name);
  }

  function interimFor(session: Session, ctx: InteractionContext): InterimReply {
    return async (reply) => {
      if (reply.kind !== 'ephemeral' && reply.kind !== 'channel' && reply.kind !== 'update') return;
      await session.defer();
      await api.editOriginal(ctx.token, renderMessage(reply.view, render));
    };
  }

  async function run(ctx: InteractionContext, inv0: Invocation, transport: InteractionTransport, t: Translate): Promise<void> {
    const session = new Session(ctx, transport);
    let inv = inv0;
    if (!ctx.guildId) {
      const guildId = await deps.lookups.guildForUser(inv.actor.userId);
      if (!guildId) return session.callback({ type: 4, data: { ...noticeMessage(`⚠️ ${t('discord:no_guild')}`), flags: FLAG.ephemeral } });
      inv = { ...inv, actor: { ...inv.actor, orgExternalId: guildId } };
    }
    if (deferAtOnce(ctx, inv)) await session.defer();
    if (inv.kind === 'command' || inv.kind === 'modal') inv = { ...inv, interim: interimFor(session, ctx) };
    const work = deps.handle(inv).catch((err: unknown): Reply[] => {
      log.error({ err }, 'discord: command handling failed');
      return [{ kind: 'ephemeral', view: { text: t('common:errors.unexpected'), blocks: [] } }];
    });
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), deps.deferAfterMs)));
    if ((await Promise.race([work.then(() => 'done' as const), late])) === 'late') await session.defer();
    clearTimeout(timer);
    const replies = await work;
    const plan = planReplies(replies, { type: ctx.type, hasMessage: ctx.message !== undefined, ...(ctx.channelId ? { channelId: ctx.channelId } : {}) }, session.state, t, render);
    session.state = plan.state;
    for (const step of plan.steps) {
      try {
        await runStep(step, session, ctx, inv, t);
      } catch (err) {
        log.error({ err, op: step.op }, 'discord: a reply could not be delivered');
      }
    }
  }

  /** Counts work in progress for idle(); a rejection stays with the caller. */
  function track(p: Promise<unknown>): void {
    inflight.add(p);
    const done = (): void => void inflight.delete(p);
    p.then(done, done);
  }

  /** Handles one interaction; 'invalid' when the JSON is not an interaction (the HTTP endpoint answers 400). */
  async function handleInteraction(raw: unknown, given: InteractionTransport): Promise<InteractionOutcome> {
    // Exactly one initial response per interaction, whatever happens below.
    let responded = false;
    const transport: InteractionTransport = {
      signatureVerified: given.signatureVerified,
      respond: (body) => {
        if (responded) return Promise.reject(new Error('discord: interaction already answered'));
        responded = true;
        return given.respond(body);
      },
    };
    const parsed = parseInteraction(raw, { commandName: deps.commandName, signatureVerified: transport.signatureVerified });
    if (parsed.kind === 'ping') {
      await transport.respond({ type: 1 });
      return 'answered';
    }
    if (parsed.kind === 'unsupported' && !parsed.ctx) return 'invalid';
    const ctx = parsed.ctx as InteractionContext;
    const actor = parsed.kind === 'invocation' ? parsed.invocation.actor : undefined;
    const t = deps.translator(resolveLang(actor?.locale, actor?.orgLocale, deps.defaultLang));
    const notice = (key: string) => transport.respond({ type: 4, data: { ...noticeMessage(t(key)), flags: FLAG.ephemeral } });
    if (seen.has(ctx.id)) {
      await notice('discord:duplicate');
      return 'answered';
    }
    seen.set(ctx.id, true);
    if (parsed.kind === 'unsupported') {
      log.warn({ reason: parsed.reason }, 'discord: unsupported interaction');
      await notice('discord:unsupported');
      return 'answered';
    }
    const task = run(ctx, parsed.invocation, transport, t).catch(async (err: unknown) => {
      log.error({ err }, 'discord: interaction failed');
      if (!responded) await notice('common:errors.unexpected').catch(() => undefined);
    });
    track(task);
    await task;
    return 'answered';
  }

  /** Resolves when every interaction in progress has finished (tests, shutdown). */
  async function idle(): Promise<void> {
    while (inflight.size) await Promise.allSettled([...inflight]);
  }

  return { handleInteraction, idle, track };
}

export type InteractionHandler = ReturnType<typeof createInteractionHandler>;
