// The JSON body a webhook receives. Stable field order, ISO timestamps, the org's own ids.
import type { DomainEvent } from '../ports.js';

export interface WebhookBody {
  id: string;
  type: string;
  /** When it happened (ISO 8601). */
  timestamp: string;
  org: string;
  campaign?: string;
  contact?: string;
  data: DomainEvent['data'];
}

export function webhookBody(event: Pick<DomainEvent, 'id' | 'type' | 'orgId' | 'at' | 'campaignId' | 'contactId' | 'data'> | (Omit<DomainEvent, 'type'> & { type: 'ping' })): string {
  const body: WebhookBody = {
    id: event.id,
    type: event.type,
    timestamp: event.at.toISOString(),
    org: event.orgId,
    ...(event.campaignId ? { campaign: event.campaignId } : {}),
    ...(event.contactId ? { contact: event.contactId } : {}),
    data: event.data,
  };
  return JSON.stringify(body);
}
