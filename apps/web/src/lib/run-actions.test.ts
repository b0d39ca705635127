import { describe, expect, it } from 'vitest';
import { availableRunActions } from './run-actions';

describe('availableRunActions', () => {
  it('offers pause and cancel while a run goes', () => {
    expect(availableRunActions('running')).toEqual(['pause', 'cancel']);
    expect(availableRunActions('pending')).toEqual(['pause', 'cancel']);
  });

  it('offers resume for paused and failed runs', () => {
    expect(availableRunActions('paused')).toEqual(['resume', 'cancel']);
    expect(availableRunActions('failed')).toEqual(['resume', 'cancel']);
  });

  it('offers nothing once a run is over', () => {
    expect(availableRunActions('completed')).toEqual([]);
    expect(availableRunActions('cancelled')).toEqual([]);
  });
});
