/**
 * The Store contract (CONVENTIONS §11b): one suite that every Store implementation runs.
 * Stores under test must use `contractClock` (fixed at CONTRACT_NOW): the suite never reads
 * the real clock. Sections live in ./store/*.contract.ts to keep files small.
 */
import type { Store } from '../../src/core/ports.js';
import { orgsContract } from './store/orgs.contract.js';
import { contactsContract } from './store/contacts.contract.js';
import { conversationsContract } from './store/conversations.contract.js';
import { messagesContract } from './store/messages.contract.js';
import { optOutsContract } from './store/opt-outs.contract.js';
import { isolationContract } from './store/isolation.contract.js';
import { concurrencyContract } from './store/concurrency.contract.js';
import { talliesContract } from './store/tallies.contract.js';
import { conversationCloseContract } from './store/conversation-close.contract.js';
import { replyPoolContract } from './store/reply-pool.contract.js';
import { reviewsContract } from './store/reviews.contract.js';
import { crmContract } from './store/crm.contract.js';
import { webhooksContract } from './store/webhooks.contract.js';
import { linksContract } from './store/links.contract.js';
import { lookupsContract } from './store/lookups.contract.js';
import { deliverabilityContract } from './store/deliverability.contract.js';
import { mediaContract } from './store/media.contract.js';
import { followUpsContract } from './store/follow-ups.contract.js';
import { segmentsContract } from './store/segments.contract.js';
import { variantsContract } from './store/variants.contract.js';

export { CONTRACT_NOW, contractClock } from './store/fixtures.js';

export function storeContract(get: () => Store): void {
  orgsContract(get);
  contactsContract(get);
  conversationsContract(get);
  messagesContract(get);
  optOutsContract(get);
  isolationContract(get);
  concurrencyContract(get);
  talliesContract(get);
  conversationCloseContract(get);
  replyPoolContract(get);
  reviewsContract(get);
  crmContract(get);
  webhooksContract(get);
  linksContract(get);
  lookupsContract(get);
  deliverabilityContract(get);
  mediaContract(get);
  followUpsContract(get);
  segmentsContract(get);
  variantsContract(get);
}
