// The R5.3 audit row of one human press that queued an outbound text: who pressed where, the
// interaction, the contact, the script and final body, segments and sender. Append-only.
import type { Contact } from '../model/contact.js';
import type { Member } from '../model/org.js';
import type { Message } from '../model/message.js';
import type { NewAuditEvent } from '../model/audit.js';
import { scriptHash } from '../campaigns/engine-deps.js';
import type { PressContext } from './send-service.js';

export interface PressAuditInput {
  orgId: string;
  now: Date;
  actor: Pick<Member, 'id' | 'displayName'>;
  message: Pick<Message, 'id' | 'body' | 'segments' | 'encoding' | 'kind'>;
  press: PressContext | undefined;
  interactionId: string | undefined;
  contact: Pick<Contact, 'id' | 'phone'>;
  campaignId: string;
  /** The template as written (its hash is kept), and whether the volunteer typed the text. */
  template: string;
  edited: boolean;
  sender: { messagingServiceSid?: string; from?: string };
  validityPeriod: number;
  /** Ids that locate the press: the claim (initial texts) or the conversation (replies). */
  where: { claimId: string } | { conversationId: string };
}

export function pressAuditEvent(p: PressAuditInput): NewAuditEvent {
  return {
    orgId: p.orgId,
    at: p.now,
    actor: { type: 'member', id: p.actor.id, name: p.actor.displayName },
    action: 'message.pressed',
    subject: { type: 'message', id: p.message.id },
    data: {
      platform: p.press?.platform ?? null,
      workspaceId: p.press?.workspaceId ?? null,
      channelId: p.press?.channelId ?? null,
      platformUserId: p.press?.platformUserId ?? null,
      displayName: p.actor.displayName,
      volunteerId: p.actor.id,
      interactionId: p.interactionId ?? null,
      platformTs: p.press?.platformTs ?? null,
      receivedAt: (p.press?.receivedAt ?? p.now).toISOString(),
      signatureVerified: p.press?.signatureVerified ?? false,
      contactId: p.contact.id,
      phone: p.contact.phone,
      campaignId: p.campaignId,
      ...p.where,
      scriptHash: scriptHash(p.template),
      body: p.message.body,
      edited: p.edited,
      kind: p.message.kind,
      segments: p.message.segments,
      encoding: p.message.encoding,
      messagingServiceSid: p.sender.messagingServiceSid ?? null,
      from: p.sender.from ?? null,
      validityPeriod: p.validityPeriod,
    },
  };
}
