// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ThemeProvider } from '../components/ThemeProvider';
import { LoginPage } from './LoginPage';

afterEach(cleanup);

function renderLogin(onLogin = vi.fn()) {
  render(
    <ThemeProvider>
      <LoginPage onLogin={onLogin} />
    </ThemeProvider>,
  );
  return onLogin;
}

describe('LoginPage', () => {
  it('signs in with the token carried by a pasted one-time link', async () => {
    const onLogin = renderLogin();
    fireEvent.change(screen.getByLabelText('API token or login link'), {
      target: { value: 'http://localhost:3333/login?token=first-start-link' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    await waitFor(() => expect(onLogin).toHaveBeenCalledWith('first-start-link', true));
  });

  it('asks for a token when the field is empty', () => {
    const onLogin = renderLogin();
    fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(screen.getByText(/^API token or login link: paste a token/)).toBeTruthy();
    expect(onLogin).not.toHaveBeenCalled();
  });

  it('shows why the server refused the token', async () => {
    renderLogin(vi.fn().mockRejectedValue(new Error('This token was revoked.')));
    fireEvent.change(screen.getByLabelText('API token or login link'), { target: { value: 'qd_old' } });
    fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByText('This token was revoked.')).toBeTruthy();
  });
});
