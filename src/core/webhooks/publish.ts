// How the engine tells what happened (outgoing webhooks). Event ids are derived from what
// happened, so a retried job or a repeated press publishes the same id and receivers (and the
// outbox) dedupe. A failed publish is logged and never fails the caller: the text, the answer or
// the opt-out is already stored, and that is what matters.
import type { DomainEvent, DomainEventSink } from '../ports.js';

export interface PublishDeps {
  readonly events?: DomainEventSink;
  readonly log: { warn(obj: object, msg: string): void };
}

export async function publishEvent(deps: PublishDeps, event: DomainEvent): Promise<void> {
  if (!deps.events) return;
  try {
    await deps.events.publish(event);
  } catch (err) {
    deps.log.warn({ err, eventId: event.id, type: event.type }, 'publishing a domain event failed; webhooks will not get it');
  }
}

/** Stable event ids (one per thing that happened). */
export const eventId = {
  surveyAnswered: (contactId: string, questionId: string, answerId: string) => `survey.answered:${contactId}:${questionId}:${answerId}`,
  tagAdded: (contactId: string, tagId: string) => `tag.added:${contactId}:${tagId}`,
  optOutRecorded: (optOutId: string) => `opt_out.recorded:${optOutId}`,
  optOutLifted: (optOutId: string) => `opt_out.lifted:${optOutId}`,
  textDelivered: (messageId: string) => `text.delivered:${messageId}`,
  textFailed: (messageId: string) => `text.failed:${messageId}`,
  conversationClosed: (conversationId: string, at: Date) => `conversation.closed:${conversationId}:${at.getTime()}`,
};
