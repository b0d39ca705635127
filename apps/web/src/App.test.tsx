// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { App } from './App';

// Without a stored token nothing but the login page is reachable. The signed-in pages are
// exercised against a real API server in the browser tests (e2e/).

function visit(path: string) {
  window.history.pushState({}, '', path);
  return render(<App />);
}

beforeEach(() => window.localStorage.clear());
afterEach(cleanup);

describe('App before sign-in', () => {
  it.each(['/', '/projects', '/projects/123?tab=approvals', '/settings'])('sends %s to the login page', (path) => {
    visit(path);
    expect(window.location.pathname).toBe('/login');
    expect(screen.getByRole('heading', { level: 1, name: 'Sign in' })).toBeTruthy();
    expect(screen.queryByRole('navigation', { name: 'Main' })).toBeNull();
  });

  it('toggles the theme on the login page and remembers the choice', () => {
    visit('/login');
    const toggle = screen.getByRole('button', { name: /Switch to (dark|light) theme/ });
    const target = toggle.getAttribute('aria-label')?.includes('dark') ? 'dark' : 'light';
    fireEvent.click(toggle);
    expect(document.documentElement.dataset.theme).toBe(target);
    expect(window.localStorage.getItem('quarterdeck.theme')).toBe(target);
  });
});
