import { JOB_IDENTIFIERS, RECURRING_JOBS } from '@quarterdeck/contracts';
import { createDb } from '@quarterdeck/db';
import pino from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { readWorkerSettings } from '../env';
import { createCpuPool } from '../pool/cpu-pool';
import type { JobModule, WorkerServices } from './job-module';
import { defaultJobModules } from './modules';
import { buildTaskList, handledJobs, JobWiringError, unhandledJobs } from './task-list';

// Building the handlers connects to nothing: the database client connects on first use.
const services: WorkerServices = {
  db: createDb('postgresql://nobody@127.0.0.1:1/unused'),
  logger: pino({ level: 'silent' }),
  pool: createCpuPool({ maxThreads: 1 }),
  workerId: 'wiring-test',
  shutdownSignal: new AbortController().signal,
};
afterAll(async () => {
  await services.pool.destroy();
  await services.db.$disconnect();
});

describe('the worker handles the job catalogue', () => {
  it('every catalogued job has exactly one handler among the default modules', () => {
    const handled = handledJobs(defaultJobModules(readWorkerSettings({})), services);
    expect(unhandledJobs(handled)).toEqual([]);
    expect([...handled.keys()].sort()).toEqual([...JOB_IDENTIFIERS].sort());
  });

  it('refuses a job handled by two modules', () => {
    const twice: JobModule[] = [
      { name: 'one', handlers: () => ({ system_heartbeat: async () => {} }) },
      { name: 'two', handlers: () => ({ system_heartbeat: async () => {} }) },
    ];
    expect(() => handledJobs(twice, services)).toThrow(JobWiringError);
    expect(() => handledJobs(twice, services)).toThrow('system_heartbeat is handled by both one and two');
  });

  it('schedules every recurring job it handles, with the settings’ overrides', () => {
    const settings = readWorkerSettings({ QUARTERDECK_QA_CRON: '*/5 * * * *', QUARTERDECK_ORCHESTRATOR_TICK_SECONDS: '180' });
    const { taskList, crontab } = buildTaskList(defaultJobModules(settings), services);
    expect(Object.keys(taskList).sort()).toEqual([...JOB_IDENTIFIERS].sort());
    const lines = crontab.split('\n');
    expect(lines).toHaveLength(RECURRING_JOBS.length);
    expect(lines).toContain('*/5 * * * * qa_cycle ?max=3&jobKey=qa_cycle&jobKeyMode=replace&queue=quarterdeck_qa');
    expect(lines.find((line) => line.includes(' orchestrator_tick '))).toMatch(/^\*\/3 \* \* \* \* orchestrator_tick/);
  });

  it('hands each handler its payload parsed against the catalogue, and fails a bad one', async () => {
    const seen: unknown[] = [];
    const { taskList } = buildTaskList(
      [{ name: 'probe', handlers: () => ({ hitl_timeout: async (payload) => void seen.push(payload) }) }],
      services,
    );
    const handler = taskList.hitl_timeout;
    if (!handler) throw new Error('no hitl_timeout handler');
    const id = '0d2d3c1e-8e0e-4f5f-9a4b-2d1c0b9a8f7e';
    await handler({ hitlRequestId: id, extra: 'ignored' }, undefined as never);
    expect(seen).toEqual([{ hitlRequestId: id }]);
    await expect(handler({ hitlRequestId: 'not-an-id' }, undefined as never)).rejects.toThrow('Job hitl_timeout has an invalid payload');
  });
});
