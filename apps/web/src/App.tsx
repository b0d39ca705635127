import { useState } from 'react';
import { Route, Switch, useLocation, useParams } from 'wouter';
import { AppShell } from './components/AppShell';
import { ThemeProvider } from './components/ThemeProvider';
import { failed, loaded } from './lib/loadable';
import { clearSessionToken, readSessionToken, storeSessionToken } from './lib/session-token';
import { useSearchParam } from './lib/use-search-param';
import { AgentsPage } from './pages/AgentsPage';
import { LoginPage } from './pages/LoginPage';
import { NotFoundPage } from './pages/NotFoundPage';
import { OverviewPage } from './pages/OverviewPage';
import { ProjectPage, parseProjectTab } from './pages/ProjectPage';
import { ProjectsPage, type ProjectStatusFilter } from './pages/ProjectsPage';
import { SearchPage } from './pages/SearchPage';
import { SessionsPage, type SessionStatusFilter } from './pages/SessionsPage';
import { SettingsPage } from './pages/SettingsPage';
import { statusValues } from './lib/format';
import { emptyActivity, emptyOverview, emptySettings, notConnected } from './unwired';

// Routes and the state that belongs in the URL (filters, tabs, selections). Each route
// hands its page data from `unwired.ts` for now; wiring the API means replacing those
// values with tRPC queries, mutations and subscriptions in these route components only.

export function App() {
  return (
    <ThemeProvider>
      <Switch>
        <Route path="/login" component={LoginRoute} />
        <Route>
          <SignedInShell />
        </Route>
      </Switch>
    </ThemeProvider>
  );
}

function SignedInShell() {
  const [, navigate] = useLocation();
  const [hasToken, setHasToken] = useState(() => readSessionToken() !== null);
  const logout = () => {
    clearSessionToken();
    setHasToken(false);
    navigate('/login');
  };
  return (
    <AppShell onLogout={hasToken ? logout : undefined}>
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

function LoginRoute() {
  const [, navigate] = useLocation();
  const [linkToken] = useSearchParam('token');
  return (
    <LoginPage
      initialValue={linkToken ?? ''}
      onLogin={(token) => {
        storeSessionToken(token);
        navigate('/', { replace: true });
      }}
    />
  );
}

function OverviewRoute() {
  return <OverviewPage overview={emptyOverview} />;
}

function ProjectsRoute() {
  const [status, setStatus] = useSearchParam('status');
  const filter: ProjectStatusFilter = statusValues('project').find((value) => value === status) ?? 'all';
  return (
    <ProjectsPage
      projects={loaded([])}
      statusFilter={filter}
      onStatusFilterChange={(next) => setStatus(next === 'all' ? null : next)}
      templates={loaded([])}
      onCreate={notConnected}
      canCreate
    />
  );
}

function ProjectRoute() {
  const { projectId } = useParams<{ projectId: string }>();
  const [tab, setTab] = useSearchParam('tab');
  return (
    <ProjectPage
      detail={failed(`There is no project with id ${projectId}.`)}
      activity={emptyActivity}
      tab={parseProjectTab(tab)}
      onTabChange={setTab}
      onRunAction={notConnected}
      onRespond={notConnected}
      artifactsZipUrl={null}
      canOperate
    />
  );
}

function AgentsRoute() {
  const [agentId, setAgentId] = useSearchParam('agent');
  return (
    <AgentsPage
      agents={loaded([])}
      templates={[]}
      selectedAgentId={agentId}
      onSelectAgent={setAgentId}
      history={agentId === null ? null : loaded([])}
      onCreate={notConnected}
      onUpdate={notConnected}
      onReset={notConnected}
      canEdit
      canReset
    />
  );
}

function SessionsRoute() {
  const [status, setStatus] = useSearchParam('status');
  const [sessionId, setSessionId] = useSearchParam('session');
  const filter: SessionStatusFilter = statusValues('session').find((value) => value === status) ?? 'all';
  return (
    <SessionsPage
      sessions={loaded([])}
      statusFilter={filter}
      onStatusFilterChange={(next) => setStatus(next === 'all' ? null : next)}
      selectedSessionId={sessionId}
      onSelectSession={setSessionId}
      detail={sessionId === null ? null : failed(`There is no session with id ${sessionId}.`)}
      liveLog={[]}
      onTerminate={notConnected}
      canOperate
    />
  );
}

function SearchRoute() {
  const [query, setQuery] = useSearchParam('q');
  return <SearchPage query={query ?? ''} onSearch={setQuery} results={query === null ? null : loaded([])} />;
}

function SettingsRoute() {
  return <SettingsPage settings={emptySettings} onCreateToken={notConnected} onRevokeToken={notConnected} />;
}
