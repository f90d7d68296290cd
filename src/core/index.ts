// Public surface of the domain (the names acceptance tests and other layers rely on).

// --- rules (phones, scripts, segments, opt-out detection, windows, lint, caps) ---
export * from './rules.js';

// --- model and ports ---
export * from './model/index.js';
export * from './views/view.js';
export type * from './ports.js';
export * from './errors.js';
export * from './i18n/lang.js';

// --- services ---
export * from './engine.js';
export * from './engine-config.js';
export * from './campaigns/index.js';
export * from './assignments/index.js';
export * from './conversations/index.js';
export * from './stats/index.js';
export * from './compliance/sms-errors.js';
export * from './triage/index.js';

// --- contacts: import, export, window keys ---
export * from './contacts/import/index.js';
export * from './contacts/export/index.js';
export * from './contacts/window-key.js';
