import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AppError } from './errors';
import { crontab, JOB_IDENTIFIERS, jobCatalogue, parseJobPayload, prepareJob, RECURRING_JOBS, type JobDefinition } from './jobs';

const TASK_ID = 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d';

describe('the job catalogue', () => {
  it.each(JOB_IDENTIFIERS)('%s has a payload schema, and survives a killed worker unless it recurs', (identifier) => {
    const definition: JobDefinition = jobCatalogue[identifier];
    expect(definition.payload).toBeInstanceOf(z.ZodType);
    expect(definition.maxAttempts).toBeGreaterThanOrEqual(definition.cron === undefined ? 2 : 1);
    expect(definition.description.length).toBeGreaterThan(0);
  });

  it('accepts the payload graphile-worker gives a recurring job', () => {
    const cronPayload = { _cron: { ts: '2026-01-14T10:30:00Z', backfilled: false } };
    for (const identifier of JOB_IDENTIFIERS) {
      if (jobCatalogue[identifier].cron !== undefined) expect(() => parseJobPayload(identifier, cronPayload), identifier).not.toThrow();
    }
    expect(parseJobPayload('qa_cycle', cronPayload)).toEqual({ trigger: 'cron' });
  });

  it('writes a crontab line per recurring job, keyed so a backlog cannot pile up', () => {
    const lines = crontab().split('\n');
    expect(lines).toContain('* * * * * system_heartbeat ?max=1&jobKey=system_heartbeat&jobKeyMode=replace');
    expect(lines).toContain('*/15 * * * * qa_cycle ?max=3&jobKey=qa_cycle&jobKeyMode=replace&queue=quarterdeck_qa');
    // The crontab's global tick shares the key an on-demand global tick gets, so one replaces the other.
    expect(lines).toContain('* * * * * orchestrator_tick ?max=3&jobKey=orchestrator_tick:all&jobKeyMode=replace');
    expect(lines).toHaveLength(RECURRING_JOBS.length);
    expect(
      lines.every((line) => /^\S+ \S+ \S+ \S+ \S+ [a-z_]+ \?max=\d+&jobKey=[a-z_:]+&jobKeyMode=replace(&queue=[a-z_]+)?$/.test(line)),
    ).toBe(true);
  });

  it('takes schedule overrides and a subset of jobs', () => {
    expect(crontab({ qa_cycle: '0 * * * *' }, ['qa_cycle'])).toBe(
      '0 * * * * qa_cycle ?max=3&jobKey=qa_cycle&jobKeyMode=replace&queue=quarterdeck_qa',
    );
  });

  it('has the jobs the worker runs', () => {
    expect(JOB_IDENTIFIERS).toEqual(
      expect.arrayContaining([
        'orchestrator_tick',
        'execute_task',
        'task_finished',
        'hitl_timeout',
        'qa_cycle',
        'watchdog_tick',
        'system_heartbeat',
      ]),
    );
  });
});

describe('parseJobPayload', () => {
  it('returns the typed payload', () => {
    expect(parseJobPayload('execute_task', { taskId: TASK_ID, attempt: 2 })).toEqual({ taskId: TASK_ID, attempt: 2 });
  });

  it('ignores fields a newer producer added (rolling upgrades)', () => {
    expect(parseJobPayload('hitl_timeout', { hitlRequestId: TASK_ID, addedLater: true })).toEqual({ hitlRequestId: TASK_ID });
  });

  it('throws BAD_REQUEST naming the bad fields', () => {
    try {
      parseJobPayload('execute_task', { taskId: 'nope' });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(AppError);
      if (error instanceof AppError) {
        expect(error.code).toBe('BAD_REQUEST');
        expect(error.issues.map((issue) => issue.path).sort()).toEqual(['attempt', 'taskId']);
      }
    }
  });
});

describe('prepareJob', () => {
  it('carries the catalogue’s attempts and a dedupe key per task attempt', () => {
    expect(prepareJob('execute_task', { taskId: TASK_ID, attempt: 1 })).toEqual({
      identifier: 'execute_task',
      payload: { taskId: TASK_ID, attempt: 1 },
      options: { maxAttempts: 5, jobKey: `execute_task:${TASK_ID}:1` },
    });
  });

  it('coalesces global orchestrator ticks under one key', () => {
    expect(prepareJob('orchestrator_tick', {}).options.jobKey).toBe('orchestrator_tick:all');
  });

  it('leaves the key out for jobs that must not be coalesced', () => {
    expect(prepareJob('qa_cycle', { trigger: 'manual' }).options).toEqual({ maxAttempts: 3, queueName: 'quarterdeck_qa' });
  });
});
