// The org's SMS sender identity (R4.5: send with the Messaging Service when there is one).
import type { KeywordReplies, Org } from '../model/org.js';
import type { EngineConfig } from '../engine-config.js';

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

/**
 * Who answers STOP/HELP keywords for this org (R1.3, R1.6): its setting, else the deployment
 * default (`carrier` when Twilio Advanced Opt-Out is expected to reply, else `textbank`).
 */
export function keywordRepliesOf(org: Pick<Org, 'keywordReplies'>, config: Pick<EngineConfig, 'carrierHandlesKeywordReplies'>): KeywordReplies {
  return org.keywordReplies ?? (config.carrierHandlesKeywordReplies ? 'carrier' : 'textbank');
}
