// `/textbank help`: what the member's role can do, generated from the command definitions.
import { hasRole } from '../core/model/org.js';
import { defineCommand, type CommandDefinition } from './framework/definition.js';
import { usageOf } from './framework/dispatcher.js';
import type { Services } from './services.js';
import { ephemeral } from './support/results.js';
import { helpView } from './views/help.js';

/** `all` is read when help runs, so help lists every command registered beside it. */
export function helpCommand(all: () => readonly CommandDefinition<Services>[]): CommandDefinition<Services> {
  return defineCommand<Services>({
    path: ['help'],
    descriptionKey: 'commands:descriptions.help',
    options: [],
    role: 'none',
    sideEffects: false,
    async handler(ctx) {
      const set = ctx.org.id !== '';
      const role = set ? ctx.member.role : 'none';
      const lines = all()
        .filter((def) => (def.role === 'none' ? true : set && hasRole(ctx.member.role, def.role)))
        .filter((def) => !(def.path[0] === 'setup' && set))
        .filter((def) => !(def.path[0] === 'sandbox' && !ctx.services.sandbox))
        .map((def) => ({ usage: usageOf(def, ctx.t), description: ctx.t(def.descriptionKey), sideEffects: def.sideEffects }));
      return ephemeral(helpView(ctx.t, { role: ctx.t(`commands:roles.${role}`), lines }));
    },
  });
}
