export * from './stats-service.js';
export * from './hourly.js';
export * from './ab-test.js';
export * from './variant-stats.js';
export * from './variant-tallies.js';
