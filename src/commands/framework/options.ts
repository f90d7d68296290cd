import { z } from 'zod';

/**
 * One declared option of a command. The zod schema, the Discord registration JSON, the Slack
 * usage line and the help text are all generated from these declarations (CONVENTIONS §6).
 */
export interface OptionSpec {
  name: string;
  type: 'string' | 'integer' | 'boolean' | 'attachment' | 'user';
  /** i18n key of the option's description (commands namespace). */
  descriptionKey: string;
  required?: boolean;
  min?: number;
  max?: number;
  maxLength?: number;
  choices?: readonly string[];
}

export type OptionValues = Record<string, string | number | boolean | undefined>;

/** Why an option was refused, as an i18n key plus params (localized by the dispatcher). */
export interface OptionProblem {
  option: string;
  key: string;
  params: Record<string, string | number>;
}

function specSchema(spec: OptionSpec): z.ZodType {
  switch (spec.type) {
    case 'integer': {
      let n = z.coerce.number().int();
      if (spec.min !== undefined) n = n.min(spec.min);
      if (spec.max !== undefined) n = n.max(spec.max);
      return n;
    }
    case 'boolean':
      return z.preprocess((v) => (typeof v === 'string' ? ['true', 'yes', 'on', '1', 'si', 'sí'].includes(v.toLowerCase()) : v), z.boolean());
    default: {
      if (spec.choices) return z.preprocess((v) => (typeof v === 'string' ? v.toLowerCase() : v), z.enum(spec.choices as [string, ...string[]]));
      let s = z.string().trim().min(1);
      if (spec.maxLength !== undefined) s = s.max(spec.maxLength);
      return s;
    }
  }
}

/** The zod object schema for a command's options. */
export function optionsSchema(specs: readonly OptionSpec[]): z.ZodObject {
  const shape: Record<string, z.ZodType> = {};
  for (const s of specs) shape[s.name] = s.required ? specSchema(s) : specSchema(s).optional();
  return z.object(shape).strict();
}

/** Validates raw option values (free text or typed) into the command's options. */
export function parseOptions(specs: readonly OptionSpec[], raw: OptionValues): { ok: true; values: OptionValues } | { ok: false; problems: OptionProblem[] } {
  const cleaned: OptionValues = {};
  for (const [k, v] of Object.entries(raw)) if (v !== undefined && v !== '') cleaned[k] = v;
  const res = optionsSchema(specs).safeParse(cleaned);
  if (res.success) return { ok: true, values: res.data as OptionValues };
  const problems: OptionProblem[] = [];
  for (const issue of res.error.issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const k of issue.keys) problems.push({ option: k, key: 'commands:errors.option_unknown', params: { option: k } });
      continue;
    }
    const name = String(issue.path[0] ?? '');
    const spec = specs.find((s) => s.name === name);
    if (!spec) continue;
    const got = raw[name];
    problems.push(describeProblem(spec, got));
  }
  return { ok: false, problems };
}

function describeProblem(spec: OptionSpec, got: unknown): OptionProblem {
  const option = spec.name;
  if (got === undefined || got === '') return { option, key: 'commands:errors.option_missing', params: { option } };
  const shown = String(got).slice(0, 40);
  if (spec.type === 'integer') {
    return { option, key: 'commands:errors.option_integer', params: { option, got: shown, min: spec.min ?? 1, max: spec.max ?? 1_000_000 } };
  }
  if (spec.choices) return { option, key: 'commands:errors.option_choice', params: { option, got: shown, choices: spec.choices.join(', ') } };
  if (spec.maxLength !== undefined && String(got).length > spec.maxLength) {
    return { option, key: 'commands:errors.option_too_long', params: { option, max: spec.maxLength } };
  }
  return { option, key: 'commands:errors.option_invalid', params: { option, got: shown } };
}
