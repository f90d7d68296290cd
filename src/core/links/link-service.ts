// Tracked links: each contact's own link per destination of its first text (made before the card
// shows it, so the card and the Send press render the same text) and of the replies it is sent
// (made at the press, the same link for the same destination), and the click path of the
// redirect route: only stored destinations are redirected to, and a voter's click is counted once
// per contact in stats, the A/B variant tallies and the `link.clicked` event.
import type { Campaign } from '../model/campaign.js';
import type { Contact } from '../model/contact.js';
import type { Org } from '../model/org.js';
import { bumpTally, type EngineDeps } from '../campaigns/engine-deps.js';
import { scriptFor } from '../campaigns/campaign-lint.js';
import { publishEvent } from '../webhooks/publish.js';
import { bumpVariant } from '../stats/variant-tallies.js';
import { templateLinks, type TemplateLinks } from '../scripts/template.js';
import { isLinkCode, trackedUrl } from './link-code.js';
import { countsAsClick } from './preview-agents.js';

/** Tally scopes of tracked links: `clicks` (every counted click) and `clickers` (contacts who clicked). */
export const linkTallyScope = (campaignId: string): string => `campaign:${campaignId}:links`;
/** One `link.clicked` event per contact (its first counted click). */
export const linkClickedEventId = (contactId: string): string => `link.clicked:${contactId}`;

export interface LinkRequest {
  method: string;
  userAgent?: string;
}

/** Destinations of the first texts a contact may get: its script's initial and every A/B variant of it. */
export function initialDestinations(org: Pick<Org, 'defaultLocale'>, campaign: Pick<Campaign, 'scripts'>, contact: Pick<Contact, 'language'>): string[] {
  const script = scriptFor(campaign, contact.language, org.defaultLocale);
  if (!script) return [];
  const variants = (script as { variants?: readonly { initial: string }[] }).variants ?? [];
  return [...new Set([script.initial, ...variants.map((v) => v.initial)].flatMap(templateLinks))];
}

export class LinkService {
  constructor(private readonly deps: EngineDeps) {}

  /** The contact's own link for each destination of its first text (created on first use, then the same). */
  async forInitial(org: Pick<Org, 'id' | 'defaultLocale'>, campaign: Pick<Campaign, 'id' | 'scripts'>, contact: Pick<Contact, 'id' | 'language'>): Promise<TemplateLinks> {
    return this.forDestinations(org.id, campaign.id, contact.id, initialDestinations(org, campaign, contact));
  }

  /**
   * The contact's own link for each tracked link of a reply (a quick reply, a survey answer's reply,
   * a typed `{link:...}`): the same link as its first text's for the same destination, so a
   * voter's clicks count once per contact wherever the link was sent.
   */
  async forReply(orgId: string, campaignId: string, contactId: string, template: string): Promise<TemplateLinks> {
    // Most replies hold no `{...}` at all: no parse on their press.
    if (!template.includes('{')) return {};
    return this.forDestinations(orgId, campaignId, contactId, templateLinks(template));
  }

  private async forDestinations(orgId: string, campaignId: string, contactId: string, urls: readonly string[]): Promise<TemplateLinks> {
    const links: Record<string, string> = {};
    for (const url of urls) {
      const link = await this.deps.store.links.ensure(orgId, { campaignId, contactId, url });
      links[url] = trackedUrl(this.deps.config.linkBaseUrl, link.code);
    }
    return links;
  }

  /**
   * A request to `<LINK_BASE_URL>/<code>`: the stored destination, or null (malformed or unknown
   * code: the route answers 404). The voter's click is counted; previews, scanners and HEAD are not.
   */
  async open(code: string, request: LinkRequest): Promise<{ location: string } | null> {
    if (!isLinkCode(code)) return null;
    const { store, clock } = this.deps;
    const link = await store.links.resolve(code);
    if (!link) return null;
    if (!countsAsClick(request.method, request.userAgent)) return { location: link.url };
    const now = clock.now();
    const click = await store.links.recordClick(code, now);
    if (!click) return { location: link.url };
    const contact = await store.contacts.recordLinkClick(link.orgId, link.contactId, now);
    const first = contact?.first === true;
    await bumpTally(this.deps, link.orgId, linkTallyScope(link.campaignId), first ? { clicks: 1, clickers: 1 } : { clicks: 1 });
    if (first) await this.firstClick(link.orgId, link.campaignId, link.contactId, link.url, now);
    return { location: link.url };
  }

  /** The contact's first counted click: its A/B variant's tally and the `link.clicked` event. */
  private async firstClick(orgId: string, campaignId: string, contactId: string, url: string, at: Date): Promise<void> {
    const { store } = this.deps;
    const contact = await store.contacts.get(orgId, contactId);
    if (contact) await bumpVariant(this.deps, orgId, campaignId, contact, 'clicked');
    const campaign = this.deps.events ? await store.campaigns.get(orgId, campaignId).catch(() => null) : null;
    await publishEvent(this.deps, {
      id: linkClickedEventId(contactId),
      type: 'link.clicked',
      orgId,
      at,
      campaignId,
      contactId,
      data: { campaign: campaign?.slug ?? null, url, ...(contact?.variant ? { variant: contact.variant } : {}) },
    });
  }
}
