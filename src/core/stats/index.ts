export * from './stats-service.js';
