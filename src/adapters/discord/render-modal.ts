/**
 * Neutral Modal -> a Discord modal (interaction response type 9): a title of at most 45
 * characters, at most 5 inputs, each in a Label component (type 18) holding a text input
 * (type 4), a string select (type 3) or a file upload (type 19). The modal's custom_id carries its
 * id and private value (`tbm:<id>:<value>`); inputs keep their ids, so the submit maps back.
 */
import { ModalTextTooLongError, type Modal, type ModalInput } from '../../core/views/view.js';
import { modalCustomId } from './custom-id.js';
import { clip } from './escape.js';

export const MODAL_LIMITS = { title: 45, inputs: 5, label: 45, description: 100, value: 4000, options: 25 } as const;

type TextInput = { type: 4; custom_id: string; style: 1 | 2; required: boolean; value?: string; max_length: number };
type StringSelect = {
  type: 3;
  custom_id: string;
  required: boolean;
  min_values: number;
  max_values: 1;
  options: { label: string; value: string; default?: boolean }[];
};
type FileUpload = { type: 19; custom_id: string; required: boolean; min_values: number; max_values: 1 };

export interface DiscordLabel {
  type: 18;
  label: string;
  description?: string;
  component: TextInput | StringSelect | FileUpload;
}

export interface DiscordModal {
  custom_id: string;
  title: string;
  components: DiscordLabel[];
}

export { ModalTextTooLongError };

/** The input's maximum (the command's, within Discord's 4,000); its initial text is never cut. */
function textMax(input: ModalInput): number {
  const max = Math.min(input.maxLength ?? MODAL_LIMITS.value, MODAL_LIMITS.value);
  if (input.initial && input.initial.length > max) throw new ModalTextTooLongError('discord', input.id, input.initial.length, max);
  return max;
}

function inputComponent(input: ModalInput): DiscordLabel['component'] {
  const required = input.optional !== true;
  switch (input.kind) {
    case 'select':
      return {
        type: 3,
        custom_id: input.id,
        required,
        min_values: required ? 1 : 0,
        max_values: 1,
        options: (input.options ?? []).slice(0, MODAL_LIMITS.options).map((o) => ({
          label: clip(o.label, 100),
          value: o.value,
          ...(o.value === input.initial ? { default: true } : {}),
        })),
      };
    case 'file':
      return { type: 19, custom_id: input.id, required, min_values: required ? 1 : 0, max_values: 1 };
    default:
      return {
        type: 4,
        custom_id: input.id,
        style: input.kind === 'textarea' ? 2 : 1,
        required,
        max_length: textMax(input),
        ...(input.initial ? { value: input.initial } : {}),
      };
  }
}

export function renderModal(modal: Modal, warn?: (obj: object, msg: string) => void): DiscordModal {
  if (modal.inputs.length > MODAL_LIMITS.inputs) warn?.({ modalId: modal.id, inputs: modal.inputs.length }, 'discord: a modal was cut to 5 inputs');
  return {
    custom_id: modalCustomId(modal.id, modal.privateValue),
    title: clip(modal.title, MODAL_LIMITS.title),
    components: modal.inputs.slice(0, MODAL_LIMITS.inputs).map((input) => ({
      type: 18,
      label: clip(input.label, MODAL_LIMITS.label),
      ...(input.hint ? { description: clip(input.hint, MODAL_LIMITS.description) } : {}),
      component: inputComponent(input),
    })),
  };
}
