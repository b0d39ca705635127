// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { App } from './App';

// The shipped app has no data until it is wired to the API: every page must render its
// designed empty state (never sample data, never a blank page) and refuse actions politely.

function visit(path: string) {
  window.history.pushState({}, '', path);
  return render(<App />);
}

beforeEach(() => window.localStorage.clear());
afterEach(cleanup);

describe('App routes before the API is wired', () => {
  it.each([
    ['/', 'Overview', 'No runs in progress'],
    ['/projects', 'Projects', 'No projects yet'],
    ['/agents', 'Agents', 'No agents yet'],
    ['/sessions', 'Sessions', 'No sessions'],
    ['/search', 'Search', 'Search everything agents wrote'],
    ['/settings', 'Settings', 'No providers configured'],
    ['/nowhere', 'Page not found', 'There is nothing at this address'],
  ])('%s shows the %s page with its empty state', async (path, heading, emptyText) => {
    visit(path);
    expect(screen.getByRole('heading', { level: 1, name: heading })).toBeTruthy();
    expect(await screen.findByText(emptyText)).toBeTruthy();
  });

  it('marks the current page in the main navigation', () => {
    visit('/agents');
    const nav = screen.getByRole('navigation', { name: 'Main' });
    const current = nav.querySelector('[aria-current="page"]');
    expect(current?.textContent).toBe('Agents');
  });

  it('offers a skip link to the main content', () => {
    visit('/');
    const skip = screen.getByRole('link', { name: 'Skip to main content' });
    expect(skip.getAttribute('href')).toBe('#main');
    expect(document.getElementById('main')?.tagName).toBe('MAIN');
  });

  it('says a project cannot be found rather than showing anything made up', () => {
    visit('/projects/123');
    expect(screen.getByRole('alert').textContent).toContain('There is no project with id 123.');
  });

  it('toggles the theme and remembers the choice', () => {
    visit('/');
    const toggle = screen.getByRole('button', { name: /Switch to (dark|light) theme/ });
    const target = toggle.getAttribute('aria-label')?.includes('dark') ? 'dark' : 'light';
    fireEvent.click(toggle);
    expect(document.documentElement.dataset.theme).toBe(target);
    expect(window.localStorage.getItem('quarterdeck.theme')).toBe(target);
  });

  it('opens and closes the navigation menu with its button', () => {
    visit('/');
    const menu = screen.getByRole('button', { name: 'Open menu' });
    expect(menu.getAttribute('aria-expanded')).toBe('false');
    fireEvent.click(menu);
    expect(menu.getAttribute('aria-expanded')).toBe('true');
  });

  it('explains that there is no template to create a project from yet', async () => {
    visit('/projects');
    expect(await screen.findByText('No workflow templates')).toBeTruthy();
  });
});
