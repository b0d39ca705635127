import type { UserRole } from '../types';

// What the dashboard offers each role. The API checks every call itself; this only hides
// controls a person could not use, so a viewer is not shown buttons that would be refused.

export interface Permissions {
  /** Pause / resume / cancel runs, answer approvals, create projects, terminate sessions. */
  canOperate: boolean;
  /** Create and edit agents. */
  canEdit: boolean;
  /** Reset agents, force-complete projects: admin-only operations. */
  canReset: boolean;
}

const RANK: Record<UserRole, number> = { viewer: 0, operator: 1, admin: 2 };

export function permissionsOf(role: UserRole | null): Permissions {
  const rank = role === null ? -1 : RANK[role];
  return { canOperate: rank >= RANK.operator, canEdit: rank >= RANK.operator, canReset: rank >= RANK.admin };
}
