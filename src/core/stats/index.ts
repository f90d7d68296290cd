export * from './stats-service.js';
export * from './hourly.js';
