// The platform-neutral Textbank commands. Every chat platform only translates: its
// adapter turns payloads into Invocations for createDispatcher and renders the Replies.
import type { CommandDefinition, HandlerContext, InteractionDefinition } from './framework/definition.js';
import type { Invocation } from './framework/invocation.js';
import type { Reply } from '../core/views/view.js';
import type { Services } from './services.js';
import { helpCommand } from './help.js';
import { setupCommand } from './setup.js';
import { roleGrantCommand, roleRevokeCommand } from './role.js';
import { campaignCreateCommand, campaignCreateModal, campaignListCommand, campaignShowCommand } from './campaign.js';
import { archiveConfirmAction, campaignArchiveCommand, campaignPauseCommand, campaignResumeCommand, campaignStartCommand } from './campaign-status.js';
import { importCommand, importModal } from './import.js';
import { scriptEditCommand, scriptModal, scriptShowCommand } from './script.js';
import { trackLinksAction } from './links.js';
import { scriptMediaCommand, scriptMediaModal } from './script-media.js';
import { scriptRetireCommand, scriptVariantsCommand, variantModalHandler, variantRestoreButton, variantRetireButton } from './script-variants.js';
import { surveyAddCommand, surveyEditCommand, surveyModal, surveyRemoveCommand, surveyReorderCommand, surveyShowCommand } from './survey.js';
import { tagsAddCommand, tagsListCommand, tagsModal, tagsRemoveCommand, tagsRenameCommand } from './tags.js';
import { postCommand } from './post.js';
import { claimCommand, releaseCommand } from './claim.js';
import { statsCommand } from './stats.js';
import { exportCommand } from './export.js';
import { followupCommand } from './followup.js';
import { optOutAddCommand, optOutCheckCommand, optOutImportCommand, optOutRemoveCommand } from './optout.js';
import { settingsCommand, settingsModal } from './settings.js';
import { campaignDisclaimerCommand, campaignDisclaimerModal } from './campaign-disclaimer.js';
import { sandboxDemoCommand } from './sandbox.js';
import { crmConnectCommand, crmConnectModal, crmDisconnectCommand, crmStatusCommand, crmSyncCommand } from './crm.js';
import { lookupCommand, lookupRunAction } from './lookup.js';
import { segmentCommand, segmentFormAction, segmentFormModal } from './segment.js';
import { crmMapCommand, crmMapModal, crmMapPageAction } from './crm-map.js';
import { webhooksAddCommand, webhooksEnableCommand, webhooksListCommand, webhooksRemoveCommand, webhooksTestCommand } from './webhooks.js';
import { claimAction, claimMoreAction, endSessionAction, sendAction, skipAction, wrongNumberAction } from './interactions/card.js';
import { claimSegmentAction } from './interactions/segment-claim.js';
import { cannedAction, confirmOptOutAction, dismissOptOutAction, surveyAction, surveyReplyAction, tagAction } from './interactions/conversation.js';
import { triageAnswerAction, triageDraftAction, triageOutcomeAction } from './interactions/triage-actions.js';
import { reassignAction, reassignSelfAction } from './interactions/reassign.js';
import { reviewInteractions } from './review/interactions.js';
import { deliverabilityResumeAction } from './deliverability.js';
import { threadMessage } from './thread-message.js';
import { pauseCommand, resumeCommand } from './pause.js';
import { claimRepliesAction } from './reply-pool.js';

export interface TextbankCommands {
  commands: CommandDefinition<Services>[];
  interactions: InteractionDefinition<Services, unknown>[];
  threadMessage(ctx: HandlerContext<Services>, inv: Extract<Invocation, { kind: 'thread_message' }>): Promise<Reply | Reply[]>;
}

/** Everything createDispatcher needs (besides store, clock, translator and services). */
export function createTextbankCommands(): TextbankCommands {
  const commands: CommandDefinition<Services>[] = [];
  commands.push(
    helpCommand(() => commands),
    setupCommand,
    roleGrantCommand,
    roleRevokeCommand,
    campaignCreateCommand,
    campaignListCommand,
    campaignShowCommand,
    campaignStartCommand,
    campaignPauseCommand,
    campaignResumeCommand,
    campaignArchiveCommand,
    campaignDisclaimerCommand,
    importCommand,
    scriptShowCommand,
    scriptEditCommand,
    scriptMediaCommand,
    scriptVariantsCommand,
    scriptRetireCommand,
    surveyShowCommand,
    surveyAddCommand,
    surveyEditCommand,
    surveyReorderCommand,
    surveyRemoveCommand,
    tagsListCommand,
    tagsAddCommand,
    tagsRemoveCommand,
    tagsRenameCommand,
    postCommand,
    claimCommand,
    releaseCommand,
    pauseCommand,
    resumeCommand,
    statsCommand,
    exportCommand,
    followupCommand,
    optOutAddCommand,
    optOutRemoveCommand,
    optOutCheckCommand,
    optOutImportCommand,
    settingsCommand,
    webhooksAddCommand,
    webhooksListCommand,
    webhooksRemoveCommand,
    webhooksTestCommand,
    webhooksEnableCommand,
    sandboxDemoCommand,
    crmConnectCommand,
    crmMapCommand,
    crmSyncCommand,
    crmStatusCommand,
    crmDisconnectCommand,
    lookupCommand,
    segmentCommand,
  );
  const interactions = [
    claimAction,
    claimSegmentAction,
    segmentFormAction,
    segmentFormModal,
    claimMoreAction,
    claimRepliesAction,
    sendAction,
    skipAction,
    wrongNumberAction,
    endSessionAction,
    cannedAction,
    surveyAction,
    surveyReplyAction,
    triageAnswerAction,
    triageDraftAction,
    triageOutcomeAction,
    confirmOptOutAction,
    dismissOptOutAction,
    tagAction,
    reassignAction,
    reassignSelfAction,
    archiveConfirmAction,
    campaignCreateModal,
    importModal,
    scriptModal,
    trackLinksAction,
    scriptMediaModal,
    variantModalHandler,
    variantRetireButton,
    variantRestoreButton,
    surveyModal,
    tagsModal,
    settingsModal,
    campaignDisclaimerModal,
    crmConnectModal,
    crmMapPageAction,
    crmMapModal,
    lookupRunAction,
    ...reviewInteractions,
    deliverabilityResumeAction,
  ] as InteractionDefinition<Services, unknown>[];
  return { commands, interactions, threadMessage };
}

export type { Services, FileService, FileSource, SandboxService, ChatAccess, ImportCsvInput, ExportCsvInput } from './services.js';
export { createChatNotifier, ChatNotifyJob, type ChatNotifier, type ChatNotifierDeps } from './notify.js';
export { registerReplyTimerHandlers, createReplyTimerHandlers } from './reply-pool.js';
export { registerDeliverabilityAlerts, createDeliverabilityAlerts } from './deliverability.js';
export { ACTION, MODAL } from './actions.js';
