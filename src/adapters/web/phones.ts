/**
 * The "phones" panel: every voter phone the simulated carrier has texted, with the texts it
 * received and the replies the voter typed. The app passes a PhonePanel; `createCarrierPhonePanel`
 * builds one from any carrier that records sends and accepts injected replies (structural types,
 * so this adapter imports no other adapter).
 */

export interface PhoneText {
  /** 'org': a text the voter received; 'voter': a text the voter sent. */
  from: 'org' | 'voter';
  body: string;
  at: string;
  /** MMS: the addresses of the media that came with the text (the phone shows pictures). */
  media?: string[];
}

export interface PhoneView {
  /** E.164 phone of the voter. */
  phone: string;
  /** The voter's name when known (sample data). */
  name?: string;
  texts: PhoneText[];
  /** Last activity (ISO). */
  lastAt: string;
}

export interface PhonePanel {
  list(): PhoneView[];
  /** The voter at `from` texts back (to the number that texted them). */
  reply(from: string, body: string): Promise<void>;
}

/** What createCarrierPhonePanel needs from a carrier (the simulated carrier has all of it). */
export interface CarrierLog {
  sent(): { to: string; body: string; from?: string; messagingServiceSid?: string; mediaUrls?: string[]; at: Date }[];
  inbound(): { from: string; body: string; at: Date }[];
  injectReply(m: { from: string; to: string; body: string }): Promise<unknown>;
}

export interface CarrierPhonePanelOptions {
  carrier: CarrierLog;
  /** The org number a voter answers when no text to them names one (messaging-service sends). */
  orgNumber(): string | undefined;
  /** A display name for a phone (e.g. from the sample voter list). */
  nameOf?(phone: string): string | undefined;
}

export class PhoneReplyError extends Error {
  constructor(readonly code: 'unknown_phone' | 'no_org_number') {
    super(code === 'unknown_phone' ? 'that phone has received no text' : 'no org number to reply to');
    this.name = 'PhoneReplyError';
  }
}

export function createCarrierPhonePanel(opts: CarrierPhonePanelOptions): PhonePanel {
  return {
    list() {
      const byPhone = new Map<string, PhoneView>();
      const push = (phone: string, text: PhoneText): void => {
        let view = byPhone.get(phone);
        if (!view) {
          const name = opts.nameOf?.(phone);
          view = { phone, ...(name ? { name } : {}), texts: [], lastAt: text.at };
          byPhone.set(phone, view);
        }
        view.texts.push(text);
        if (text.at > view.lastAt) view.lastAt = text.at;
      };
      for (const s of opts.carrier.sent()) push(s.to, { from: 'org', body: s.body, at: s.at.toISOString(), ...(s.mediaUrls?.length ? { media: [...s.mediaUrls] } : {}) });
      // Only phones the org texted have a phone on the page; their replies join them.
      for (const m of opts.carrier.inbound()) if (byPhone.has(m.from)) push(m.from, { from: 'voter', body: m.body, at: m.at.toISOString() });
      // Phones stay in the order they were first texted (the page keeps its cards in place).
      const views = [...byPhone.values()];
      for (const v of views) v.texts.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
      return views;
    },

    async reply(from, body) {
      const last = opts.carrier.sent().filter((s) => s.to === from).at(-1);
      if (!last) throw new PhoneReplyError('unknown_phone');
      const to = last.from ?? opts.orgNumber();
      if (!to) throw new PhoneReplyError('no_org_number');
      await opts.carrier.injectReply({ from, to, body });
    },
  };
}
