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
  | { type: 'actions'; elements: (Button | Select)[]; overflow?: ActionsOverflow }
  | { type: 'quote'; text: string; voter: true }
  /**
   * A picture at a public http(s) address of ours (MMS media under /media/): Slack shows an
   * image block, Discord an embed image, the sandbox an <img>. `alt` describes it for screen readers.
   */
  | { type: 'image'; url: string; alt: string };

/**
 * How an actions block may degrade when a platform cannot show all its buttons (additive): the
 * buttons that do not fit move, in order, into selects with this placeholder ("More replies"),
 * one select per action id, so a choice routes to the same handler with the same value. Blocks
 * without it keep every button. Renderers never drop a control (see fit-actions.ts).
 */
export interface ActionsOverflow {
  placeholder: string;
  /** Lower keeps its buttons first when rows run short (opt-out, survey, canned replies, tags). */
  priority: number;
}

/**
 * The longest button or option value every renderer can carry intact (Discord packs the action
 * id and value into a 100-character custom_id and caps select option values at 100; Slack's
 * option values stop at 75 in its SDK's types, 150 in its reference). Views keep their values within it.
 */
export const VALUE_MAX = 75;

/**
 * Modal limits every renderer can honour: Discord shows at most 5 inputs and Slack's
 * plain_text_input holds at most 3,000 characters (Discord's 4,000).
 */
export const MODAL_MAX = { inputs: 5, textLength: 3000 } as const;

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
  /**
   * Most characters the person may type (additive). Renderers pass it on as the input's maximum
   * and never cut `initial`: a command opens a form only when every initial value fits.
   */
  maxLength?: number;
  /** File inputs: the extensions offered (additive; default CSV and text). */
  fileTypes?: string[];
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
  /** A file for the actor only (exports); `view` says what it is. */
  | { kind: 'file'; file: { name: string; content: string | Buffer; title?: string }; view: View }
  | { kind: 'none' };

/**
 * A form whose initial text a platform could not hold: opening it would lose text on save, so a
 * renderer refuses instead of cutting (commands split long fields within MODAL_MAX).
 */
export class ModalTextTooLongError extends Error {
  constructor(readonly platform: string, readonly inputId: string, readonly length: number, readonly max: number) {
    super(`${platform}: modal input ${inputId} starts with ${length} characters (max ${max}); commands must split it`);
    this.name = 'ModalTextTooLongError';
  }
}
