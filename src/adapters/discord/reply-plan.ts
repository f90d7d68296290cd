/**
 * Where each Reply of a command goes on Discord (pure; the responder runs the steps):
 * - the first answer is the interaction callback: 7 UPDATE_MESSAGE for an `update` of the pressed
 *   card (it changes in place), 4 with the ephemeral flag (64) for `ephemeral`, 9 for a `modal`,
 *   4 public for a command's `channel` reply to its own channel;
 * - after a deferral (5 for commands and modals, 6 for buttons) the first answer edits @original;
 * - later answers are follow-ups (ephemeral) or bot posts (`channel`), and `thread`/`dm`/`file`
 *   go through the ChatGateway (conversation thread, member DM, file in the actor's DM);
 * - Discord cannot show field errors in a modal: `modalErrors` become an ephemeral list.
 * With nothing else to say, a button press is acknowledged with 6 and a command with "Done".
 */
import type { Modal, Reply, View } from '../../core/views/view.js';
import type { Translate } from '../../commands/framework/definition.js';
import type { InteractionResponse, OutgoingMessage } from './api.js';
import { FLAG } from './payloads.js';
import { noticeMessage, renderMessage, type RenderOptions } from './render-message.js';
import { renderModal } from './render-modal.js';

export type Step =
  | { op: 'callback'; body: InteractionResponse }
  | { op: 'editOriginal'; body: OutgoingMessage }
  | { op: 'followUp'; body: OutgoingMessage }
  | { op: 'post'; channelId: string; view: View }
  | { op: 'thread'; conversationId: string; view: View }
  | { op: 'dm'; memberId: string; view: View }
  | { op: 'file'; file: { name: string; content: string | Buffer; title?: string } };

export interface PlanContext {
  type: 'command' | 'component' | 'modal';
  /** The interaction came from a message's component (buttons; modals opened by a button). */
  hasMessage: boolean;
  channelId?: string;
}

/** What was already answered: nothing, a deferral (5 or 6), or a full callback. */
export interface ResponseState {
  initial: 'none' | 'deferredMessage' | 'deferredUpdate' | 'answered';
  /** @original is the pressed message (after 6 or 7), so `update` edits it. */
  originalIsMessage: boolean;
  /** @original holds a final answer (not just "thinking..." or an interim progress view). */
  originalFilled: boolean;
}

export const FRESH: ResponseState = { initial: 'none', originalIsMessage: false, originalFilled: false };

const ephemeral = (body: OutgoingMessage): OutgoingMessage => ({ ...body, flags: FLAG.ephemeral });

export function planReplies(replies: readonly Reply[], ctx: PlanContext, start: ResponseState, t: Translate, render: RenderOptions = {}): { steps: Step[]; state: ResponseState } {
  const state: ResponseState = { ...start };
  const steps: Step[] = [];

  const say = (body: OutgoingMessage): void => {
    if (state.initial === 'none') {
      steps.push({ op: 'callback', body: { type: 4, data: ephemeral(body) } });
      state.initial = 'answered';
    } else if (state.initial === 'deferredMessage' && !state.originalFilled) {
      steps.push({ op: 'editOriginal', body });
      state.originalFilled = true;
    } else {
      steps.push({ op: 'followUp', body: ephemeral(body) });
    }
  };

  const update = (view: View): void => {
    const body = renderMessage(view, render);
    if (!ctx.hasMessage) return say(body);
    if (state.initial === 'none') {
      steps.push({ op: 'callback', body: { type: 7, data: body } });
      state.initial = 'answered';
      state.originalIsMessage = true;
      state.originalFilled = true;
    } else if (state.originalIsMessage) {
      steps.push({ op: 'editOriginal', body });
      state.originalFilled = true;
    } else {
      say(body);
    }
  };

  const modal = (m: Modal): void => {
    if (state.initial === 'none' && ctx.type !== 'modal') {
      steps.push({ op: 'callback', body: { type: 9, data: renderModal(m, render.warn) } });
      state.initial = 'answered';
    } else {
      say(noticeMessage(t('discord:modal_unavailable')));
    }
  };

  // The card update goes first so it can be the callback (type 7) and change in place.
  const ordered = [...replies.filter((r) => r.kind === 'update'), ...replies.filter((r) => r.kind !== 'update')];
  for (const reply of ordered) {
    switch (reply.kind) {
      case 'update':
        update(reply.view);
        break;
      case 'ephemeral':
        say(renderMessage(reply.view, render));
        break;
      case 'channel': {
        const target = reply.channelId ?? ctx.channelId;
        if (state.initial === 'none' && ctx.type === 'command' && target === ctx.channelId) {
          steps.push({ op: 'callback', body: { type: 4, data: renderMessage(reply.view, render) } });
          state.initial = 'answered';
        } else if (target) {
          steps.push({ op: 'post', channelId: target, view: reply.view });
        } else {
          say(renderMessage(reply.view, render));
        }
        break;
      }
      case 'modal':
        modal(reply.modal);
        break;
      case 'modalErrors': {
        const lines = Object.values(reply.errors).map((e) => `• ${e}`);
        say(noticeMessage([t('discord:modal_errors'), ...lines].join('\n')));
        break;
      }
      case 'thread':
        steps.push({ op: 'thread', conversationId: reply.conversationId, view: reply.view });
        break;
      case 'dm':
        steps.push({ op: 'dm', memberId: reply.memberId, view: reply.view });
        break;
      case 'file':
        steps.push({ op: 'file', file: reply.file });
        say(renderMessage(reply.view, render));
        break;
      case 'none':
        break;
    }
  }

  if (state.initial === 'none') {
    if (ctx.hasMessage) steps.push({ op: 'callback', body: { type: 6 } });
    else steps.push({ op: 'callback', body: { type: 4, data: ephemeral(noticeMessage(`✅ ${t('discord:done')}`)) } });
    state.initial = 'answered';
  } else if (state.initial === 'deferredMessage' && !state.originalFilled) {
    steps.push({ op: 'editOriginal', body: noticeMessage(`✅ ${t('discord:done')}`) });
    state.originalFilled = true;
  }
  return { steps, state };
}
