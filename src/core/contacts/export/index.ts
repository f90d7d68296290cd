// Contact and message exports (issue 4): pure row shaping; streaming lives in adapters/files.
export * from './csv-safe.js';
export * from './contact-row.js';
export * from './message-row.js';
