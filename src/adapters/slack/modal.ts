/**
 * Neutral Modal -> a Slack modal view for views.open (input blocks: plain_text_input,
 * number_input, static_select, file_input for CSVs), and a submitted view's state back to our
 * field values. `private_metadata` carries our privateValue (ids only) and the channel the modal
 * was opened from, so the submission's replies land where the organizer was.
 */
import { z } from 'zod';
import type { types as SlackTypes } from '@slack/bolt';
import { ModalTextTooLongError, type Modal, type ModalInput } from '../../core/views/view.js';
import type { Translate } from '../../commands/framework/definition.js';
import { SLACK_LIMITS as L, truncate } from './limits.js';
import { plain } from './mrkdwn.js';

const plainText = (text: string): SlackTypes.PlainTextElement => ({ type: 'plain_text', text: text || '…', emoji: true });

/** What private_metadata holds. */
export const ModalMeta = z.object({ v: z.string().optional(), c: z.string().max(32).optional() });
export type ModalMeta = z.infer<typeof ModalMeta>;

export function encodeModalMeta(meta: ModalMeta): string {
  const full = JSON.stringify(meta);
  if (full.length <= L.privateMetadata) return full;
  return JSON.stringify({ ...(meta.v !== undefined ? { v: meta.v } : {}) }).slice(0, L.privateMetadata);
}

export function decodeModalMeta(raw: string | undefined): ModalMeta {
  if (!raw) return {};
  try {
    return ModalMeta.safeParse(JSON.parse(raw)).data ?? {};
  } catch {
    return {};
  }
}

function optionsOf(input: ModalInput): SlackTypes.PlainTextOption[] {
  return (input.options ?? [])
    .filter((o) => o.value.length > 0 && o.value.length <= L.optionValue)
    .slice(0, L.optionsPerSelect)
    .map((o) => ({ text: plainText(truncate(plain(o.label), L.optionText)), value: o.value }));
}

export { ModalTextTooLongError };

/** The input's maximum (the command's, within Slack's 3,000). Initial text is never cut. */
function textMax(input: ModalInput): number {
  const max = Math.min(input.maxLength ?? L.inputValue, L.inputValue);
  if (input.initial !== undefined && [...input.initial].length > max) throw new ModalTextTooLongError('slack', input.id, [...input.initial].length, max);
  return max;
}

function elementOf(input: ModalInput): SlackTypes.InputBlock['element'] {
  const initial = input.initial;
  switch (input.kind) {
    case 'textarea':
      return { type: 'plain_text_input', action_id: input.id, multiline: true, max_length: textMax(input), ...(initial ? { initial_value: initial } : {}) };
    case 'number':
      if (initial === undefined || /^\d{1,15}$/.test(initial)) {
        return { type: 'number_input', action_id: input.id, is_decimal_allowed: false, ...(initial ? { initial_value: initial } : {}) };
      }
      return { type: 'plain_text_input', action_id: input.id, max_length: textMax(input), initial_value: initial };
    case 'file':
      return { type: 'file_input', action_id: input.id, filetypes: input.fileTypes ?? ['csv', 'txt'], max_files: 1 };
    case 'select': {
      const options = optionsOf(input);
      const chosen = options.find((o) => o.value === input.initial);
      return { type: 'static_select', action_id: input.id, options, ...(chosen ? { initial_option: chosen } : {}) };
    }
    default:
      return { type: 'plain_text_input', action_id: input.id, max_length: textMax(input), ...(initial ? { initial_value: initial } : {}) };
  }
}

export function renderModal(modal: Modal, opts: { t: Translate; channelId?: string }): SlackTypes.ModalView {
  const blocks: SlackTypes.InputBlock[] = modal.inputs.slice(0, L.blocksPerModal).map((input) => ({
    type: 'input',
    block_id: input.id,
    optional: input.optional === true,
    label: plainText(truncate(plain(input.label), L.inputLabel)),
    ...(input.hint ? { hint: plainText(truncate(plain(input.hint), L.inputHint)) } : {}),
    element: elementOf(input),
  }));
  return {
    type: 'modal',
    callback_id: modal.id,
    title: plainText(truncate(plain(modal.title), L.modalTitle)),
    submit: plainText(truncate(plain(modal.submitLabel), L.modalButton)),
    close: plainText(truncate(opts.t('slack:modal.cancel'), L.modalButton)),
    private_metadata: encodeModalMeta({ ...(modal.privateValue !== undefined ? { v: modal.privateValue } : {}), ...(opts.channelId ? { c: opts.channelId } : {}) }),
    blocks,
  };
}

/** One input's submitted state, as Slack sends it. */
const InputState = z.object({
  type: z.string(),
  value: z.string().nullish(),
  selected_option: z.object({ value: z.string() }).nullish(),
  files: z.array(z.object({ id: z.string(), name: z.string().optional() })).nullish(),
});
export const ViewState = z.object({ values: z.record(z.string(), z.record(z.string(), InputState)) });

/** Field values by input id; file inputs give the ids of the files to resolve with files.info. */
export function submittedValues(state: z.infer<typeof ViewState>): { values: Record<string, string>; files: Record<string, string[]> } {
  const values: Record<string, string> = {};
  const files: Record<string, string[]> = {};
  for (const [blockId, actions] of Object.entries(state.values)) {
    const input = Object.values(actions)[0];
    if (!input) continue;
    if (input.type === 'file_input') {
      files[blockId] = (input.files ?? []).map((f) => f.id);
      values[blockId] = '';
    } else if (input.selected_option) {
      values[blockId] = input.selected_option.value;
    } else {
      values[blockId] = input.value ?? '';
    }
  }
  return { values, files };
}
