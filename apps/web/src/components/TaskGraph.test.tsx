// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { TaskGraph } from './TaskGraph';
import type { GraphTaskInput } from '../lib/graph-layout';

afterEach(cleanup);

const tasks: GraphTaskInput[] = [
  { id: 'a', title: 'Analyse the idea', role: 'analyst', status: 'completed', waveNumber: 1, dependsOn: [] },
  { id: 'b', title: 'Write the spec', role: 'product manager', status: 'working', waveNumber: 2, dependsOn: ['a'] },
];

describe('TaskGraph', () => {
  it('draws each task as a focusable button named by title, role and status', () => {
    render(<TaskGraph waves={2} tasks={tasks} onSelectTask={vi.fn()} />);
    const node = screen.getByRole('button', { name: 'Write the spec, product manager, Working' });
    expect(node.getAttribute('tabindex')).toBe('0');
    expect(screen.getByText('Wave 2')).toBeTruthy();
  });

  it('selects a task with Enter', () => {
    const onSelectTask = vi.fn();
    render(<TaskGraph waves={2} tasks={tasks} onSelectTask={onSelectTask} />);
    fireEvent.keyDown(screen.getByRole('button', { name: /Analyse the idea/ }), { key: 'Enter' });
    expect(onSelectTask).toHaveBeenCalledWith('a');
  });

  it('shows an empty state when there are no tasks', () => {
    render(<TaskGraph waves={0} tasks={[]} />);
    expect(screen.getByText('No tasks yet')).toBeTruthy();
  });
});
