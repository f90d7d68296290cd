// Contact and message exports: pure row shaping; streaming lives in adapters/files.
export * from './csv-safe.js';
export * from './contact-row.js';
export * from './message-row.js';
