import type { Store, Clock } from '../../core/ports.js';
import type { Member, Org } from '../../core/model/org.js';
import { hasRole } from '../../core/model/org.js';
import { resolveLang } from '../../core/i18n/lang.js';
import { UserError } from '../../core/errors.js';
import { ChatDeliveryError, chatDeliveryMessage } from '../../core/chat-errors.js';
import type { Reply } from '../../core/views/view.js';
import { splitReplies } from '../../core/views/split-view.js';
import type { CommandDefinition, HandlerContext, InteractionDefinition, Translate } from './definition.js';
import type { Actor, Invocation } from './invocation.js';
import { matchPath, textToOptions, tokenize } from './parse-text.js';
import { parseOptions, type OptionValues } from './options.js';
import { errorView } from './error-view.js';

export interface DispatcherDeps<S> {
  store: Store;
  clock: Clock;
  /** A translator fixed to a language. */
  translator(lang: 'en' | 'es'): Translate;
  commands: readonly CommandDefinition<S>[];
  interactions: readonly InteractionDefinition<S, unknown>[];
  /** Handles a volunteer typing in a conversation thread. */
  threadMessage?: (ctx: HandlerContext<S>, inv: Extract<Invocation, { kind: 'thread_message' }>) => Promise<Reply | Reply[]>;
  services: S;
  onError?(err: unknown, inv: Invocation): void;
}

/**
 * The one place where org, member and role are checked for every command and interaction
 * (DESIGN: Roles; button values carry ids, never authority). Handlers get a context whose org
 * and member were loaded from the store by the platform ids the adapter verified.
 */
export function createDispatcher<S>(deps: DispatcherDeps<S>) {
  async function resolveOrg(actor: Actor): Promise<Org | null> {
    return deps.store.orgs.findByExternal(actor.platform, actor.orgExternalId);
  }

  async function resolveMember(org: Org, actor: Actor): Promise<Member> {
    const existing = await deps.store.members.findByPlatformUser(org.id, actor.userId);
    const locale = resolveLang(actor.locale, org.defaultLocale);
    if (existing && existing.displayName === actor.displayName && (existing.locale ?? locale) === locale) return existing;
    // Anyone in the workspace may volunteer; roles above that are granted by owners/organizers.
    return deps.store.members.upsert(org.id, { platformUserId: actor.userId, displayName: actor.displayName, role: existing?.role ?? 'volunteer', locale });
  }

  function langFor(actor: Actor, org: Org | null, member?: Member | null) {
    return resolveLang(actor.locale, member?.locale, actor.orgLocale, org?.defaultLocale);
  }

  async function handle(inv: Invocation): Promise<Reply[]> {
    const org = await resolveOrg(inv.actor);
    const lang0 = langFor(inv.actor, org);
    let t = deps.translator(lang0);
    try {
      if (inv.kind === 'command') {
        const { def, values, problems } = resolveCommand(inv);
        if (!def) return [errorView(t, 'commands:errors.unknown_command', { text: (inv.text ?? inv.path?.join(' ') ?? '').slice(0, 60) })];
        if (problems.length) {
          return [errorView(t, problems[0]?.key ?? 'commands:errors.option_invalid', problems[0]?.params ?? {}, { usage: usageOf(def, t) })];
        }
        if (!org) {
          if (def.role !== 'none') return [errorView(t, 'commands:errors.not_set_up')];
          return asArray(await def.handler(bareContext(inv, t, lang0), values));
        }
        const member = await resolveMember(org, inv.actor);
        const lang = langFor(inv.actor, org, member);
        t = deps.translator(lang);
        if (def.role !== 'none' && !hasRole(member.role, def.role)) return [errorView(t, 'commands:errors.forbidden', { role: t(`commands:roles.${def.role}`) })];
        return asArray(await def.handler(context(inv, org, member, t, lang), values));
      }
      if (!org) return [errorView(t, 'commands:errors.not_set_up')];
      const member = await resolveMember(org, inv.actor);
      const lang = langFor(inv.actor, org, member);
      t = deps.translator(lang);
      const ctx = context(inv, org, member, t, lang);
      if (inv.kind === 'thread_message') {
        return deps.threadMessage ? asArray(await deps.threadMessage(ctx, inv)) : [];
      }
      const id = inv.kind === 'action' ? inv.actionId : inv.modalId;
      const def = deps.interactions.find((d) => d.id === id && d.kind === (inv.kind === 'action' ? 'action' : 'modal'));
      if (!def) return [errorView(t, 'commands:errors.unknown_action')];
      if (!hasRole(member.role, def.role)) return [errorView(t, 'commands:errors.forbidden', { role: t(`commands:roles.${def.role}`) })];
      const raw = inv.kind === 'action' ? inv.value : inv.privateValue;
      const parsed = def.valueSchema.safeParse(raw === undefined ? undefined : decodeValue(raw));
      if (!parsed.success) return [errorView(t, 'commands:errors.stale_button')];
      return asArray(await def.handler(ctx, parsed.data, inv.kind === 'modal' ? inv.values : {}));
    } catch (err) {
      if (err instanceof UserError) return [errorView(t, err.identifier, err.context)];
      // The platform refused a post for a reason the member can fix: say what to do.
      if (err instanceof ChatDeliveryError) {
        const m = chatDeliveryMessage(err);
        return [errorView(t, m.identifier, m.context)];
      }
      deps.onError?.(err, inv);
      return [errorView(t, 'common:errors.unexpected')];
    }
  }

  function resolveCommand(inv: Extract<Invocation, { kind: 'command' }>) {
    const words = inv.path ?? tokenize(inv.text ?? '');
    const match = matchPath(deps.commands, words.length ? words : ['help']);
    if (!match) return { def: undefined, values: {}, problems: [] };
    const def = match.item;
    let raw: OptionValues;
    let extra: string[] = [];
    if (inv.path) raw = inv.options ?? {};
    else ({ values: raw, extra } = textToOptions(def.options, match.rest));
    if (extra.length) return { def, values: {}, problems: [{ option: '', key: 'commands:errors.extra_words', params: { words: extra.join(' ') } }] };
    const parsed = parseOptions(def.options, raw);
    return parsed.ok ? { def, values: parsed.values, problems: [] } : { def, values: {}, problems: parsed.problems };
  }

  function context(inv: Invocation, org: Org, member: Member, t: Translate, lang: 'en' | 'es'): HandlerContext<S> {
    return {
      org, member, actor: inv.actor, lang, t, now: deps.clock.now(),
      channelId: 'channelId' in inv ? inv.channelId : undefined,
      interactionId: inv.interactionId,
      attachments: ('attachments' in inv ? inv.attachments : undefined) ?? [],
      invocation: inv,
      services: deps.services,
    };
  }

  /** For `help`/`setup` before the org exists: a placeholder org and member the handler must not persist. */
  function bareContext(inv: Invocation, t: Translate, lang: 'en' | 'es'): HandlerContext<S> {
    const now = deps.clock.now();
    const org: Org = {
      id: '', platform: inv.actor.platform, externalId: inv.actor.orgExternalId, name: inv.actor.orgName ?? '',
      defaultLocale: lang, textingPolicy: { political: true }, optOutConfirmation: {}, conversationVisibility: 'private', sms: { numbers: [] }, createdAt: now,
    };
    const member: Member = { id: '', orgId: '', platformUserId: inv.actor.userId, displayName: inv.actor.displayName, role: 'volunteer', createdAt: now };
    return context(inv, org, member, t, lang);
  }

  return { handle, commands: deps.commands, interactions: deps.interactions };
}

export type Dispatcher = ReturnType<typeof createDispatcher>;

/** A handler's replies; one too long for a chat message goes out as several (never cut). */
function asArray(r: Reply | Reply[]): Reply[] {
  return splitReplies(Array.isArray(r) ? r : [r]);
}

/** Button values are short strings of ids; JSON when they hold several. */
function decodeValue(raw: string): unknown {
  if (raw.startsWith('{') || raw.startsWith('[')) {
    try {
      return JSON.parse(raw) as unknown;
    } catch {
      return raw;
    }
  }
  return raw;
}

export function usageOf<S>(def: CommandDefinition<S>, t: Translate): string {
  const opts = def.options
    .filter((o) => o.type !== 'attachment')
    .map((o) => (o.required ? `<${t(`commands:optionNames.${o.name}`)}>` : `[${t(`commands:optionNames.${o.name}`)}]`));
  return ['/textbank', ...def.path, ...opts].join(' ');
}
