// Slack text in both directions: what we send is escaped mrkdwn; what a volunteer typed comes
// back as the plain text they saw, for the SMS.
import { describe, expect, it } from 'vitest';
import { escapeMrkdwn, fromSlackCommandText, fromSlackText, slackUrl, toMrkdwn, voterMrkdwn } from '../../../src/adapters/slack/mrkdwn.js';

describe('mrkdwn', () => {
  it('escapes &, < and >', () => {
    expect(escapeMrkdwn('a & b < c > d')).toBe('a &amp; b &lt; c &gt; d');
  });

  it('keeps code spans literal (escaped, no bold inside)', () => {
    expect(toMrkdwn('use `**not bold** <x>`')).toBe('use `**not bold** &lt;x&gt;`');
  });

  it('only links http(s) URLs and encodes the characters Slack parses', () => {
    expect(slackUrl('https://a.org/x|y>z')).toBe('https://a.org/x%7Cy%3Ez');
    expect(slackUrl('javascript:alert(1)')).toBeNull();
    expect(toMrkdwn('[**Plan**](https://a.org)')).toBe('<https://a.org/|*Plan*>');
  });

  it('quotes every line of voter text', () => {
    expect(voterMrkdwn('one\r\ntwo')).toBe('>one\n>two');
  });
});

describe('fromSlackText (typed in a thread -> SMS body)', () => {
  it('undoes Slack escapes and link/mention markup', () => {
    expect(fromSlackText('Tom &amp; Jerry &lt;3 &gt; see <https://vote.org|vote.org> or <https://x.org/a|the form>')).toBe('Tom & Jerry <3 > see vote.org or the form (https://x.org/a)');
    expect(fromSlackText('<!here> ask <@U123> in <#C1|gotv> or <mailto:a@b.org|a@b.org>')).toBe('@here ask @U123 in #gotv or a@b.org');
  });
});

describe('fromSlackCommandText (slash command text, should_escape on)', () => {
  it('keeps user mentions for the commands, unwraps links and channels, undoes entities', () => {
    expect(fromSlackCommandText('role grant <@U0ANA|ana> organizer')).toBe('role grant <@U0ANA|ana> organizer');
    expect(fromSlackCommandText('settings help <https://vote.example.org/help|vote.example.org/help>')).toBe('settings help https://vote.example.org/help');
    expect(fromSlackCommandText('campaign create food Food &amp; Friends &lt;2026&gt; in <#C0GOTV|gotv>')).toBe('campaign create food Food & Friends <2026> in #gotv');
  });
});
