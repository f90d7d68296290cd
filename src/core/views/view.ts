/**
 * Neutral views (DESIGN: Neutral views). Commands return these; each chat adapter renders them.
 * Markdown subset in `section.text`: **bold**, _italic_, `code`, [link](url).
 * Text that came from a voter must be wrapped with `voterText()` so renderers escape it.
 */
export type ButtonStyle = 'primary' | 'danger' | 'default';

export interface Button {
  type: 'button';
  /** Action id routed to an interaction handler, e.g. 'send'. */
  id: string;
  label: string;
  style?: ButtonStyle;
  /** Ids only, never authority (DESIGN: handlers re-check permission). */
  value?: string;
  disabled?: boolean;
}
export interface Select {
  type: 'select';
  id: string;
  placeholder: string;
  options: { label: string; value: string }[];
}
export type Block =
  | { type: 'section'; text: string }
  | { type: 'fields'; fields: { label: string; value: string }[] }
  | { type: 'context'; text: string }
  | { type: 'divider' }
  | { type: 'progress'; label: string; done: number; total: number }
  | { type: 'actions'; elements: (Button | Select)[] }
  | { type: 'quote'; text: string; voter: true };

export interface View {
  /** Plain fallback text (notifications, screen readers, SMS). */
  text: string;
  blocks: Block[];
}

export interface ModalInput {
  id: string;
  label: string;
  kind: 'text' | 'textarea' | 'number' | 'file' | 'select';
  initial?: string;
  optional?: boolean;
  options?: { label: string; value: string }[];
  hint?: string;
}
export interface Modal {
  /** Routed to a modal-submit handler. */
  id: string;
  title: string;
  submitLabel: string;
  /** Ids the submit handler needs (e.g. campaign id). */
  privateValue?: string;
  inputs: ModalInput[];
}

/** Where a command result goes. */
export type Reply =
  | { kind: 'ephemeral'; view: View }
  | { kind: 'channel'; view: View; channelId?: string }
  | { kind: 'update'; view: View }
  | { kind: 'modal'; modal: Modal }
  | { kind: 'thread'; conversationId: string; view: View }
  | { kind: 'dm'; memberId: string; view: View }
  | { kind: 'modalErrors'; errors: Record<string, string> }
  /** A file for the actor only (exports); `view` says what it is. Added by issue 7 (additive). */
  | { kind: 'file'; file: { name: string; content: string | Buffer; title?: string }; view: View }
  | { kind: 'none' };
