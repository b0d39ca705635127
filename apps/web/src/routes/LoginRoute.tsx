import { useEffect, useRef, useState } from 'react';
import { useLocation } from 'wouter';
import { signIn } from '../api/sign-in';
import { errorMessage } from '../components/fields';
import { useSearchParam } from '../lib/use-search-param';
import { LoginPage } from '../pages/LoginPage';

interface LoginRouteProps {
  onSignedIn: (token: string) => void;
}

/**
 * The login page. Opening the one-time link (`/login?link=…`) signs in straight away; a
 * pasted token or link goes through the form.
 */
export function LoginRoute({ onSignedIn }: LoginRouteProps) {
  const [, navigate] = useLocation();
  const [link] = useSearchParam('link');
  const [linkError, setLinkError] = useState<string | null>(null);
  // A link works once: StrictMode's double effect (or a re-render) must not spend it twice.
  const exchanged = useRef<string | null>(null);

  useEffect(() => {
    if (link === null || exchanged.current === link) return;
    exchanged.current = link;
    signIn(window.location.origin, link, true).then(
      ({ token }) => {
        onSignedIn(token);
        navigate('/', { replace: true });
      },
      (error: unknown) => setLinkError(errorMessage(error)),
    );
  }, [link, navigate, onSignedIn]);

  return (
    <LoginPage
      notice={linkError}
      onLogin={async (secret, fromLink) => {
        const { token } = await signIn(window.location.origin, secret, fromLink);
        onSignedIn(token);
        navigate('/', { replace: true });
      }}
    />
  );
}
