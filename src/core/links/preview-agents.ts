// Who opens a tracked link without being the voter: chat and social apps fetching a preview,
// search crawlers, mail and SMS security scanners, and command-line tools. Their fetches are
// redirected like any other but never counted as clicks.
const PREVIEW_AGENTS: readonly RegExp[] = [
  /facebookexternalhit/i, /facebot/i, /twitterbot/i, /slackbot/i, /slack-imgproxy/i, /whatsapp/i, /discordbot/i,
  /googlebot/i, /google-inspectiontool/i, /googleother/i, /adsbot-google/i, /bingbot/i, /bingpreview/i, /linkedinbot/i,
  /telegrambot/i, /skypeuripreview/i, /applebot/i, /pinterest/i, /redditbot/i, /embedly/i, /iframely/i, /vkshare/i,
  /yandex/i, /baiduspider/i, /duckduckbot/i, /mattermost/i, /snapchat/i, /viber/i, /signal/i, /outlook/i, /microsoftpreview/i,
  /ms office/i, /proofpoint/i, /barracuda/i, /mimecast/i, /safelinks/i, /urlscan/i, /virustotal/i,
  /\bbot\b/i, /crawler/i, /spider/i, /preview/i,
  // Tools, not a voter's phone.
  /^curl\//i, /^wget\//i, /python-requests/i, /python-urllib/i, /go-http-client/i, /^axios\//i, /^node-fetch/i, /^undici/i,
];

/**
 * Whether a request to a tracked link counts as the voter's click: a GET from something that is
 * not a known preview fetcher, scanner or tool. A HEAD (preview probes), or no user agent at all
 * (every phone browser sends one), is not counted.
 */
export function countsAsClick(method: string, userAgent: string | undefined): boolean {
  if (method.toUpperCase() !== 'GET') return false;
  const ua = (userAgent ?? '').trim();
  if (ua === '') return false;
  return !PREVIEW_AGENTS.some((re) => re.test(ua));
}
