/**
 * Discord's limits for a chat-input command (discord.js builders' Assertions, Discord docs):
 * names 1-32 lowercase letters/digits/-/_, descriptions 1-100 characters (localized ones too),
 * at most 25 options per level and 25 choices, groups hold only sub-commands, sub-commands hold
 * no sub-commands, required options before optional ones, unique names per level, and at most
 * 8,000 characters of names, descriptions and choices per locale. Returns the problems found.
 */
import { OPTION_TYPE, type CommandOptionJson, type SlashCommandJson } from './command-json.js';

const NAME = /^[-_\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$/u;
const MAX_OPTIONS = 25;
const MAX_CHOICES = 25;
const MAX_TOTAL = 8000;

type Node = Pick<CommandOptionJson, 'name' | 'description' | 'description_localizations' | 'options'> & { type: number; choices?: CommandOptionJson['choices'] };

function checkName(where: string, name: string, problems: string[]): void {
  if (!NAME.test(name) || name !== name.toLowerCase()) problems.push(`${where}: name "${name}" must be 1-32 lowercase letters, digits, - or _`);
}

function checkDescription(where: string, node: Node, problems: string[]): void {
  const all = [['default', node.description] as const, ...Object.entries(node.description_localizations ?? {})];
  for (const [locale, text] of all) {
    const n = [...(text ?? '')].length;
    if (n < 1 || n > 100) problems.push(`${where}: ${locale} description is ${n} characters (1-100)`);
  }
}

function checkNode(where: string, node: Node, parentType: number, problems: string[]): void {
  checkName(where, node.name, problems);
  checkDescription(where, node, problems);
  const children = node.options ?? [];
  if (children.length > MAX_OPTIONS) problems.push(`${where}: ${children.length} options (max ${MAX_OPTIONS})`);
  const names = new Set<string>();
  let optionalSeen = false;
  for (const child of children) {
    const at = `${where} ${child.name}`;
    if (names.has(child.name)) problems.push(`${at}: duplicate name`);
    names.add(child.name);
    const isSub = child.type === OPTION_TYPE.subcommand || child.type === OPTION_TYPE.group;
    if (node.type === OPTION_TYPE.group && child.type !== OPTION_TYPE.subcommand) problems.push(`${at}: a group holds only sub-commands`);
    if (node.type === OPTION_TYPE.subcommand && isSub) problems.push(`${at}: a sub-command cannot hold sub-commands`);
    if (parentType === OPTION_TYPE.group && child.type === OPTION_TYPE.group) problems.push(`${at}: groups cannot nest`);
    if (!isSub) {
      if (child.required && optionalSeen) problems.push(`${at}: required options must come before optional ones`);
      if (!child.required) optionalSeen = true;
      if ((child.choices?.length ?? 0) > MAX_CHOICES) problems.push(`${at}: ${child.choices?.length} choices (max ${MAX_CHOICES})`);
      for (const c of child.choices ?? []) {
        if (c.name.length < 1 || c.name.length > 100 || c.value.length > 100) problems.push(`${at}: choice "${c.name.slice(0, 20)}" is out of bounds`);
      }
    }
    checkNode(at, child, node.type, problems);
  }
}

function total(node: Node, locale: string | null): number {
  const desc = locale ? (node.description_localizations as Record<string, string> | undefined)?.[locale] ?? node.description : node.description;
  const choices = (node.choices ?? []).reduce((n, c) => n + c.name.length + c.value.length, 0);
  return node.name.length + [...desc].length + choices + (node.options ?? []).reduce((n, o) => n + total(o, locale), 0);
}

/** Every limit the command breaks, as readable lines (empty when it fits). */
export function commandProblems(command: SlashCommandJson): string[] {
  const problems: string[] = [];
  const root: Node = { ...command, type: 0 };
  checkNode(`/${command.name}`, root, 0, problems);
  for (const locale of [null, ...Object.keys(command.description_localizations ?? {})]) {
    const n = total(root, locale);
    if (n > MAX_TOTAL) problems.push(`/${command.name}: ${n} characters in ${locale ?? 'default'} (max ${MAX_TOTAL})`);
  }
  return problems;
}
