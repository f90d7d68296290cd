/**
 * Which URLs may receive what. The bot token goes only to Slack's file host
 * (https://files.slack.com, for `url_private_download`); response_url posts go only to
 * https://hooks.slack.com. `extraOrigins` adds the local fake Slack in tests (SLACK_API_URL).
 */

export interface SlackHosts {
  /** Authorization headers for downloading a Slack-hosted file; undefined for any other URL. */
  fileHeaders(url: string): Record<string, string> | undefined;
  /** True for a response_url we may POST to. */
  isResponseUrl(url: string): boolean;
  /** True for an upload URL from files.getUploadURLExternal. */
  isUploadUrl(url: string): boolean;
}

function parse(raw: string): URL | null {
  try {
    return new URL(raw);
  } catch {
    return null;
  }
}

export function createSlackHosts(opts: { token: string; extraOrigins?: readonly string[] }): SlackHosts {
  const extra = new Set((opts.extraOrigins ?? []).map((o) => parse(o)?.origin).filter((o): o is string => Boolean(o)));
  const is = (raw: string, host: string): boolean => {
    const url = parse(raw);
    if (!url || url.username || url.password) return false;
    if (extra.has(url.origin)) return true;
    return url.protocol === 'https:' && url.hostname === host && (url.port === '' || url.port === '443');
  };
  return {
    fileHeaders: (url) => (is(url, 'files.slack.com') ? { Authorization: `Bearer ${opts.token}` } : undefined),
    isResponseUrl: (url) => is(url, 'hooks.slack.com'),
    isUploadUrl: (url) => is(url, 'files.slack.com'),
  };
}
