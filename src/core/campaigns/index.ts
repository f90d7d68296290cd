export * from './result.js';
export * from './access.js';
export * from './engine-deps.js';
export * from './texting-hours.js';
export * from './campaign-lint.js';
export * from './campaign-service.js';
