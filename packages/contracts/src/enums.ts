import { z } from 'zod';

// One zod enum per Prisma enum in prisma/schema.prisma, with the same name and the same
// values in the same order. enums.test.ts parses the Prisma schema and fails on any drift,
// so a value added to the database cannot be missing from the API (or the other way round).
// Each export is both the schema (`TaskStatus.parse(x)`, `TaskStatus.options`) and the type.

export const UserRole = z.enum(['viewer', 'operator', 'admin']);
export type UserRole = z.infer<typeof UserRole>;

export const ProjectStatus = z.enum(['active', 'paused', 'completed', 'failed', 'cancelled']);
export type ProjectStatus = z.infer<typeof ProjectStatus>;

export const RunStatus = z.enum(['pending', 'running', 'paused', 'completed', 'failed', 'cancelled']);
export type RunStatus = z.infer<typeof RunStatus>;

export const WaveStatus = z.enum(['pending', 'running', 'completed', 'failed']);
export type WaveStatus = z.infer<typeof WaveStatus>;

export const TaskStatus = z.enum(['pending', 'ready', 'working', 'waiting_for_hitl', 'completed', 'failed', 'cancelled']);
export type TaskStatus = z.infer<typeof TaskStatus>;

export const TaskPriority = z.enum(['critical', 'high', 'medium', 'low']);
export type TaskPriority = z.infer<typeof TaskPriority>;

export const VerificationStatus = z.enum(['pending', 'passed', 'failed', 'skipped']);
export type VerificationStatus = z.infer<typeof VerificationStatus>;

export const AgentRuntime = z.enum(['llm', 'cli']);
export type AgentRuntime = z.infer<typeof AgentRuntime>;

export const AgentStatus = z.enum(['idle', 'working', 'stuck', 'offline']);
export type AgentStatus = z.infer<typeof AgentStatus>;

export const SessionStatus = z.enum(['running', 'completed', 'failed', 'terminated', 'stuck']);
export type SessionStatus = z.infer<typeof SessionStatus>;

export const IterationStatus = z.enum(['running', 'completed', 'failed']);
export type IterationStatus = z.infer<typeof IterationStatus>;

export const QaResult = z.enum(['pending', 'passed', 'failed', 'skipped']);
export type QaResult = z.infer<typeof QaResult>;

export const ArtifactType = z.enum(['spec', 'plan', 'code', 'test', 'doc', 'log', 'review', 'decision', 'other']);
export type ArtifactType = z.infer<typeof ArtifactType>;

export const HitlKind = z.enum(['review', 'question', 'escalation']);
export type HitlKind = z.infer<typeof HitlKind>;

export const HitlStatus = z.enum(['pending', 'approved', 'rejected', 'amended', 'expired']);
export type HitlStatus = z.infer<typeof HitlStatus>;

export const ConversationPhase = z.enum(['initialization', 'exploration', 'discussion', 'consensus', 'completed']);
export type ConversationPhase = z.infer<typeof ConversationPhase>;

export const ConversationStatus = z.enum(['active', 'paused', 'completed']);
export type ConversationStatus = z.infer<typeof ConversationStatus>;

export const SenderType = z.enum(['agent', 'user', 'system']);
export type SenderType = z.infer<typeof SenderType>;

export const MessageType = z.enum([
  'discussion',
  'proposal',
  'question',
  'question_to_user',
  'user_response',
  'vote',
  'consensus',
  'summary',
]);
export type MessageType = z.infer<typeof MessageType>;

export const EventSeverity = z.enum(['debug', 'info', 'warning', 'error', 'critical']);
export type EventSeverity = z.infer<typeof EventSeverity>;

export const NotificationStatus = z.enum(['pending', 'sent', 'failed']);
export type NotificationStatus = z.infer<typeof NotificationStatus>;

/** Every enum above keyed by its Prisma name: what the drift test compares against the schema. */
export const prismaEnums = {
  UserRole,
  ProjectStatus,
  RunStatus,
  WaveStatus,
  TaskStatus,
  TaskPriority,
  VerificationStatus,
  AgentRuntime,
  AgentStatus,
  SessionStatus,
  IterationStatus,
  QaResult,
  ArtifactType,
  HitlKind,
  HitlStatus,
  ConversationPhase,
  ConversationStatus,
  SenderType,
  MessageType,
  EventSeverity,
  NotificationStatus,
} as const;

/** Severities from least to most urgent, for "this level or worse" filters and alert thresholds. */
export function severityAtLeast(severity: EventSeverity, threshold: EventSeverity): boolean {
  return EventSeverity.options.indexOf(severity) >= EventSeverity.options.indexOf(threshold);
}
