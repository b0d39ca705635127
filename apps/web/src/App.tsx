import { useCallback, useState } from 'react';
import { Redirect, Route, Switch, useLocation } from 'wouter';
import { ApiProvider, useConnectionStatus } from './api/ApiProvider';
import { AppShell } from './components/AppShell';
import { ThemeProvider } from './components/ThemeProvider';
import { clearSessionToken, readSessionToken, storeSessionToken } from './lib/session-token';
import { useSearchShortcut } from './lib/use-search-shortcut';
import { NotFoundPage } from './pages/NotFoundPage';
import { AgentsRoute } from './routes/AgentsRoute';
import { SessionProvider, useSession } from './routes/auth';
import { LoginRoute } from './routes/LoginRoute';
import { OverviewRoute } from './routes/OverviewRoute';
import { ProjectRoute } from './routes/ProjectRoute';
import { ProjectsRoute } from './routes/ProjectsRoute';
import { SearchRoute } from './routes/SearchRoute';
import { SessionsRoute } from './routes/SessionsRoute';
import { SettingsRoute } from './routes/SettingsRoute';

// The token decides everything: without one every address leads to /login; with one the
// signed-in app runs inside an ApiProvider made for that token (a new login gets a new
// cache and socket). A token the server refuses signs the person out.

export function App() {
  const [token, setToken] = useState(readSessionToken);
  const [, navigate] = useLocation();

  const signIn = useCallback((next: string) => {
    storeSessionToken(next);
    setToken(next);
  }, []);
  const signOut = useCallback(() => {
    clearSessionToken();
    setToken(null);
    navigate('/login', { replace: true });
  }, [navigate]);

  return (
    <ThemeProvider>
      <Switch>
        <Route path="/login">
          <LoginRoute onSignedIn={signIn} />
        </Route>
        <Route>
          {token === null ? (
            <Redirect to="/login" replace />
          ) : (
            <ApiProvider key={token} token={token} onUnauthorized={signOut}>
              <SessionProvider>
                <SignedInShell onLogout={signOut} />
              </SessionProvider>
            </ApiProvider>
          )}
        </Route>
      </Switch>
    </ThemeProvider>
  );
}

function SignedInShell({ onLogout }: { onLogout: () => void }) {
  const connection = useConnectionStatus();
  const { me } = useSession();
  useSearchShortcut();
  return (
    <AppShell connection={connection} user={me === null ? null : { name: me.name, role: me.role }} onLogout={onLogout}>
      <Switch>
        <Route path="/" component={OverviewRoute} />
        <Route path="/projects" component={ProjectsRoute} />
        <Route path="/projects/:projectId" component={ProjectRoute} />
        <Route path="/agents" component={AgentsRoute} />
        <Route path="/sessions" component={SessionsRoute} />
        <Route path="/search" component={SearchRoute} />
        <Route path="/settings" component={SettingsRoute} />
        <Route component={NotFoundPage} />
      </Switch>
    </AppShell>
  );
}
