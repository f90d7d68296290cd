// Tells an org's organizers (owners and organizers, each in a DM, in their language) that a
// webhook was turned off after 24 hours of failed deliveries. Registered with the
// `webhook.deliver` handler where the chat gateways are (src/app/wire-commands.ts).
import type { Lang, Platform } from '../core/model/common.js';
import type { ChatGateway, Store } from '../core/ports.js';
import type { Webhook } from '../core/webhooks/model.js';
import type { Translate } from './framework/definition.js';
import { langOf } from './support/threads.js';
import { webhookDisabledView } from './views/webhooks.js';

export interface WebhookNoticeDeps {
  store: Store;
  gateways: Partial<Record<Platform, ChatGateway>>;
  translator(lang: Lang): Translate;
  log: { warn(obj: object, msg: string): void };
}

/** Returns how many organizers were told. */
export function createWebhookDisabledNotifier(deps: WebhookNoticeDeps): (webhook: Webhook) => Promise<number> {
  return async (webhook) => {
    const org = await deps.store.orgs.get(webhook.orgId);
    if (!org) return 0;
    const gateway = deps.gateways[org.platform];
    if (!gateway) {
      deps.log.warn({ orgId: org.id, platform: org.platform }, 'a webhook was disabled but no chat gateway can tell the organizers');
      return 0;
    }
    const [owners, organizers] = await Promise.all([deps.store.members.list(org.id, 'owner'), deps.store.members.list(org.id, 'organizer')]);
    let told = 0;
    for (const m of [...owners, ...organizers]) {
      try {
        await gateway.dm(m.platformUserId, webhookDisabledView(deps.translator(langOf(m, org)), webhook));
        told += 1;
      } catch (err) {
        deps.log.warn({ err, orgId: org.id, memberId: m.id }, 'could not DM an organizer about a disabled webhook');
      }
    }
    return told;
  };
}
