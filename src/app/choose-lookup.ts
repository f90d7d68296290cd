import type { TFunction } from 'i18next';
import type { NumberLookup } from '../core/ports.js';
import type { Config } from './config.js';
import { createSimulatedLookup, createTwilioLookup } from '../adapters/lookup/index.js';

export interface LookupChoice {
  lookup: NumberLookup;
  unitPrice: number;
  /** Twilio bills in US dollars. */
  currency: 'USD';
  ratePerSecond: number;
  line: string;
}

/**
 * Twilio Lookup v2 (line type intelligence) when the Twilio credentials are set; else the
 * simulated lookup (sandbox: a fixed landline/VoIP/mobile mix for the 555-01xx sample numbers,
 * no cost). LOOKUP_API_URL points the Twilio adapter elsewhere (a local fake in tests).
 */
export function chooseLookup(config: Config, t: TFunction): LookupChoice {
  const common = { unitPrice: config.LOOKUP_UNIT_PRICE, currency: 'USD' as const, ratePerSecond: config.LOOKUP_RATE_PER_SECOND };
  if (config.TWILIO_ACCOUNT_SID && config.TWILIO_AUTH_TOKEN) {
    const lookup = createTwilioLookup({ accountSid: config.TWILIO_ACCOUNT_SID, authToken: config.TWILIO_AUTH_TOKEN, ...(config.LOOKUP_API_URL ? { baseUrl: config.LOOKUP_API_URL } : {}) });
    return { ...common, lookup, line: t('lookup:startup.twilio', { rate: config.LOOKUP_RATE_PER_SECOND, price: config.LOOKUP_UNIT_PRICE }) };
  }
  return { ...common, lookup: createSimulatedLookup(), line: t('lookup:startup.simulated') };
}
