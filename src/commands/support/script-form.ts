// The script form's free-text fields: one follow-up or canned reply per line, `Label: text`.
// Parsing returns the line that is wrong, so the form can say where. A long list is spread over
// several fields (`follow_ups`, `follow_ups_2`, ...) of at most the modal's text length, split
// between lines, so opening and saving the form unchanged never loses a character.
import { MAX_CANNED_LABEL, type CannedReply, type ScriptSet } from '../../core/model/campaign.js';
import type { Lang } from '../../core/model/common.js';

export interface LabeledText {
  id: string;
  label: string;
  text: string;
}

/** 'Ya votó!' -> 'ya_voto'; unique among `taken`. */
export function itemId(label: string, taken: Set<string>): string {
  const base =
    label
      .normalize('NFKD')
      .replace(/\p{M}/gu, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '_')
      .replace(/^_+|_+$/g, '')
      .slice(0, 36) || 'item';
  let id = base;
  for (let n = 2; taken.has(id); n += 1) id = `${base}_${n}`;
  taken.add(id);
  return id;
}

export function parseLabeledLines(raw: string | undefined): { ok: true; items: { label: string; text: string }[] } | { ok: false; line: number; reason?: 'label' } {
  const items: { label: string; text: string }[] = [];
  const lines = (raw ?? '').split(/\r?\n/);
  for (const [i, line] of lines.entries()) {
    if (line.trim() === '') continue;
    const at = line.indexOf(':');
    const label = at > 0 ? line.slice(0, at).trim() : '';
    const text = at > 0 ? line.slice(at + 1).trim() : '';
    if (!label || !text) return { ok: false, line: i + 1 };
    if ([...label].length > MAX_CANNED_LABEL) return { ok: false, line: i + 1, reason: 'label' };
    items.push({ label, text });
  }
  return { ok: true, items };
}

/**
 * Lines grouped into pieces of at most `max` characters, never splitting a line (a line longer
 * than `max` makes the result null: no field could hold it). Always at least one piece.
 */
export function chunkLines(text: string, max: number): string[] | null {
  const out: string[] = [];
  let current = '';
  for (const line of text.split('\n')) {
    if (line.length > max) return null;
    const candidate = current === '' ? line : `${current}\n${line}`;
    if (candidate.length <= max) current = candidate;
    else {
      out.push(current);
      current = line;
    }
  }
  out.push(current);
  return out;
}

/** The form field ids for a list spread over `n` fields: base, base_2, base_3... */
export function partIds(base: string, n: number): string[] {
  return Array.from({ length: n }, (_, i) => (i === 0 ? base : `${base}_${i + 1}`));
}

/** The parts of one list as submitted, in order (base, base_2...; stops at the first missing). */
export function submittedParts(fields: Record<string, string>, base: string): { id: string; value: string }[] {
  const out: { id: string; value: string }[] = [];
  for (const id of partIds(base, 100)) {
    const value = fields[id];
    if (value === undefined) break;
    out.push({ id, value });
  }
  return out;
}

export function formatLabeledLines(items: readonly { label: string; text: string }[]): string {
  return items.map((i) => `${i.label}: ${i.text}`).join('\n');
}

/** The script set for one language from the form (null when the first message was cleared). */
export function scriptSetFrom(initial: string, followUps: readonly { label: string; text: string }[], previous?: ScriptSet): ScriptSet | null {
  if (initial.trim() === '') return null;
  const taken = new Set<string>();
  const byLabel = new Map((previous?.followUps ?? []).map((f) => [f.label.toLowerCase(), f.id]));
  return {
    initial: initial.trim(),
    followUps: followUps.map((f) => {
      const known = byLabel.get(f.label.toLowerCase());
      const id = known && !taken.has(known) ? (taken.add(known), known) : itemId(f.label, taken);
      return { id, label: f.label, text: f.text };
    }),
    // Attached media is set by `script media`, never by this form: editing the text keeps it.
    ...(previous?.media ? { media: previous.media } : {}),
    // A/B variants B-D and retirements are edited in their own forms: this one keeps them.
    ...(previous?.variants ? { variants: previous.variants } : {}),
    ...(previous?.retired ? { retired: previous.retired } : {}),
  };
}

/**
 * Canned replies after editing one language: replies listed get this language's text (matched
 * by label, else a new reply); replies not listed lose this language's text; a reply with no
 * text left in any language is removed.
 */
export function mergeCanned(existing: readonly CannedReply[], lang: Lang, items: readonly { label: string; text: string }[]): CannedReply[] {
  const taken = new Set(existing.map((c) => c.id));
  const listed = new Map(items.map((i) => [i.label.toLowerCase(), i]));
  const out: CannedReply[] = [];
  for (const c of existing) {
    const item = listed.get(c.label.toLowerCase());
    const text: CannedReply['text'] = { ...c.text };
    if (item) {
      text[lang] = item.text;
      listed.delete(c.label.toLowerCase());
    } else {
      delete text[lang];
    }
    if (Object.values(text).some((v) => v)) out.push({ ...c, text });
  }
  for (const item of listed.values()) out.push({ id: itemId(item.label, taken), label: item.label, text: { [lang]: item.text } });
  return out;
}
