/**
 * ChatGateway over the Slack Web API, used by the notifier and the commands (campaign post,
 * threads). Refs map as: ChatRef.channelId = channel id, messageId = message ts, threadId =
 * thread_ts. A DM is conversations.open + chat.postMessage; a thread is a root message whose ts
 * becomes the thread_ts of every later message; files go to the member's DM through
 * files.getUploadURLExternal + upload + files.completeUploadExternal.
 */
import type { ChatRef } from '../../core/model/common.js';
import type { ChatGateway } from '../../core/ports.js';
import type { View } from '../../core/views/view.js';
import type { Translate } from '../../commands/framework/definition.js';
import type { SlackApi, UploadInput } from './api.js';
import type { SlackIdentity } from './identity.js';
import { renderView } from './render.js';

export interface SlackGateway extends ChatGateway {
  readonly platform: 'slack';
  /** Uploads a file into the member's DM, with an optional mrkdwn comment. */
  uploadFile(platformUserId: string, file: UploadInput, comment?: string): Promise<void>;
}

export function createSlackGateway(deps: { api: SlackApi; identity: SlackIdentity; t: Translate }): SlackGateway {
  const { api, t } = deps;
  const render = (view: View) => renderView(view, t);
  return {
    platform: 'slack',
    async post(channelId, view) {
      const r = await api.postMessage(channelId, render(view));
      return { platform: 'slack', channelId: r.channel, messageId: r.ts };
    },
    async update(ref, view) {
      if (!ref.messageId) throw new Error('slack: a message ref without a ts cannot be updated');
      await api.update(ref.channelId, ref.messageId, render(view));
    },
    async startThread(channelId, root) {
      const r = await api.postMessage(channelId, render(root));
      return { platform: 'slack', channelId: r.channel, messageId: r.ts, threadId: r.ts };
    },
    async postInThread(ref: ChatRef, view) {
      const threadTs = ref.threadId ?? ref.messageId;
      if (!threadTs) throw new Error('slack: a thread ref needs a thread_ts');
      const r = await api.postMessage(ref.channelId, render(view), threadTs);
      return { platform: 'slack', channelId: r.channel, messageId: r.ts, threadId: threadTs };
    },
    async dm(platformUserId, view) {
      const channel = await api.openDm(platformUserId);
      const r = await api.postMessage(channel, render(view));
      return { platform: 'slack', channelId: r.channel, messageId: r.ts };
    },
    async uploadFile(platformUserId, file, comment) {
      const channel = await api.openDm(platformUserId);
      await api.uploadFile(channel, file, comment);
    },
    memberLocale: (platformUserId) => deps.identity.localeOf(platformUserId),
    memberName: (platformUserId) => deps.identity.nameOf(platformUserId),
  };
}
