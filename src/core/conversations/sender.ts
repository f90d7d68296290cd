// The org's SMS sender identity (R4.5: send with the Messaging Service when there is one).
import type { Org } from '../model/org.js';

export interface Sender {
  messagingServiceSid?: string;
  from?: string;
  /** What we store on messages/conversations for inbound routing. */
  orgNumber?: string;
}

export function senderOf(org: Org): Sender {
  const messagingServiceSid = org.sms.messagingServiceSid;
  if (messagingServiceSid) return { messagingServiceSid, orgNumber: messagingServiceSid };
  const from = org.sms.numbers[0];
  return from ? { from, orgNumber: from } : {};
}
