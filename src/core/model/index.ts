export * from './common.js';
export * from './org.js';
export * from './campaign.js';
export * from './contact.js';
export * from './conversation.js';
export * from './message.js';
export * from './opt-out.js';
export * from './audit.js';
