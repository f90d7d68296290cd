export * from './claim-service.js';
