// @quarterdeck/engine: the one owner of run, wave, task, agent, session, iteration, HITL
// request, artifact and conversation state. Every app calls these named transitions; none
// writes those tables itself (a test and a lint rule hold that). See README.md for the map.

// The unit of work: one transaction, one typed emit, one enqueue, one lock order.
export { inTransaction, type Work, type Tx } from './unit-of-work/transaction';
export { publishEvent, publishEvents } from './unit-of-work/publish';
export { enqueue, type EnqueueOptions } from './unit-of-work/enqueue';
export * from './statuses';
export { defaultEngineConfig, tickCron, type EngineConfig } from './config';
export { domainFailureConfig, parseInput, type Actor, type DomainDeps } from './deps';

// Projects
export { createProjectFromIdea, nameFromIdea } from './projects/create-project';
export { pauseProject, resumeProject, cancelProject, forceCompleteProject } from './projects/change-project-status';
export { updateProjectFields } from './projects/update-project';
export { deleteProject, projectDeletionImpact, type ProjectDeletion } from './projects/delete-project';
export { projectCompletion, checkProjectCompletion, type ProjectCompletion } from './projects/project-completion';

// Runs
export { startRun } from './runs/start-run';
export { pauseRun } from './runs/pause-run';
export { resumeRun } from './runs/resume-run';
export { cancelRun } from './runs/cancel-run';
export { advanceRun, assignReadyWork } from './runs/advance-run';

// Tasks
export { createTask, handoffsOfRole } from './tasks/create-task';
export { updateTask } from './tasks/update-task';
export { deleteTask } from './tasks/delete-task';
export { assignTask } from './tasks/reassign-task';
export { cancelTask } from './tasks/cancel-task';
export { retryTask } from './tasks/retry-task';
export { skipTask } from './tasks/skip-task';
export { requeueOrphanedAttempts } from './tasks/requeue-orphans';

// Agents
export { changeAgentStatus, freeAgent, type AgentStatusChange } from './agents/change-agent-status';
export { createAgent } from './agents/create-agent';
export { updateAgent } from './agents/update-agent';
export { deleteAgent } from './agents/delete-agent';
export { resetAgent } from './agents/reset-agent';
export { assignAgentToProject } from './agents/assign-agent-to-project';
export { projectLabel, teamAgentName } from './agents/create-team-agents';
export { applyHeartbeats, releaseAnsweredAgents, type BeatingSession } from './agents/heartbeats';

// Executing an attempt
export type {
  AgentExecutor,
  ExecutionAgent,
  ExecutionInput,
  ExecutionIO,
  ExecutionOutcome,
  ExecutionStep,
  ProducedFile,
} from './execution/execution-types';
export { claimAttempt, type Claim, type ClaimDeps } from './execution/claim-attempt';
export { recordOutcome, type RecordOutcomeDeps } from './execution/record-outcome';
export { createSessionIO, watchSession, type SessionRef } from './execution/session-output';
export { canonicalJson, contentHash } from './artifacts/store-artifact';

// Sessions and the watchdog's actions
export { terminateSession, type TerminateOptions } from './sessions/terminate-session';
export { stopStuckSession, type StopResult, type StuckSession } from './sessions/stop-stuck-session';
export {
  chooseAction,
  DEFAULT_STUCK_POLICY,
  ESCALATION_OPTIONS,
  escalationQuestion,
  feedbackWithFindings,
  type Finding,
  type StuckPolicy,
} from './sessions/stuck-policy';
export { saveAnalyserStates, type AnalyserStateSave } from './sessions/save-analyser-states';

// Human requests
export { respondToHitl } from './hitl/respond-to-hitl';
export { expireHitlRequest } from './hitl/expire-hitl-request';

// QA
export { recordQaVerdict, type IterationUnderQa, type QaVerdict } from './qa/record-verdict';
export { startQaAudit, finishQaAudit, type QaAuditTotals } from './qa/qa-audits';
export { recordManualQaResult } from './qa/record-manual-qa-result';
export { triggerQa } from './qa/trigger-qa';

// Discussions and decisions
export { createConversation } from './conversations/create-conversation';
export { updateConversation, deleteConversation } from './conversations/update-conversation';
export { postUserMessage, editUserMessage } from './conversations/post-user-message';
export { recordDecision } from './decisions/record-decision';

// LLM usage
export { recordLlmUsage, type LlmUsageRecord, type UsageEnvelope } from './usage/record-llm-usage';
