// Number lookup adapters: Twilio Lookup v2 (line type intelligence) and the simulated one.
export { createTwilioLookup, failureOf, lineTypeOf, TWILIO_LOOKUP_URL, type TwilioLookupOptions } from './twilio-lookup.js';
export { createSimulatedLookup, simulatedLineType, type SimulatedLookup } from './simulated-lookup.js';
