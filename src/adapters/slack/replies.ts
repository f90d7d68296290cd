/**
 * Where each Reply of one Slack interaction goes (DESIGN: Neutral views):
 * - ephemeral: replaces the interim message if one is showing; else the response_url
 *   (ephemeral), else chat.postEphemeral where they acted, else a DM.
 * - update: the pressed message: chat.update, or response_url `replace_original` when it is
 *   ephemeral (Slack edits ephemeral messages only that way). The card updates in place.
 * - modal: views.open with the interaction's trigger_id.
 * - channel: chat.postMessage; thread: the conversation's stored Slack thread; dm: the member's
 *   DM; file: uploaded into the actor's DM, with a note where they acted.
 * - modalErrors after the modal was acked (too late to show in it): an ephemeral list.
 * A failed reply is logged and the next one still goes out.
 */
import type { Reply, View } from '../../core/views/view.js';
import type { Store } from '../../core/ports.js';
import type { Translate } from '../../commands/framework/definition.js';
import type { SlackApi } from './api.js';
import type { SlackGateway } from './gateway.js';
import type { InterimMessage } from './interim.js';
import type { SlackLog } from './log.js';
import { renderModal } from './modal.js';
import { renderView, viewAsMrkdwn } from './render.js';

export interface ReplyTarget {
  teamId: string;
  userId: string;
  /** In the actor's language. */
  t: Translate;
  channelId?: string;
  threadTs?: string;
  responseUrl?: string;
  triggerId?: string;
  /** The message whose button was pressed. */
  pressed?: { channelId: string; ts: string; ephemeral: boolean };
  interim?: InterimMessage;
}

export interface ReplyDeps {
  api: SlackApi;
  gateway: SlackGateway;
  store: Store;
  log: SlackLog;
}

const notice = (text: string): View => ({ text, blocks: [{ type: 'section', text }] });

export async function deliverReplies(deps: ReplyDeps, target: ReplyTarget, replies: readonly Reply[]): Promise<void> {
  const { api, gateway, store, log } = deps;
  const { t } = target;
  let interim = target.interim;

  async function ephemeral(view: View): Promise<void> {
    if (interim) {
      const replaced = await interim.replaceWith(view);
      interim = undefined;
      if (replaced) return;
    }
    const message = renderView(view, t);
    if (target.responseUrl) {
      try {
        await api.respond(target.responseUrl, { response_type: 'ephemeral', replace_original: false, text: message.text, blocks: message.blocks });
        return;
      } catch (err) {
        log.warn({ err: String(err) }, 'slack: response_url failed; trying chat.postEphemeral');
      }
    }
    if (target.channelId) {
      try {
        await api.postEphemeral(target.channelId, target.userId, message, target.threadTs);
        return;
      } catch (err) {
        log.warn({ err: String(err) }, 'slack: chat.postEphemeral failed; sending a DM');
      }
    }
    await gateway.dm(target.userId, view);
  }

  async function update(view: View): Promise<void> {
    const pressed = target.pressed;
    const responseUrl = target.responseUrl;
    if (!pressed || (pressed.ephemeral && !responseUrl)) return ephemeral(view);
    const message = renderView(view, t);
    try {
      if (pressed.ephemeral && responseUrl) await api.respond(responseUrl, { replace_original: true, text: message.text, blocks: message.blocks });
      else await api.update(pressed.channelId, pressed.ts, message);
    } catch (err) {
      // Rate limited past its retries, the response_url used up (5 uses) or expired, or the
      // message gone: the next card still reaches the presser, as a fresh ephemeral message.
      log.warn({ err: String(err) }, 'slack: updating the pressed message failed; posting it as a new ephemeral card');
      await ephemeralFresh(view);
    }
  }

  /** An ephemeral card without the response_url (it just failed): chat.postEphemeral, else a DM. */
  async function ephemeralFresh(view: View): Promise<void> {
    if (target.channelId) {
      try {
        await api.postEphemeral(target.channelId, target.userId, renderView(view, t), target.threadTs);
        return;
      } catch (err) {
        log.warn({ err: String(err) }, 'slack: chat.postEphemeral failed; sending a DM');
      }
    }
    await gateway.dm(target.userId, view);
  }

  async function org() {
    return store.orgs.findByExternal('slack', target.teamId);
  }

  async function one(reply: Reply): Promise<void> {
    switch (reply.kind) {
      case 'ephemeral':
        return ephemeral(reply.view);
      case 'update':
        return update(reply.view);
      case 'channel': {
        const channel = reply.channelId ?? target.channelId;
        if (!channel) return ephemeral(reply.view);
        await api.postMessage(channel, renderView(reply.view, t));
        return;
      }
      case 'modal':
        if (!target.triggerId) return log.warn({ modal: reply.modal.id }, 'slack: a modal reply without a trigger_id was dropped');
        return api.openView(target.triggerId, renderModal(reply.modal, { t, ...(target.channelId ? { channelId: target.channelId } : {}) }));
      case 'modalErrors': {
        const problems = Object.values(reply.errors).join(' ');
        return ephemeral(notice(`⚠️ ${t('slack:errors.form_closed', { problems })}`));
      }
      case 'thread': {
        const o = await org();
        const conversation = o ? await store.conversations.get(o.id, reply.conversationId) : null;
        const ref = conversation ? [...conversation.threads].reverse().find((r) => r.platform === 'slack') : undefined;
        if (!ref) return ephemeral(reply.view);
        await gateway.postInThread(ref, reply.view);
        return;
      }
      case 'dm': {
        const o = await org();
        const member = o ? await store.members.get(o.id, reply.memberId) : null;
        if (!member) return log.warn({ memberId: reply.memberId }, 'slack: a dm reply for an unknown member was dropped');
        await gateway.dm(member.platformUserId, reply.view);
        return;
      }
      case 'file':
        try {
          await gateway.uploadFile(target.userId, reply.file, viewAsMrkdwn(reply.view));
        } catch (err) {
          log.warn({ err: String(err) }, 'slack: file upload failed');
          return ephemeral(notice(`⚠️ ${t('slack:files.upload_failed', { file: reply.file.name })}`));
        }
        return ephemeral(notice(t('slack:files.sent_to_dm', { file: reply.file.name })));
      case 'none':
        return;
    }
  }

  for (const reply of replies) {
    try {
      await one(reply);
    } catch (err) {
      log.error({ err: String(err), kind: reply.kind }, 'slack: a reply could not be delivered');
    }
  }
  // An interim message nobody replaced (no ephemeral reply) stays as the last progress shown.
}
