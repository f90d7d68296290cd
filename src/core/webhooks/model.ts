// Outgoing webhooks: an org's endpoint subscribed to some event types, and the outbox of
// deliveries to it (DESIGN: lookups, CRM sync and webhooks are stored outbox records dispatched
// from the queue; the store is the source of truth, the queue only dispatches).
import { z } from 'zod';
import { DOMAIN_EVENT_TYPES, type DomainEvent, type DomainEventType } from '../ports.js';

/** How many webhooks one org may have (each event is delivered to each of them). */
export const MAX_WEBHOOKS_PER_ORG = 10;
/** A webhook failing for this long (every delivery, no success between) is disabled. */
export const DISABLE_AFTER_MS = 24 * 60 * 60_000;

export const DomainEventTypeSchema = z.enum(DOMAIN_EVENT_TYPES);

export interface Webhook {
  id: string;
  orgId: string;
  url: string;
  /** The event types it receives (at least one). */
  events: DomainEventType[];
  /** The signing secret, sealed with the SecretBox (never stored or logged in the clear). */
  secretSealed: string;
  enabled: boolean;
  createdBy: string;
  createdAt: Date;
  updatedAt: Date;
  /** Failures since the last success (cleared by a success). */
  failures: number;
  /** First failure since the last success: the start of the 24-hour rule. */
  firstFailureAt?: Date;
  lastFailureAt?: Date;
  /** Closed-set code of the last failure (`http_503`, `timeout`, `address_refused`...), never a body. */
  lastError?: string;
  lastSuccessAt?: Date;
  disabledAt?: Date;
  disabledReason?: 'failing';
}

export interface NewWebhook {
  url: string;
  events: DomainEventType[];
  secretSealed: string;
  createdBy: string;
}

/** The event as kept in the outbox (the publish-time DomainEvent, minus nothing). */
export type StoredEvent = DomainEvent;

/**
 * One event for one webhook. `lane` orders deliveries: a delivery is sent only when every
 * earlier delivery (`seq`) of the same (webhook, lane) was delivered. The lane is the contact
 * (or the phone of an opt-out with no contact, or the event itself when it is about neither).
 */
export interface WebhookDelivery {
  id: string;
  orgId: string;
  webhookId: string;
  eventId: string;
  lane: string;
  seq: number;
  event: StoredEvent;
  status: 'pending' | 'delivered';
  attempts: number;
  createdAt: Date;
  deliveredAt?: Date;
  lastError?: string;
}

/** Which deliveries must keep their order: those of one contact (or one phone). */
export function laneOf(event: DomainEvent): string {
  if (event.contactId) return `contact:${event.contactId}`;
  const phone = event.data.phone;
  if (typeof phone === 'string' && phone !== '') return `phone:${phone}`;
  return `event:${event.id}`;
}
