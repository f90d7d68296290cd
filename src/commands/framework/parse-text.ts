import type { OptionSpec, OptionValues } from './options.js';

/** Splits `/textbank` free text into words, keeping "quoted phrases" and 'single quotes' whole. */
export function tokenize(text: string): string[] {
  const out: string[] = [];
  const re = /"([^"]*)"|'([^']*)'|“([^”]*)”|(\S+)/g;
  for (const m of text.matchAll(re)) out.push((m[1] ?? m[2] ?? m[3] ?? m[4]) as string);
  return out;
}

export interface PathMatch<T> {
  item: T;
  /** Words after the command path. */
  rest: string[];
}

/** Finds the definition with the longest path that prefixes the words (case-insensitive). */
export function matchPath<T extends { path: readonly string[] }>(items: readonly T[], words: string[]): PathMatch<T> | null {
  const lower = words.map((w) => w.toLowerCase());
  let best: T | null = null;
  for (const item of items) {
    if (item.path.length > lower.length) continue;
    if (item.path.every((p, i) => p === lower[i]) && (!best || item.path.length > best.path.length)) best = item;
  }
  return best ? { item: best, rest: words.slice(best.path.length) } : null;
}

/**
 * Maps the words after a command path onto its options, the way Slack passes them
 * (`/textbank claim gotv 25`): `--name value`, `--name=value` and `name:value` set an option by
 * name; other words fill the non-attachment options in declared order; words left over join the
 * last option when it is free text (so `campaign create Get out the vote` works unquoted), else
 * they are returned in `extra` and reported.
 */
export function textToOptions(specs: readonly OptionSpec[], rest: string[]): { values: OptionValues; extra: string[] } {
  const values: OptionValues = {};
  const positional: string[] = [];
  const byName = new Map(specs.map((s) => [s.name.toLowerCase(), s]));
  for (let i = 0; i < rest.length; i++) {
    const w = rest[i] as string;
    const flag = /^--([\w-]+)(?:=(.*))?$/.exec(w);
    const colon = /^([\w-]+):(.+)$/.exec(w);
    if (flag && byName.has((flag[1] as string).toLowerCase())) {
      const spec = byName.get((flag[1] as string).toLowerCase()) as OptionSpec;
      if (flag[2] !== undefined) values[spec.name] = flag[2];
      else if (spec.type === 'boolean' && (rest[i + 1] === undefined || rest[i + 1]?.startsWith('--'))) values[spec.name] = 'true';
      else values[spec.name] = rest[++i];
    } else if (colon && byName.has((colon[1] as string).toLowerCase())) {
      values[(byName.get((colon[1] as string).toLowerCase()) as OptionSpec).name] = colon[2];
    } else if (byName.get(w.toLowerCase())?.type === 'boolean') {
      values[(byName.get(w.toLowerCase()) as OptionSpec).name] = 'true'; // `campaign list all`
    } else if (flag) {
      values[flag[1] as string] = flag[2] ?? 'true'; // unknown: reported by parseOptions
    } else {
      positional.push(w);
    }
  }
  const slots = specs.filter((s) => s.type !== 'attachment' && values[s.name] === undefined);
  const extra: string[] = [];
  positional.forEach((w, idx) => {
    const slot = slots[idx];
    if (slot) values[slot.name] = w;
    else {
      const last = slots[slots.length - 1];
      if (last && last.type === 'string' && !last.choices) values[last.name] = `${String(values[last.name] ?? '')} ${w}`.trim();
      else extra.push(w);
    }
  });
  return { values, extra };
}
