import type {
  AgentStatus,
  ConversationPhase,
  ConversationStatus,
  DecimalString,
  EventSeverity,
  HitlStatus,
  IsoDate,
  IterationStatus,
  NotificationStatus,
  ProjectStatus,
  QaResult,
  RunStatus,
  SessionStatus,
  TaskPriority,
  TaskStatus,
  VerificationStatus,
  WaveStatus,
} from '../types';

// ───────────── status → label and colour ─────────────

/**
 * A colour role, not a colour: styles.css maps each tone to a variable per theme, so the
 * same status reads correctly in light and dark mode and meaning never rests on hue alone
 * (every badge also carries its label).
 */
export type Tone = 'neutral' | 'info' | 'progress' | 'success' | 'warning' | 'danger' | 'muted';

export interface StatusDisplay {
  label: string;
  tone: Tone;
}

/** Every status-like Prisma enum, by the short name the UI uses for it. */
export interface StatusEnums {
  project: ProjectStatus;
  run: RunStatus;
  wave: WaveStatus;
  task: TaskStatus;
  priority: TaskPriority;
  verification: VerificationStatus;
  agent: AgentStatus;
  session: SessionStatus;
  iteration: IterationStatus;
  qa: QaResult;
  hitl: HitlStatus;
  conversation: ConversationStatus;
  phase: ConversationPhase;
  severity: EventSeverity;
  notification: NotificationStatus;
}

export type StatusKind = keyof StatusEnums;

/** The Prisma enum each kind mirrors; a test checks both sides against prisma/schema.prisma. */
export const PRISMA_ENUM_OF_KIND: Record<StatusKind, string> = {
  project: 'ProjectStatus',
  run: 'RunStatus',
  wave: 'WaveStatus',
  task: 'TaskStatus',
  priority: 'TaskPriority',
  verification: 'VerificationStatus',
  agent: 'AgentStatus',
  session: 'SessionStatus',
  iteration: 'IterationStatus',
  qa: 'QaResult',
  hitl: 'HitlStatus',
  conversation: 'ConversationStatus',
  phase: 'ConversationPhase',
  severity: 'EventSeverity',
  notification: 'NotificationStatus',
};

// Key order is display order (filters and legends list values in this order).
export const STATUS_DISPLAY: { [K in StatusKind]: Record<StatusEnums[K], StatusDisplay> } = {
  project: {
    active: { label: 'Active', tone: 'progress' },
    paused: { label: 'Paused', tone: 'warning' },
    completed: { label: 'Completed', tone: 'success' },
    failed: { label: 'Failed', tone: 'danger' },
    cancelled: { label: 'Cancelled', tone: 'muted' },
  },
  run: {
    pending: { label: 'Pending', tone: 'neutral' },
    running: { label: 'Running', tone: 'progress' },
    paused: { label: 'Paused', tone: 'warning' },
    completed: { label: 'Completed', tone: 'success' },
    failed: { label: 'Failed', tone: 'danger' },
    cancelled: { label: 'Cancelled', tone: 'muted' },
  },
  wave: {
    pending: { label: 'Pending', tone: 'neutral' },
    running: { label: 'Running', tone: 'progress' },
    completed: { label: 'Completed', tone: 'success' },
    failed: { label: 'Failed', tone: 'danger' },
  },
  task: {
    pending: { label: 'Pending', tone: 'neutral' },
    ready: { label: 'Ready', tone: 'info' },
    working: { label: 'Working', tone: 'progress' },
    waiting_for_hitl: { label: 'Waiting for a human', tone: 'warning' },
    completed: { label: 'Completed', tone: 'success' },
    failed: { label: 'Failed', tone: 'danger' },
    cancelled: { label: 'Cancelled', tone: 'muted' },
  },
  priority: {
    critical: { label: 'Critical', tone: 'danger' },
    high: { label: 'High', tone: 'warning' },
    medium: { label: 'Medium', tone: 'info' },
    low: { label: 'Low', tone: 'neutral' },
  },
  verification: {
    pending: { label: 'Not verified', tone: 'neutral' },
    passed: { label: 'Verified', tone: 'success' },
    failed: { label: 'Verification failed', tone: 'danger' },
    skipped: { label: 'Verification skipped', tone: 'muted' },
  },
  agent: {
    idle: { label: 'Idle', tone: 'neutral' },
    working: { label: 'Working', tone: 'progress' },
    stuck: { label: 'Stuck', tone: 'danger' },
    offline: { label: 'Offline', tone: 'muted' },
  },
  session: {
    running: { label: 'Running', tone: 'progress' },
    completed: { label: 'Completed', tone: 'success' },
    failed: { label: 'Failed', tone: 'danger' },
    terminated: { label: 'Terminated', tone: 'muted' },
    stuck: { label: 'Stuck', tone: 'danger' },
  },
  iteration: {
    running: { label: 'Running', tone: 'progress' },
    completed: { label: 'Completed', tone: 'success' },
    failed: { label: 'Failed', tone: 'danger' },
  },
  qa: {
    pending: { label: 'QA pending', tone: 'neutral' },
    passed: { label: 'QA passed', tone: 'success' },
    failed: { label: 'QA failed', tone: 'danger' },
    skipped: { label: 'QA skipped', tone: 'muted' },
  },
  hitl: {
    pending: { label: 'Waiting', tone: 'warning' },
    approved: { label: 'Approved', tone: 'success' },
    rejected: { label: 'Rejected', tone: 'danger' },
    amended: { label: 'Amended', tone: 'info' },
    expired: { label: 'Expired', tone: 'muted' },
  },
  conversation: {
    active: { label: 'Active', tone: 'progress' },
    paused: { label: 'Paused', tone: 'warning' },
    completed: { label: 'Completed', tone: 'success' },
  },
  phase: {
    initialization: { label: 'Initialisation', tone: 'neutral' },
    exploration: { label: 'Exploration', tone: 'info' },
    discussion: { label: 'Discussion', tone: 'progress' },
    consensus: { label: 'Consensus', tone: 'warning' },
    completed: { label: 'Completed', tone: 'success' },
  },
  severity: {
    debug: { label: 'Debug', tone: 'muted' },
    info: { label: 'Info', tone: 'info' },
    warning: { label: 'Warning', tone: 'warning' },
    error: { label: 'Error', tone: 'danger' },
    critical: { label: 'Critical', tone: 'danger' },
  },
  notification: {
    pending: { label: 'Queued', tone: 'neutral' },
    sent: { label: 'Sent', tone: 'success' },
    failed: { label: 'Failed', tone: 'danger' },
  },
};

export function statusDisplay<K extends StatusKind>(kind: K, value: StatusEnums[K]): StatusDisplay {
  const byValue: Record<StatusEnums[K], StatusDisplay> = STATUS_DISPLAY[kind];
  return byValue[value];
}

/** The values of one enum in display order, e.g. for a filter's options. */
export function statusValues<K extends StatusKind>(kind: K): Array<StatusEnums[K]> {
  const byValue: Record<StatusEnums[K], StatusDisplay> = STATUS_DISPLAY[kind];
  // Object.keys loses the key type; the record's keys are exactly the enum's values.
  return Object.keys(byValue) as Array<StatusEnums[K]>;
}

/** The CSS colour for a tone (defined per theme in styles.css). */
export function toneColor(tone: Tone): string {
  return `var(--tone-${tone})`;
}

// ───────────── time ─────────────

const RELATIVE_UNITS: Array<[Intl.RelativeTimeFormatUnit, number]> = [
  ['year', 365 * 24 * 3600],
  ['month', 30 * 24 * 3600],
  ['week', 7 * 24 * 3600],
  ['day', 24 * 3600],
  ['hour', 3600],
  ['minute', 60],
  ['second', 1],
];

/** "just now", "5 minutes ago", "in 2 hours"; `now` is a parameter so callers can tick it. */
export function formatRelativeTime(iso: IsoDate, now: number = Date.now(), locale = 'en'): string {
  const then = Date.parse(iso);
  if (Number.isNaN(then)) return 'unknown time';
  const seconds = Math.round((then - now) / 1000);
  if (Math.abs(seconds) < 10) return 'just now';
  const format = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
  for (const [unit, size] of RELATIVE_UNITS) {
    if (Math.abs(seconds) >= size) return format.format(Math.trunc(seconds / size), unit);
  }
  return 'just now';
}

/** A full local timestamp, for tooltips beside a relative time. */
export function formatTimestamp(iso: IsoDate, locale = 'en'): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return 'unknown time';
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'medium' }).format(date);
}

/** "850 ms", "42 s", "3 min 05 s", "2 h 14 min", "3 d 4 h". Negative input counts as zero. */
export function formatDuration(ms: number): string {
  const clamped = Math.max(0, ms);
  if (clamped < 1000) return `${Math.round(clamped)} ms`;
  const totalSeconds = Math.floor(clamped / 1000);
  if (totalSeconds < 60) return `${totalSeconds} s`;
  const totalMinutes = Math.floor(totalSeconds / 60);
  if (totalMinutes < 60) return `${totalMinutes} min ${pad2(totalSeconds % 60)} s`;
  const totalHours = Math.floor(totalMinutes / 60);
  if (totalHours < 24) return `${totalHours} h ${pad2(totalMinutes % 60)} min`;
  return `${Math.floor(totalHours / 24)} d ${totalHours % 24} h`;
}

/** How long something ran: until `end`, or until `now` while it is still running. */
export function formatElapsed(start: IsoDate, end: IsoDate | null, now: number = Date.now()): string {
  const startMs = Date.parse(start);
  const endMs = end === null ? now : Date.parse(end);
  if (Number.isNaN(startMs) || Number.isNaN(endMs)) return '—';
  return formatDuration(endMs - startMs);
}

function pad2(value: number): string {
  return String(value).padStart(2, '0');
}

// ───────────── numbers ─────────────

/** "950", "12.3k", "1.25M": token counts read at a glance; exact counts go in a title. */
export function formatTokens(count: number): string {
  if (!Number.isFinite(count)) return '—';
  const abs = Math.abs(count);
  if (abs < 1000) return String(Math.round(count));
  if (abs < 1_000_000) return `${trimZeros((count / 1000).toFixed(abs < 10_000 ? 2 : 1))}k`;
  if (abs < 1_000_000_000) return `${trimZeros((count / 1_000_000).toFixed(2))}M`;
  return `${trimZeros((count / 1_000_000_000).toFixed(2))}B`;
}

function trimZeros(fixed: string): string {
  return fixed.includes('.') ? fixed.replace(/\.?0+$/, '') : fixed;
}

/** Dollars with enough digits that a cheap local call does not read as "$0.00". */
export function formatCostUsd(amount: DecimalString | number): string {
  const value = typeof amount === 'number' ? amount : Number(amount);
  if (!Number.isFinite(value)) return '—';
  if (value === 0) return '$0';
  const digits = Math.abs(value) < 1 ? 4 : 2;
  return `$${value.toFixed(digits)}`;
}

export function formatPercent(value: number): string {
  if (!Number.isFinite(value)) return '—';
  return `${Math.round(Math.min(100, Math.max(0, value)))}%`;
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${trimZeros((bytes / 1024).toFixed(1))} KB`;
  return `${trimZeros((bytes / (1024 * 1024)).toFixed(1))} MB`;
}

// ───────────── events ─────────────

/**
 * Orders event-log ids, which are Postgres bigints carried as decimal strings: a shorter
 * id is a smaller number ("9" < "10"), equal lengths compare as text.
 */
export function compareEventIds(a: string, b: string): number {
  if (a.length !== b.length) return a.length - b.length;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** "task.completed" → "Task completed": the catalogue's dotted names, as a sentence. */
export function humanizeEventType(type: string): string {
  const words = type.split(/[._-]+/).filter((word) => word.length > 0);
  const sentence = words.join(' ');
  return sentence.charAt(0).toUpperCase() + sentence.slice(1);
}
