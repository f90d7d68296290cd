/**
 * The two replies that name a target by store id (`thread`: a conversation, `dm`: a member),
 * delivered into the sandbox chat by looking the target up in the store. The app passes these
 * as the plugin's `postToConversation` / `dmMember` hooks.
 */
import type { Store } from '../../core/ports.js';
import type { View } from '../../core/views/view.js';
import type { SandboxChat } from './sandbox-chat.js';

export interface SandboxDelivery {
  postToConversation(conversationId: string, view: View): Promise<void>;
  dmMember(memberId: string, view: View): Promise<void>;
}

export function createSandboxDelivery(deps: { store: Store; chat: SandboxChat; orgExternalId: string; log?: { warn(obj: object, msg: string): void } }): SandboxDelivery {
  const { store, chat } = deps;
  const org = () => store.orgs.findByExternal('sandbox', deps.orgExternalId);
  return {
    async postToConversation(conversationId, view) {
      const o = await org();
      const conversation = o ? await store.conversations.get(o.id, conversationId) : null;
      const ref = conversation ? [...conversation.threads].reverse().find((r) => r.platform === 'sandbox') : undefined;
      if (!ref) {
        deps.log?.warn({ conversationId }, 'sandbox: no thread for this conversation yet; reply not shown');
        return;
      }
      await chat.postInThread(ref, view);
    },
    async dmMember(memberId, view) {
      const o = await org();
      const member = o ? await store.members.get(o.id, memberId) : null;
      if (!member) {
        deps.log?.warn({ memberId }, 'sandbox: dm to an unknown member dropped');
        return;
      }
      await chat.dm(member.platformUserId, view);
    },
  };
}
