// The voter file and script used by the Discord flow tests (same rows as test/commands/fixtures/voters.csv).
import { readFileSync } from 'node:fs';

export const VOTERS_CSV = readFileSync(new URL('../../../commands/fixtures/voters.csv', import.meta.url), 'utf8');
export const SCRIPT = 'Hi {firstName}, this is {texterName} with {orgName}. Can we count on your vote on Nov 3 in {city}? Reply STOP to opt out.';
