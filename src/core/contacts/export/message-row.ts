// Shape one message as an export row (the campaign's message log). Pure.
import type { Message } from '../../model/message.js';
import { csvSafe } from './csv-safe.js';

export const MESSAGE_EXPORT_HEADER = [
  'created_at', 'direction', 'kind', 'status', 'voter_phone', 'org_number', 'contact_id', 'conversation_id',
  'sent_by', 'body', 'segments', 'encoding', 'error_code', 'provider_id', 'pressed_at',
] as const;

const iso = (d: Date | undefined): string => (d ? d.toISOString() : '');

/** `senderName` is the display name of `message.sentBy` when it could be resolved. */
export function messageExportRow(message: Message, senderName?: string): string[] {
  return [
    iso(message.createdAt),
    message.direction,
    message.kind,
    message.status,
    message.voterPhone,
    message.orgNumber ?? '',
    message.contactId ?? '',
    message.conversationId ?? '',
    csvSafe(senderName ?? message.sentBy ?? ''),
    csvSafe(message.body),
    String(message.segments),
    message.encoding,
    message.errorCode ?? '',
    message.providerId ?? '',
    iso(message.pressedAt),
  ];
}
