import { useState, type FormEvent } from 'react';
import { FormError, TextField, errorMessage } from '../components/fields';
import { ThemeToggle } from '../components/ThemeProvider';
import { extractLoginToken, looksLikeLink } from '../lib/login';

interface LoginPageProps {
  /**
   * Signs in with the secret (an API token, or the token of a one-time link; `fromLink`
   * says it was pasted as a link); rejects with a message on failure.
   */
  onLogin: (secret: string, fromLink: boolean) => void | Promise<void>;
  initialValue?: string;
  /** Why an opened login link did not work, shown above the form. */
  notice?: string | null;
}

export function LoginPage({ onLogin, initialValue = '', notice = null }: LoginPageProps) {
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
      await onLogin(token, looksLikeLink(value));
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
        {notice !== null && <FormError message={notice} />}
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
