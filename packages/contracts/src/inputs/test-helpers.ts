import type { z } from 'zod';
import { formatIssues, type ValidationIssue } from '../issues';

/** The {path, message} issues a schema reports for an input, or [] when it accepts it. */
export function issuesOf(schema: z.ZodType, input: unknown): ValidationIssue[] {
  const result = schema.safeParse(input);
  return result.success ? [] : formatIssues(result.error.issues);
}

/** Just the paths, for assertions that care where the problem is. */
export function pathsOf(schema: z.ZodType, input: unknown): string[] {
  return issuesOf(schema, input).map((issue) => issue.path);
}

export const PROJECT_ID = '7f3c1a52-4b8e-4d7a-9c21-0e6b5f4a3d10';
export const TASK_ID = 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d';
export const AGENT_ID = '0b9d7e4c-2a61-4f3e-b8d5-6c7a9e1f2d30';
