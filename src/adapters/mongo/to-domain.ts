/**
 * Lean documents -> domain entities. Hot entities (contacts, messages, conversations, claims,
 * opt-outs, audit) are mapped field by field; orgs and campaigns, whose nested settings live
 * in Mixed paths, go through their zod models so defaults and shapes are enforced on read.
 */
import type { AuditEvent, Campaign, Claim, Contact, Conversation, Member, Message, OptOut, Org } from '../../core/model/index.js';
import { Campaign as CampaignModel, Org as OrgModel } from '../../core/model/index.js';
import type { OrgDoc, MemberDoc } from './schemas/org.js';
import type { CampaignDoc } from './schemas/campaign.js';
import type { ClaimDoc, ContactDoc } from './schemas/contact.js';
import type { ConversationDoc } from './schemas/conversation.js';
import type { MessageDoc } from './schemas/message.js';
import type { AuditDoc, OptOutDoc } from './schemas/opt-out.js';
import { opt, stringRecord } from './support.js';
import { MessageTriage } from '../../core/triage/intent.js';

export const orgToDomain = (d: OrgDoc): Org => OrgModel.parse({ ...d, id: d._id.toHexString() });

export const memberToDomain = (d: MemberDoc): Member => ({
  id: d._id.toHexString(),
  orgId: d.orgId,
  platformUserId: d.platformUserId,
  displayName: d.displayName,
  role: d.role,
  locale: opt(d.locale),
  createdAt: d.createdAt,
});

export const campaignToDomain = (d: CampaignDoc): Campaign => CampaignModel.parse({ ...d, id: d._id.toHexString() });

export const contactToDomain = (d: ContactDoc): Contact => ({
  id: d._id.toHexString(),
  orgId: d.orgId,
  campaignId: d.campaignId,
  phone: d.phone,
  firstName: d.firstName,
  lastName: d.lastName,
  zip: opt(d.zip),
  state: opt(d.state),
  timezones: [...d.timezones],
  windowKey: d.windowKey,
  language: d.language,
  customFields: stringRecord(d.customFields),
  status: d.status,
  claimId: opt(d.claimId),
  volunteerId: opt(d.volunteerId),
  surveyAnswers: stringRecord(d.surveyAnswers),
  tags: [...d.tags],
  outcome: opt(d.outcome),
  variant: opt(d.variant),
  linkClickedAt: opt(d.linkClickedAt),
  linkClicks: opt(d.linkClicks),
  lineType: opt(d.lineType),
  followUpOf: d.followUpOf ? {
    campaignId: d.followUpOf.campaignId ?? '', contactId: d.followUpOf.contactId ?? '',
    conversationId: opt(d.followUpOf.conversationId), volunteerId: opt(d.followUpOf.volunteerId),
  } : undefined,
  lastMessageAt: opt(d.lastMessageAt),
  messagedAt: opt(d.messagedAt),
  repliedAt: opt(d.repliedAt),
  replyIntent: opt(d.replyIntent),
  initialStatus: opt(d.initialStatus),
  initialErrorCode: opt(d.initialErrorCode),
  importLine: opt(d.importLine),
  createdAt: d.createdAt,
  updatedAt: d.updatedAt,
});

export const claimToDomain = (d: ClaimDoc): Claim => ({
  id: d._id.toHexString(),
  orgId: d.orgId,
  campaignId: d.campaignId,
  volunteerId: d.volunteerId,
  status: d.status,
  size: d.size,
  createdAt: d.createdAt,
  lastActivityAt: d.lastActivityAt,
  endedAt: opt(d.endedAt),
});

export const conversationToDomain = (d: ConversationDoc): Conversation => ({
  id: d._id.toHexString(),
  orgId: d.orgId,
  campaignId: d.campaignId,
  contactId: d.contactId,
  volunteerId: d.volunteerId,
  voterPhone: d.voterPhone,
  orgNumber: opt(d.orgNumber),
  threads: d.threads.map((t) => ({ platform: t.platform, channelId: t.channelId, messageId: opt(t.messageId), threadId: opt(t.threadId) })),
  lastMessageAt: d.lastMessageAt,
  lastDirection: d.lastDirection,
  pendingOptOutReview: d.pendingOptOutReview,
  awaitingSince: opt(d.awaitingSince),
  pooledAt: opt(d.pooledAt),
  closedAt: opt(d.closedAt),
  closedReason: opt(d.closedReason),
  createdAt: d.createdAt,
});

export const messageToDomain = (d: MessageDoc): Message => ({
  id: d._id.toHexString(),
  orgId: d.orgId,
  campaignId: opt(d.campaignId),
  contactId: opt(d.contactId),
  conversationId: opt(d.conversationId),
  direction: d.direction,
  kind: d.kind,
  voterPhone: d.voterPhone,
  orgNumber: opt(d.orgNumber),
  body: d.body,
  segments: d.segments,
  encoding: d.encoding,
  status: d.status,
  providerId: opt(d.providerId),
  errorCode: opt(d.errorCode),
  history: d.history.map((h) => (h.errorCode == null ? { status: h.status, at: h.at } : { status: h.status, at: h.at, errorCode: h.errorCode })),
  sentBy: opt(d.sentBy),
  pressedAt: opt(d.pressedAt),
  interactionId: opt(d.interactionId),
  validityPeriod: opt(d.validityPeriod),
  attempts: d.attempts,
  variant: opt(d.variant),
  // An MMS's media: the send job reads it back to hand the carrier the files.
  ...(d.media?.length ? { media: d.media.map((m) => ({ contentType: m.contentType ?? '', url: m.url ?? '' })) } : {}),
  ...(d.triage ? { triage: MessageTriage.parse(d.triage) } : {}),
  createdAt: d.createdAt,
  updatedAt: d.updatedAt,
});

export const optOutToDomain = (d: OptOutDoc): OptOut => ({
  id: d._id.toHexString(),
  orgId: d.orgId,
  phone: d.phone,
  source: d.source,
  rule: opt(d.rule),
  messageId: opt(d.messageId),
  by: opt(d.by),
  at: d.at,
  confirmationAt: opt(d.confirmationAt),
});

export const auditToDomain = (d: AuditDoc): AuditEvent => ({
  id: d._id.toHexString(),
  orgId: d.orgId,
  at: d.at,
  actor: { type: d.actor.type, id: opt(d.actor.id), name: opt(d.actor.name) },
  action: d.action,
  subject: { type: d.subject.type, id: d.subject.id },
  data: d.data && typeof d.data === 'object' ? (d.data as Record<string, unknown>) : {},
});
