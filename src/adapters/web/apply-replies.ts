/**
 * Where each Reply of a command goes in the sandbox workspace (DESIGN: Neutral views):
 * ephemeral -> only the acting member, in the channel/thread they acted in; channel -> a post;
 * update -> replaces the message whose button was pressed; modal/modalErrors -> back to the
 * page; thread -> the conversation's thread; dm -> a member's DM; file -> only the acting member,
 * with the file attached (a PNG shows inline, its title as alt text).
 */
import type { Modal, Reply, View } from '../../core/views/view.js';
import { FILE_ROUTE, type FileLink } from './chat-types.js';
import type { SandboxChat } from './sandbox-chat.js';
import type { SandboxMember } from './roster.js';

/** Where the member acted: the channel, the thread (if any) and the message pressed (if any). */
export interface ReplyContext {
  chat: SandboxChat;
  memberId: string;
  channelId: string;
  threadId?: string;
  messageId?: string;
  /** An interim (progress) message shown during the request: the first ephemeral reply replaces it. */
  interimMessageId?: string;
  roster: readonly SandboxMember[];
}

export interface ReplyHooks {
  /** Posts into a conversation's thread (the app passes the notifier's delivery). */
  postToConversation?(conversationId: string, view: View): Promise<void>;
  /** DMs a member by store member id (the app maps it to the platform user). */
  dmMember?(memberId: string, view: View): Promise<void>;
  log?: { warn(obj: object, msg: string): void };
}

/** What the page must do itself after the replies are applied. */
export interface PageEffects {
  modal?: Modal;
  modalErrors?: Record<string, string>;
}

export async function applyReplies(ctx: ReplyContext, replies: readonly Reply[], hooks: ReplyHooks = {}): Promise<PageEffects> {
  const { chat, memberId, channelId, threadId } = ctx;
  const effects: PageEffects = {};
  let interim = ctx.interimMessageId;
  const ephemeral = async (view: View): Promise<void> => {
    if (interim) await chat.update({ platform: 'sandbox', channelId, messageId: interim }, view);
    else chat.postEphemeral(memberId, channelId, view, threadId);
    interim = undefined;
  };
  for (const reply of replies) {
    switch (reply.kind) {
      case 'ephemeral':
        await ephemeral(reply.view);
        break;
      case 'channel':
        await chat.post(reply.channelId ?? channelId, reply.view);
        break;
      case 'update':
        if (ctx.messageId) await chat.update({ platform: 'sandbox', channelId, messageId: ctx.messageId }, reply.view);
        else await ephemeral(reply.view);
        break;
      case 'modal':
        effects.modal = reply.modal;
        break;
      case 'modalErrors':
        effects.modalErrors = { ...effects.modalErrors, ...reply.errors };
        break;
      case 'thread':
        if (hooks.postToConversation) await hooks.postToConversation(reply.conversationId, reply.view);
        else if (threadId) await chat.postInThread({ platform: 'sandbox', channelId, threadId }, reply.view);
        else await ephemeral(reply.view);
        break;
      case 'dm':
        if (hooks.dmMember) await hooks.dmMember(reply.memberId, reply.view);
        else if (ctx.roster.some((m) => m.id === reply.memberId)) await chat.dm(reply.memberId, reply.view);
        else hooks.log?.warn({ memberId: reply.memberId }, 'sandbox: a dm reply for an unknown member was dropped');
        break;
      case 'file': {
        const stored = chat.putFile({ name: reply.file.name, content: reply.file.content });
        const link: FileLink = { name: stored.name, url: `${FILE_ROUTE}/${stored.id}` };
        if (stored.contentType === 'image/png') link.imageAlt = reply.file.title ?? reply.view.text;
        chat.postEphemeral(memberId, channelId, reply.view, threadId, [link]);
        break;
      }
      case 'none':
        break;
    }
  }
  return effects;
}
