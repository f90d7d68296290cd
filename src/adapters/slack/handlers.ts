/**
 * Slack payload -> one neutral Invocation for the commands' dispatcher -> Replies delivered
 * back (replies.ts). Every handler acks first (Slack's 3-second limit; view submissions wait
 * up to `modalAckMs` for field errors), then does the work. Idempotency keys (R5.2b): trigger_id
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
import type { SlackIdentity } from './identity.js';
import { createInterim } from './interim.js';
import type { SlackLog } from './log.js';
import { fromSlackCommandText, fromSlackText } from './mrkdwn.js';
import { decodeModalMeta, renderModal, submittedValues } from './modal.js';
import { BlockActions, EventEnvelope, MessageEvent, SlashCommand, ViewSubmission, teamOf } from './payloads.js';
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
}

export interface SlackHandlers {
  command(raw: unknown, ack: Ack, verified: boolean): Promise<void>;
  action(raw: unknown, ack: Ack, verified: boolean): Promise<void>;
  view(raw: unknown, ack: Ack, verified: boolean): Promise<void>;
  /** Events are acked by Bolt before this runs. */
  message(envelope: unknown, verified: boolean): Promise<void>;
}

const IMPORT_WORDS = [['import'], ['optout', 'import']];

export function createSlackHandlers(deps: SlackHandlerDeps): SlackHandlers {
  const { api, identity, log } = deps;
  const seen = new TtlCache<string, true>({ max: 10_000, ttlMs: 60 * 60_000, clock: deps.clock });
  const modalAckMs = deps.modalAckMs ?? 2_500;

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

  /** `/textbank import` with no file: the newest CSV this member shared in the channel lately. */
  async function sharedCsv(cmd: SlashCommand): Promise<Attachment[]> {
    const words = cmd.text.trim().toLowerCase().split(/\s+/);
    if (!IMPORT_WORDS.some((w) => w.every((x, i) => words[i] === x))) return [];
    const since = Math.floor((deps.clock.now().getTime() - (deps.sharedCsvWindowMs ?? 15 * 60_000)) / 1000);
    try {
      const [file] = await api.recentCsvFiles(cmd.channel_id, cmd.user_id, since);
      return file ? [{ name: file.name, url: file.url, ...(file.size !== undefined ? { size: file.size } : {}) }] : [];
    } catch (err) {
      log.warn({ err: String(err) }, 'slack: files.list failed; the import opens a form instead');
      return [];
    }
  }

  return {
    async command(raw, ack) {
      await ack();
      const parsed = SlashCommand.safeParse(raw);
      if (!parsed.success) return log.warn({ issues: parsed.error.issues.length }, 'slack: unreadable slash command');
      const cmd = parsed.data;
      if (!firstSeen(`cmd:${cmd.trigger_id}`)) return;
      const actor = await identity.actorFor({ teamId: cmd.team_id, userId: cmd.user_id, ...(cmd.user_name ? { fallbackName: cmd.user_name } : {}), ...(cmd.team_domain ? { teamDomain: cmd.team_domain } : {}) });
      const attachments = await sharedCsv(cmd);
      const interim = createInterim({ gateway: deps.gateway, userId: cmd.user_id, log });
      await run(
        { kind: 'command', actor, channelId: cmd.channel_id, interactionId: cmd.trigger_id, text: fromSlackCommandText(cmd.text).trim(), ...(attachments.length ? { attachments } : {}), interim: interim.show },
        { teamId: cmd.team_id, userId: cmd.user_id, t: tFor(actor), channelId: cmd.channel_id, triggerId: cmd.trigger_id, interim, ...(cmd.response_url ? { responseUrl: cmd.response_url } : {}) },
      );
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
    },

    async view(raw, ack) {
      const started = Date.now();
      const parsed = ViewSubmission.safeParse(raw);
      const teamId = parsed.success ? teamOf(parsed.data, parsed.data.view.team_id) : undefined;
      if (!parsed.success || !teamId) {
        await ack();
        return log.warn({}, 'slack: unreadable view_submission');
      }
      const p = parsed.data;
      const interactionId = p.trigger_id ?? `${p.view.id}:${p.view.hash ?? ''}`;
      if (!firstSeen(`view:${interactionId}`)) return ack();
      const meta = decodeModalMeta(p.view.private_metadata);
      const actor = await identity.actorFor({ teamId, userId: p.user.id, ...(p.user.username ?? p.user.name ? { fallbackName: p.user.username ?? p.user.name } : {}) });
      const t = tFor(actor);
      const { values, files } = submittedValues(p.view.state);
      const attachments: Attachment[] = [];
      for (const [inputId, ids] of Object.entries(files)) {
        for (const id of ids.slice(0, 1)) {
          const file = await api.fileInfo(id).catch((err: unknown) => void log.warn({ err: String(err) }, 'slack: files.info failed'));
          if (!file) continue;
          attachments.push({ name: file.name, url: file.url, ...(file.size !== undefined ? { size: file.size } : {}) });
          values[inputId] = file.url;
        }
      }
      const interim = createInterim({ gateway: deps.gateway, userId: p.user.id, log });
      const work = handle({
        kind: 'modal',
        actor,
        modalId: p.view.callback_id,
        ...(meta.v !== undefined ? { privateValue: meta.v } : {}),
        values,
        ...(attachments.length ? { attachments } : {}),
        interactionId,
        ...(meta.c ? { channelId: meta.c } : {}),
        interim: interim.show,
      });
      const target: ReplyTarget = { teamId, userId: p.user.id, t, interim, ...(meta.c ? { channelId: meta.c } : {}) };
      const remaining = modalAckMs - (Date.now() - started);
      const early = remaining > 0 ? await Promise.race([work, new Promise<null>((r) => setTimeout(() => r(null), remaining).unref())]) : null;
      if (early === null) {
        // Too slow to answer inside the modal: close it; the results arrive as messages.
        await ack();
        return deliverReplies(replyDeps, target, await work);
      }
      const errors = Object.assign({}, ...early.flatMap((r) => (r.kind === 'modalErrors' ? [r.errors] : []))) as Record<string, string>;
      const next = early.find((r) => r.kind === 'modal');
      if (Object.keys(errors).length > 0) await ack({ response_action: 'errors', errors });
      else if (next?.kind === 'modal') await ack({ response_action: 'update', view: renderModal(next.modal, { t, ...(meta.c ? { channelId: meta.c } : {}) }) });
      else await ack();
      await deliverReplies(replyDeps, target, early.filter((r) => r.kind !== 'modalErrors' && r.kind !== 'modal'));
    },

    async message(rawEnvelope, verified) {
      const env = EventEnvelope.safeParse(rawEnvelope);
      const ev = env.success ? MessageEvent.safeParse(env.data.event) : undefined;
      if (!env.success || !ev?.success) return;
      const e = ev.data;
      // People typing in a thread only: no bot posts, edits, deletions or other subtypes.
      if ((e.subtype && e.subtype !== 'thread_broadcast') || e.bot_id || !e.user || e.edited) return;
      if (!e.thread_ts || e.thread_ts === e.ts) return;
      if (!firstSeen(`evt:${env.data.event_id}`)) return;
      const conversation = await deps.store.conversations.findByThread('slack', e.channel, e.thread_ts);
      if (!conversation) return;
      const actor = await identity.actorFor({ teamId: env.data.team_id, userId: e.user });
      await run(
        { kind: 'thread_message', actor, channelId: e.channel, threadId: e.thread_ts, text: fromSlackText(e.text), interactionId: env.data.event_id, platformTs: e.ts, signatureVerified: verified },
        { teamId: env.data.team_id, userId: e.user, t: tFor(actor), channelId: e.channel, threadTs: e.thread_ts },
      );
    },
  };
}
