// Domain functions of the orchestration engine that the API calls directly (create a project
// and its run, pause / resume / cancel, answer a HITL request, assign a task). Each takes the
// database and its other dependencies as arguments and works inside one transaction.
export type { Actor, DomainDeps } from './deps';
export {
  createProjectFromIdea,
  pauseProject,
  resumeProject,
  cancelProject,
  forceCompleteProject,
  projectCompletion,
  checkProjectCompletion,
  type ProjectCompletion,
} from './projects';
export { startRun, pauseRun, resumeRun, cancelRun } from './runs';
export { respondToHitl, assignTask } from './hitl';
export { terminateSession, type TerminateOptions } from './sessions';
