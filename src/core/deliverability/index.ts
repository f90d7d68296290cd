export * from './outcome.js';
export * from './settings.js';
export * from './evaluate.js';
export * from './store-port.js';
export * from './alert-job.js';
export * from './guardrail.js';
export * from './campaign-pause.js';
