// On Discord `claim` is a sub-command, so it cannot also be a group (`claim replies`): the reply
// pool is a boolean option of `claim`, and `pause`/`resume` are sub-commands with a required
// `initials` choice. The generated command keeps Discord's limits and the Spanish descriptions.
import { describe, expect, it } from 'vitest';
import { buildSlashCommand, commandProblems } from '../../../src/adapters/discord/index.js';
import { OPTION_TYPE } from '../../../src/adapters/discord/command-json.js';
import { createI18n } from '../../../src/app/i18n.js';
import { createTextbankCommands } from '../../../src/commands/index.js';
import type { Translate } from '../../../src/commands/framework/definition.js';
import type { Lang } from '../../../src/core/model/common.js';

describe('claim replies and pause/resume initials as Discord sub-commands', () => {
  it('claim stays one sub-command with a boolean replies option; pause and resume take the initials choice', async () => {
    const i18n = await createI18n('en');
    const translator = (lang: Lang): Translate => (key, params) => i18n.t(lang)(key, params ?? {}) as string;
    const command = buildSlashCommand(createTextbankCommands().commands, translator);
    expect(commandProblems(command)).toEqual([]);
    const top = (name: string) => command.options.find((o) => o.name === name);
    expect(top('claim')).toMatchObject({ type: OPTION_TYPE.subcommand });
    expect(top('claim')?.options?.find((o) => o.name === 'replies')).toMatchObject({ type: OPTION_TYPE.boolean, description_localizations: { 'es-ES': expect.stringContaining('respuestas') } });
    for (const name of ['pause', 'resume']) {
      expect(top(name)).toMatchObject({ type: OPTION_TYPE.subcommand, options: [{ name: 'what', type: OPTION_TYPE.string, required: true, choices: [{ name: 'initials', value: 'initials' }] }] });
    }
    const settings = top('settings')?.options?.map((o) => [o.name, o.type, o.min_value, o.max_value]);
    expect(settings).toEqual(expect.arrayContaining([['nudge_minutes', OPTION_TYPE.integer, 1, 10_080], ['release_minutes', OPTION_TYPE.integer, 1, 10_080]]));
  });
});
