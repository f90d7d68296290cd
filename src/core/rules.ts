// Barrel for the pure domain rules: phones, time zones, templates, segments,
// opt-out detection, texting windows, script lint, frequency caps.
export * from './contacts/phone.js';
export * from './contacts/timezone.js';
export * from './contacts/area-code-zones.js';
export * from './scripts/template.js';
export * from './scripts/segments.js';
export * from './compliance/normalize-text.js';
export * from './compliance/opt-out-keywords.js';
export * from './compliance/classify-inbound.js';
export * from './compliance/texting-policy.js';
export * from './compliance/texting-window.js';
export * from './compliance/script-lint.js';
export * from './compliance/lint-data.js';
export * from './compliance/frequency.js';
