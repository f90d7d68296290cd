// Public surface of the domain. Other layers import from here.
// Each section is owned by one area; add `export * from` lines inside your section only.

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
