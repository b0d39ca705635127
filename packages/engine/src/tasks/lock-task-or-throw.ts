import { AppError } from '@quarterdeck/contracts';
import { lockRunAndTask, type LockedRun, type LockedTask } from '../unit-of-work/locks';
import type { Work } from '../unit-of-work/transaction';

export async function lockTaskOrThrow(w: Work, taskId: string): Promise<{ run: LockedRun | null; task: LockedTask }> {
  const locked = await lockRunAndTask(w.tx, taskId);
  if (!locked) throw new AppError('NOT_FOUND', 'There is no such task', { field: 'taskId' });
  return locked;
}
