import { useState, type FormEvent } from 'react';
import { FormError, TextField, errorMessage } from '../components/fields';
import { ThemeToggle } from '../components/ThemeProvider';
import { extractLoginToken } from '../lib/login';

interface LoginPageProps {
  /** Exchanges the token (or the one-time link's token) for a session; rejects with a message on failure. */
  onLogin: (token: string) => void | Promise<void>;
  /** Pre-filled from a one-time link's `?token=` when the link was opened in the browser. */
  initialValue?: string;
}

export function LoginPage({ onLogin, initialValue = '' }: LoginPageProps) {
  const [value, setValue] = useState(initialValue);
  const [fieldError, setFieldError] = useState<string | undefined>(undefined);
  const [submitError, setSubmitError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const token = extractLoginToken(value);
    if (token === null) {
      setFieldError('API token or login link: paste a token, or the one-time link printed when Quarterdeck first started.');
      return;
    }
    setSubmitError(null);
    setSubmitting(true);
    try {
      await onLogin(token);
    } catch (error) {
      setSubmitError(errorMessage(error));
    } finally {
      setSubmitting(false);
    }
  }

  return (
    <div className="login">
      <div className="login__theme">
        <ThemeToggle />
      </div>
      <main className="login__card card" id="main">
        <div className="brand brand--large">
          <span className="brand__mark" aria-hidden="true" />
          Quarterdeck
        </div>
        <h1 className="login__title">Sign in</h1>
        <form noValidate onSubmit={(event) => void handleSubmit(event)}>
          <TextField
            label="API token or login link"
            hint="On first start the server prints a one-time login link; an admin can also create tokens in Settings."
            error={fieldError}
            value={value}
            autoComplete="off"
            spellCheck={false}
            autoFocus
            onChange={(event) => {
              setValue(event.target.value);
              setFieldError(undefined);
            }}
          />
          <FormError message={submitError} />
          <div className="form-actions">
            <button type="submit" className="button button--primary" disabled={submitting}>
              {submitting ? 'Signing in…' : 'Sign in'}
            </button>
          </div>
        </form>
      </main>
    </div>
  );
}
