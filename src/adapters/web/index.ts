// The web sandbox adapter (DESIGN: web/): a local page that plays a chat workspace beside
// simulated voter phones. The app composes it; it imports no other adapter.
export { createSandboxChat } from './sandbox-chat.js';
export type { SandboxChat, SandboxChatOptions } from './sandbox-chat.js';
export type { SandboxChannel, SandboxMessage, SandboxFile, FileLink } from './chat-types.js';
export { sandboxPlugin, SAMPLE_UPLOAD_ID } from './plugin.js';
export { createSandboxDelivery } from './delivery.js';
export type { SandboxDelivery } from './delivery.js';
export type { SandboxPluginOptions } from './plugin.js';
export { defaultRoster, findMember } from './roster.js';
export type { SandboxMember } from './roster.js';
export { createCarrierPhonePanel, PhoneReplyError } from './phones.js';
export type { PhonePanel, PhoneView, PhoneText, CarrierLog, CarrierPhonePanelOptions } from './phones.js';
export { renderView, renderBlock } from './render.js';
export { escapeHtml, renderMarkdown } from './markdown.js';
export { sampleCsvPath, demoExtraCsvPath, sampleVoterNames } from './assets.js';
export { loadDemo, createDemoLoader, demoCampaignInput } from './demo.js';
export type { DemoDeps, DemoResult } from './demo.js';
export type { SandboxTranslate } from './page-strings.js';
