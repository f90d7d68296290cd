// Barrel for the pure domain rules (issue 3): phones, time zones, templates, segments,
// opt-out detection, texting windows, script lint, frequency caps.
export * from './contacts/phone.js';
export * from './contacts/timezone.js';
export * from './contacts/area-code-zones.js';
