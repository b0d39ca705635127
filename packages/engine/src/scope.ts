/** The envelope ids of an event about a task: its project, the task, and its run when it has one. */
export function taskScope(task: { id: string; projectId: string; runId: string | null }) {
  return { projectId: task.projectId, taskId: task.id, ...(task.runId ? { runId: task.runId } : {}) };
}
