/** Block Kit limits (https://docs.slack.dev/reference/block-kit). Renderers stay inside them. */
export const SLACK_LIMITS = {
  blocksPerMessage: 50,
  blocksPerModal: 100,
  elementsPerActions: 25,
  buttonText: 75,
  buttonValue: 2000,
  actionId: 255,
  optionsPerSelect: 100,
  optionText: 75,
  optionValue: 150,
  placeholder: 150,
  sectionText: 3000,
  fieldsPerSection: 10,
  fieldText: 2000,
  contextText: 3000,
  /** Top-level message text (the notification fallback); Slack truncates past 40,000. */
  fallbackText: 3000,
  modalTitle: 24,
  modalButton: 24,
  inputLabel: 2000,
  inputHint: 2000,
  inputValue: 3000,
  privateMetadata: 3000,
  imageUrl: 3000,
  imageAlt: 2000,
} as const;

/** Cuts `text` to `max` characters (code points), ending with an ellipsis when cut. */
export function truncate(text: string, max: number): string {
  const chars = [...text];
  return chars.length > max ? `${chars.slice(0, max - 1).join('')}…` : text;
}

/** Splits long text into pieces of at most `max` characters, preferring line breaks. */
export function splitText(text: string, max: number): string[] {
  const out: string[] = [];
  let rest = text;
  while ([...rest].length > max) {
    const head = [...rest].slice(0, max).join('');
    const cut = head.lastIndexOf('\n');
    const at = cut > max / 2 ? cut : head.length;
    out.push(rest.slice(0, at));
    rest = rest.slice(at).replace(/^\n/, '');
  }
  if (rest.length > 0) out.push(rest);
  return out;
}
