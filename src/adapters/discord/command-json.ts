/**
 * The `/textbank` slash command, generated from the command definitions (CONVENTIONS §6): each
 * one-word path is a sub-command, each two-word path a sub-command in a group (`campaign create`),
 * with typed options (string/integer/boolean/user/attachment), choices, bounds, and English
 * descriptions with Spanish `description_localizations` (es-ES, es-419) from the locales.
 * Discord's limits are checked by command-limits.ts.
 */
import type { Lang } from '../../core/model/common.js';
import type { Translate } from '../../commands/framework/definition.js';
import type { OptionSpec } from '../../commands/framework/options.js';

export const DEFAULT_COMMAND_NAME = 'textbank';
/** Discord locales that get the Spanish texts. */
export const SPANISH_LOCALES = ['es-ES', 'es-419'] as const;

/** Discord application command option types. */
export const OPTION_TYPE = { subcommand: 1, group: 2, string: 3, integer: 4, boolean: 5, user: 6, attachment: 11 } as const;

export interface CommandSource {
  path: readonly string[];
  descriptionKey: string;
  options: readonly OptionSpec[];
}

export type Localizations = Partial<Record<(typeof SPANISH_LOCALES)[number], string>>;

export interface CommandOptionJson {
  type: number;
  name: string;
  description: string;
  description_localizations?: Localizations;
  required?: boolean;
  choices?: { name: string; value: string }[];
  min_value?: number;
  max_value?: number;
  max_length?: number;
  options?: CommandOptionJson[];
}

export interface SlashCommandJson {
  type: 1;
  name: string;
  description: string;
  description_localizations?: Localizations;
  options: CommandOptionJson[];
}

type Translators = (lang: Lang) => Translate;

function described(translator: Translators, key: string): Pick<CommandOptionJson, 'description' | 'description_localizations'> {
  const en = translator('en')(key);
  const es = translator('es')(key);
  return { description: en, ...(es && es !== key ? { description_localizations: { 'es-ES': es, 'es-419': es } } : {}) };
}

/**
 * An option's label in Discord's picker: the short one shared by every option of that name
 * (`discord:options.<name>`) when the locales have it, else the command's own description. Discord
 * counts every description toward one 8,000-character budget per locale for the whole /textbank
 * command, and an option such as `campaign` appears in dozens of sub-commands; the full
 * explanations stay in `/textbank help`.
 */
function optionDescriptionKey(spec: OptionSpec, translator: Translators): string {
  const key = `options.${spec.name}`;
  const text = translator('en')(`discord:${key}`);
  // A missing key comes back as the key itself (with or without its namespace).
  return text !== key && text !== `discord:${key}` ? `discord:${key}` : spec.descriptionKey;
}

function optionJson(spec: OptionSpec, translator: Translators): CommandOptionJson {
  const base: CommandOptionJson = { type: OPTION_TYPE[spec.type], name: spec.name, ...described(translator, optionDescriptionKey(spec, translator)) };
  if (spec.required) base.required = true;
  if (spec.type === 'integer') {
    if (spec.min !== undefined) base.min_value = spec.min;
    if (spec.max !== undefined) base.max_value = spec.max;
  }
  if (spec.type === 'string') {
    if (spec.choices) base.choices = spec.choices.map((c) => ({ name: c, value: c }));
    else if (spec.maxLength !== undefined) base.max_length = spec.maxLength;
  }
  return base;
}

/** Discord wants required options first; the declared order is kept otherwise. */
function optionsJson(specs: readonly OptionSpec[], translator: Translators): CommandOptionJson[] {
  const all = specs.map((s) => optionJson(s, translator));
  return [...all.filter((o) => o.required), ...all.filter((o) => !o.required)];
}

export function buildSlashCommand(defs: readonly CommandSource[], translator: Translators, name = DEFAULT_COMMAND_NAME): SlashCommandJson {
  const top: CommandOptionJson[] = [];
  const groups = new Map<string, CommandOptionJson>();
  for (const def of defs) {
    const [first, second, ...rest] = def.path;
    if (!first || rest.length) throw new Error(`a Discord command path has one or two words: ${def.path.join(' ')}`);
    const options = optionsJson(def.options, translator);
    const sub: CommandOptionJson = { type: OPTION_TYPE.subcommand, name: second ?? first, ...described(translator, def.descriptionKey), ...(options.length ? { options } : {}) };
    if (!second) {
      top.push(sub);
      continue;
    }
    let group = groups.get(first);
    if (!group) {
      group = { type: OPTION_TYPE.group, name: first, ...described(translator, `discord:groups.${first}`), options: [] };
      groups.set(first, group);
      top.push(group);
    }
    group.options?.push(sub);
  }
  return { type: 1, name, ...described(translator, 'discord:command.description'), options: top } as SlashCommandJson;
}

/** Typed option values arrive by name; this says which path words a leaf belongs to. */
export function isLeafOption(type: number): boolean {
  return type !== OPTION_TYPE.subcommand && type !== OPTION_TYPE.group;
}
