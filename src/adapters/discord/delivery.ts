/**
 * Replies that name their target by store id, delivered through the Discord ChatGateway:
 * `thread` -> the conversation's newest Discord thread, `dm` -> the member's DM, and `file` ->
 * the acting member's DM as an attachment (exports).
 */
import type { Store } from '../../core/ports.js';
import type { View } from '../../core/views/view.js';
import type { DiscordChat } from './chat-gateway.js';

export interface Delivery {
  toConversation(guildId: string, conversationId: string, view: View): Promise<boolean>;
  toMember(guildId: string, memberId: string, view: View): Promise<boolean>;
}

export function createDelivery(deps: { store: Store; chat: DiscordChat; warn?(obj: object, msg: string): void }): Delivery {
  const { store, chat } = deps;
  const orgOf = (guildId: string) => store.orgs.findByExternal('discord', guildId);
  return {
    async toConversation(guildId, conversationId, view) {
      const org = await orgOf(guildId);
      const conversation = org ? await store.conversations.get(org.id, conversationId) : null;
      const ref = conversation ? [...conversation.threads].reverse().find((r) => r.platform === 'discord') : undefined;
      if (!ref) {
        deps.warn?.({ conversationId }, 'discord: no thread for this conversation yet; reply not shown');
        return false;
      }
      await chat.postInThread(ref, view);
      return true;
    },
    async toMember(guildId, memberId, view) {
      const org = await orgOf(guildId);
      const member = org ? await store.members.get(org.id, memberId) : null;
      if (!member) {
        deps.warn?.({ memberId }, 'discord: dm to an unknown member dropped');
        return false;
      }
      await chat.dm(member.platformUserId, view);
      return true;
    },
  };
}
