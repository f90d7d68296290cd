/**
 * Slack payload -> one neutral Invocation for the commands' dispatcher -> Replies delivered
 * back (replies.ts). Ack first, then work: commands and presses are acked before anything else.
 * For commands and view submissions the actor comes from cached Slack answers, else the store's
 * member record and the payload (no Slack call; users.info is fetched in the background for next
 * time), so a command that opens a modal reaches views.open while its trigger_id is fresh. Only
 * `setup`, which needs Slack's word on the workspace admin and name, and button presses (no
 * button opens a modal) wait for users.info/team.info, after their ack; that after-ack work of
 * presses runs a bounded number at a time (press-work.ts) so a burst is still acked at once. A view
 * submission runs its handler at once so field errors can go back inside the modal; the first
 * Web API call the work makes acks the submission (empty) before it goes out, and `modalAckMs`
 * bounds the wait. A submission with files is acked at once (files.info comes after).
 * Messages typed in the DM with Textbank outside a conversation thread get a short hint
 * (rate-limited per member), never silence. Idempotency keys (R5.2b): trigger_id
 * for commands and modal submissions, `user.id+action_ts+container.message_ts` for block
 * actions, event_id for events; a bounded cache of keys already seen drops Slack retries
 * (X-Slack-Retry-Num), and the store's idempotency on the interaction id covers the rest.
 */
import type { Lang } from '../../core/model/common.js';
import type { Clock, Store } from '../../core/ports.js';
import type { Reply } from '../../core/views/view.js';
import { resolveLang } from '../../core/i18n/lang.js';
import type { Translate } from '../../commands/framework/definition.js';
import type { Actor, Attachment, Invocation } from '../../commands/framework/invocation.js';
import type { SlackApi } from './api.js';
import { actionIdOf } from './action-ids.js';
import type { SlackGateway } from './gateway.js';
import type { ActorInput, SlackIdentity } from './identity.js';
import { createInterim } from './interim.js';
import { createPressWork } from './press-work.js';
import type { SlackLog } from './log.js';
import { fromSlackCommandText, fromSlackText } from './mrkdwn.js';
import { decodeModalMeta, renderModal, submittedValues } from './modal.js';
import { BlockActions, EventEnvelope, MessageEvent, SlashCommand, ViewSubmission, teamOf } from './payloads.js';
import { renderView } from './render.js';
import { deliverReplies, type ReplyTarget } from './replies.js';
import { TtlCache } from './ttl-cache.js';

export type Ack = (response?: unknown) => Promise<void>;

export interface SlackHandlerDeps {
  handle(inv: Invocation): Promise<Reply[]>;
  api: SlackApi;
  identity: SlackIdentity;
  gateway: SlackGateway;
  store: Store;
  clock: Clock;
  log: SlackLog;
  translator(lang: Lang): Translate;
  defaultLang: Lang;
  /** How long a view submission may wait for field errors before it is acked anyway (default 2,500 ms). */
  modalAckMs?: number;
  /** How far back a CSV shared in the channel counts for `/textbank import` (default 15 min). */
  sharedCsvWindowMs?: number;
  /** How long `/textbank import` waits for files.list before opening the form (default 1,000 ms). */
  sharedCsvWaitMs?: number;
  /** At most one "reply in the voter's thread" hint per member per this long (default 60 s). */
  hintEveryMs?: number;
  /** Button presses whose after-ack work runs at the same time (default 16; press-work.ts). */
  pressConcurrency?: number;
}

export interface SlackHandlers {
  command(raw: unknown, ack: Ack, verified: boolean): Promise<void>;
  action(raw: unknown, ack: Ack, verified: boolean): Promise<void>;
  view(raw: unknown, ack: Ack, verified: boolean): Promise<void>;
  /** Events are acked by Bolt before this runs. */
  message(envelope: unknown, verified: boolean): Promise<void>;
}

const IMPORT_WORDS = [['import'], ['optout', 'import']];
/** Commands that read what only Slack can say (workspace admin, workspace name): `setup`. */
const PLATFORM_IDENTITY_WORDS = [['setup']];

const startsWith = (text: string, phrases: string[][]): boolean => {
  const words = text.trim().toLowerCase().split(/\s+/);
  return phrases.some((w) => w.every((x, i) => words[i] === x));
};

export function createSlackHandlers(deps: SlackHandlerDeps): SlackHandlers {
  const { api, identity, log } = deps;
  const seen = new TtlCache<string, true>({ max: 10_000, ttlMs: 60 * 60_000, clock: deps.clock });
  const hinted = new TtlCache<string, true>({ max: 5_000, ttlMs: deps.hintEveryMs ?? 60_000, clock: deps.clock });
  const modalAckMs = deps.modalAckMs ?? 2_500;
  const pressWork = createPressWork(deps.pressConcurrency ?? 16);

  const tFor = (actor: Actor): Translate => deps.translator(resolveLang(actor.locale, deps.defaultLang));
  const firstSeen = (key: string): boolean => seen.addIfAbsent(key, true);
  const replyDeps = { api, gateway: deps.gateway, store: deps.store, log };

  const handle = (inv: Invocation): Promise<Reply[]> =>
    deps.handle(inv).catch((err: unknown) => {
      log.error({ err: String(err), kind: inv.kind }, 'slack: handling failed');
      return [];
    });

  async function run(inv: Invocation, target: ReplyTarget): Promise<void> {
    await deliverReplies(replyDeps, target, await handle(inv));
  }

  /**
   * The actor without calling Slack: cached users.info, else the store's member record (the name
   * and language Textbank already has), else the payload's name. Never overwrites a known name
   * with a payload handle.
   */
  async function actorNow(input: ActorInput): Promise<Actor> {
    const cached = identity.cachedActor(input);
    if (cached) return cached;
    const org = await deps.store.orgs.findByExternal('slack', input.teamId);
    const member = org ? await deps.store.members.findByPlatformUser(org.id, input.userId) : null;
    return identity.payloadActor(input, member ? { displayName: member.displayName, ...(member.locale ? { locale: member.locale } : {}) } : undefined);
  }

  /** `/textbank import` with no file: the newest CSV this member shared in the channel lately. */
  async function sharedCsv(cmd: SlashCommand): Promise<Attachment[]> {
    if (!startsWith(cmd.text, IMPORT_WORDS)) return [];
    const since = Math.floor((deps.clock.now().getTime() - (deps.sharedCsvWindowMs ?? 15 * 60_000)) / 1000);
    const lookup = api.recentCsvFiles(cmd.channel_id, cmd.user_id, since).then(
      ([file]) => (file ? [{ name: file.name, url: file.url, ...(file.size !== undefined ? { size: file.size } : {}) }] : []),
      (err: unknown) => {
        log.warn({ err: String(err) }, 'slack: files.list failed; the import opens a form instead');
        return [];
      },
    );
    // The form (views.open) needs the trigger_id within 3 s: a slow files.list opens the form.
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<'late'>((resolve) => {
      timer = setTimeout(() => resolve('late'), deps.sharedCsvWaitMs ?? 1_000);
    });
    const found = await Promise.race([lookup, late]);
    clearTimeout(timer);
    if (found !== 'late') return found;
    log.warn({}, 'slack: files.list too slow; the import opens a form instead');
    return [];
  }

  /** A member typed in the DM with Textbank outside any voter's thread: say so, at most once a minute. */
  async function hintOutsideThread(teamId: string, userId: string, channel: string, threadTs: string | undefined): Promise<void> {
    if (!hinted.addIfAbsent(`${teamId}:${userId}`, true)) return;
    const t = tFor(await actorNow({ teamId, userId }));
    const text = `${t('chat:outside_thread.nothing_sent')} ${t('chat:outside_thread.how')}`;
    const message = renderView({ text, blocks: [{ type: 'section', text }] }, t);
    try {
      await api.postEphemeral(channel, userId, message, threadTs);
    } catch (err) {
      log.warn({ err: String(err) }, 'slack: chat.postEphemeral failed in the DM; posting the hint as a message');
      await api.postMessage(channel, message, threadTs).catch((e: unknown) => log.warn({ err: String(e) }, 'slack: the DM hint could not be posted'));
    }
  }

  return {
    async command(raw, ack) {
      await ack();
      const parsed = SlashCommand.safeParse(raw);
      if (!parsed.success) return log.warn({ issues: parsed.error.issues.length }, 'slack: unreadable slash command');
      const cmd = parsed.data;
      if (!firstSeen(`cmd:${cmd.trigger_id}`)) return;
      const input: ActorInput = { teamId: cmd.team_id, userId: cmd.user_id, ...(cmd.user_name ? { fallbackName: cmd.user_name } : {}), ...(cmd.team_domain ? { teamDomain: cmd.team_domain } : {}) };
      const actor = startsWith(fromSlackCommandText(cmd.text), PLATFORM_IDENTITY_WORDS) ? await identity.actorFor(input) : await actorNow(input);
      const attachments = await sharedCsv(cmd);
      const interim = createInterim({ gateway: deps.gateway, userId: cmd.user_id, log });
      await run(
        { kind: 'command', actor, channelId: cmd.channel_id, interactionId: cmd.trigger_id, text: fromSlackCommandText(cmd.text).trim(), ...(attachments.length ? { attachments } : {}), interim: interim.show },
        { teamId: cmd.team_id, userId: cmd.user_id, t: tFor(actor), channelId: cmd.channel_id, triggerId: cmd.trigger_id, interim, ...(cmd.response_url ? { responseUrl: cmd.response_url } : {}) },
      );
      identity.warm(cmd.user_id);
    },

    async action(raw, ack, verified) {
      await ack();
      const parsed = BlockActions.safeParse(raw);
      if (!parsed.success) return log.warn({ issues: parsed.error.issues.length }, 'slack: unreadable block_actions');
      const p = parsed.data;
      const action = p.actions[0];
      const teamId = teamOf(p);
      if (!action || !teamId || p.container.type === 'view') return;
      const messageTs = p.container.message_ts ?? p.message?.ts;
      // R5.2b: one press, one key; Slack's re-deliveries carry the same three values.
      const key = `${p.user.id}+${action.action_ts}+${messageTs ?? ''}`;
      if (!firstSeen(`act:${key}`)) return;
      const channelId = p.container.channel_id ?? p.channel?.id;
      const threadTs = p.container.thread_ts ?? p.message?.thread_ts;
      const value = action.value ?? action.selected_option?.value;
      // Acked already, and no button opens a modal: Slack's word on name and language is worth the wait.
      await pressWork(async () => {
        const actor = await identity.actorFor({ teamId, userId: p.user.id, ...(p.user.username ?? p.user.name ? { fallbackName: p.user.username ?? p.user.name } : {}), ...(p.team?.domain ? { teamDomain: p.team.domain } : {}) });
        await run(
          {
            kind: 'action',
            actor,
            actionId: actionIdOf(action.action_id),
            ...(value !== undefined ? { value } : {}),
            ...(channelId ? { channelId } : {}),
            ...(channelId && messageTs ? { message: { platform: 'slack' as const, channelId, messageId: messageTs, ...(threadTs ? { threadId: threadTs } : {}) } } : {}),
            interactionId: key,
            platformTs: action.action_ts,
            signatureVerified: verified,
          },
          {
            teamId,
            userId: p.user.id,
            t: tFor(actor),
            ...(channelId ? { channelId } : {}),
            ...(threadTs ? { threadTs } : {}),
            ...(p.response_url ? { responseUrl: p.response_url } : {}),
            ...(p.trigger_id ? { triggerId: p.trigger_id } : {}),
            ...(channelId && messageTs ? { pressed: { channelId, ts: messageTs, ephemeral: p.container.is_ephemeral === true } } : {}),
          },
        );
      });
    },

    async view(raw, ack) {
      const started = Date.now();
      let acked = false;
      const ackOnce = async (response?: unknown): Promise<void> => {
        if (acked) return;
        acked = true;
        await ack(response);
      };
      const parsed = ViewSubmission.safeParse(raw);
      const teamId = parsed.success ? teamOf(parsed.data, parsed.data.view.team_id) : undefined;
      if (!parsed.success || !teamId) {
        await ackOnce();
        return log.warn({}, 'slack: unreadable view_submission');
      }
      const p = parsed.data;
      const interactionId = p.trigger_id ?? `${p.view.id}:${p.view.hash ?? ''}`;
      if (!firstSeen(`view:${interactionId}`)) return ackOnce();
      const meta = decodeModalMeta(p.view.private_metadata);
      const { values, files } = submittedValues(p.view.state);
      const fileInputs = Object.entries(files).filter(([, ids]) => ids.length > 0);
      // A file's URL needs files.info: nothing in such a form can be refused without a remote call.
      if (fileInputs.length > 0) await ackOnce();
      const actor = await actorNow({ teamId, userId: p.user.id, ...(p.user.username ?? p.user.name ? { fallbackName: p.user.username ?? p.user.name } : {}) });
      const t = tFor(actor);
      const attachments: Attachment[] = [];
      for (const [inputId, ids] of fileInputs) {
        for (const id of ids.slice(0, 1)) {
          const file = await api.fileInfo(id).catch((err: unknown) => void log.warn({ err: String(err) }, 'slack: files.info failed'));
          if (!file) continue;
          attachments.push({ name: file.name, url: file.url, ...(file.size !== undefined ? { size: file.size } : {}) });
          values[inputId] = file.url;
        }
      }
      const interim = createInterim({ gateway: deps.gateway, userId: p.user.id, log });
      const inv: Invocation = {
        kind: 'modal',
        actor,
        modalId: p.view.callback_id,
        ...(meta.v !== undefined ? { privateValue: meta.v } : {}),
        values,
        ...(attachments.length ? { attachments } : {}),
        interactionId,
        ...(meta.c ? { channelId: meta.c } : {}),
        interim: interim.show,
      };
      const target: ReplyTarget = { teamId, userId: p.user.id, t, interim, ...(meta.c ? { channelId: meta.c } : {}) };
      // The handler validates the fields first; its first Slack call (if any) acks the modal empty.
      const work = api.ackBeforeCalls(() => ackOnce(), () => handle(inv));
      const remaining = acked ? 0 : modalAckMs - (Date.now() - started);
      let timer: NodeJS.Timeout | undefined;
      const early =
        remaining > 0
          ? await Promise.race([work, new Promise<null>((r) => {
              timer = setTimeout(() => r(null), remaining);
            })])
          : null;
      clearTimeout(timer);
      if (early === null || acked) {
        // Too slow, or it already called Slack: the modal is closed; the results arrive as messages.
        await ackOnce();
        await deliverReplies(replyDeps, target, early ?? (await work));
        identity.warm(p.user.id);
        return;
      }
      const errors = Object.assign({}, ...early.flatMap((r) => (r.kind === 'modalErrors' ? [r.errors] : []))) as Record<string, string>;
      const next = early.find((r) => r.kind === 'modal');
      if (Object.keys(errors).length > 0) await ackOnce({ response_action: 'errors', errors });
      else if (next?.kind === 'modal') await ackOnce({ response_action: 'update', view: renderModal(next.modal, { t, ...(meta.c ? { channelId: meta.c } : {}) }) });
      else await ackOnce();
      await deliverReplies(replyDeps, target, early.filter((r) => r.kind !== 'modalErrors' && r.kind !== 'modal'));
      identity.warm(p.user.id);
    },

    async message(rawEnvelope, verified) {
      const env = EventEnvelope.safeParse(rawEnvelope);
      const ev = env.success ? MessageEvent.safeParse(env.data.event) : undefined;
      if (!env.success || !ev?.success) return;
      const e = ev.data;
      // People typing only: no bot posts (ours or others'), edits, deletions or other subtypes.
      if ((e.subtype && e.subtype !== 'thread_broadcast') || e.bot_id || !e.user || e.edited) return;
      if (e.user === api.knownAuth()?.userId) return;
      if (!firstSeen(`evt:${env.data.event_id}`)) return;
      const inThread = e.thread_ts !== undefined && e.thread_ts !== e.ts;
      const conversation = inThread && e.thread_ts ? await deps.store.conversations.findByThread('slack', e.channel, e.thread_ts) : null;
      if (!conversation || !e.thread_ts) {
        // In a channel, people talk to each other; only the DM with Textbank is talking to us.
        const isDm = e.channel_type === 'im' || (e.channel_type === undefined && e.channel.startsWith('D'));
        if (isDm) await hintOutsideThread(env.data.team_id, e.user, e.channel, inThread ? e.thread_ts : undefined);
        return;
      }
      const actor = await identity.actorFor({ teamId: env.data.team_id, userId: e.user });
      await run(
        { kind: 'thread_message', actor, channelId: e.channel, threadId: e.thread_ts, text: fromSlackText(e.text), interactionId: env.data.event_id, platformTs: e.ts, signatureVerified: verified },
        { teamId: env.data.team_id, userId: e.user, t: tFor(actor), channelId: e.channel, threadTs: e.thread_ts },
      );
    },
  };
}
