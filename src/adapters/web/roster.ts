/** The people of the sandbox workspace, picked on the page to try each role. */

export interface SandboxMember {
  /** Platform user id (the sandbox's equivalent of a Slack user id). */
  id: string;
  displayName: string;
  /** The workspace admin: may run `/textbank setup` and becomes the owner. */
  isPlatformAdmin?: boolean;
  /** i18n key (sandbox namespace) of the hint shown beside the name in the picker. */
  hintKey: string;
}

/** Olivia sets Textbank up (and so becomes its owner); Val and Vic volunteer. */
export function defaultRoster(): SandboxMember[] {
  return [
    { id: 'U-olivia', displayName: 'Olivia Organizer', isPlatformAdmin: true, hintKey: 'sandbox:roster.organizer' },
    { id: 'U-val', displayName: 'Val Volunteer', hintKey: 'sandbox:roster.volunteer' },
    { id: 'U-vic', displayName: 'Vic Volunteer', hintKey: 'sandbox:roster.volunteer' },
  ];
}

export function findMember(roster: readonly SandboxMember[], id: string): SandboxMember | undefined {
  return roster.find((m) => m.id === id);
}
