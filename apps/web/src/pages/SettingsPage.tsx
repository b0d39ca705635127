import { useState, type FormEvent } from 'react';
import { ConfirmButton } from '../components/ConfirmButton';
import { FormError, TextField, errorMessage } from '../components/fields';
import { LoadableView } from '../components/LoadableView';
import { PageHeader, Section } from '../components/PageHeader';
import { RelativeTime } from '../components/RelativeTime';
import { Badge } from '../components/StatusBadge';
import { useTheme } from '../components/ThemeProvider';
import { EmptyState } from '../components/states';
import type { ThemePreference } from '../lib/theme';
import type { ApiToken, IntegrationStatus, Loadable, ProviderSetting, SettingsData } from '../types';

interface SettingsPageProps {
  settings: Loadable<SettingsData>;
  /** Creates a token for the current user; resolves with the plain token, which is shown once. */
  onCreateToken: (name: string) => Promise<{ token: string }>;
  onRevokeToken: (tokenId: string) => Promise<void> | void;
}

export function SettingsPage({ settings, onCreateToken, onRevokeToken }: SettingsPageProps) {
  return (
    <>
      <PageHeader title="Settings" description="Appearance, model providers, integrations and API tokens." />
      <AppearanceSection />
      <LoadableView state={settings} loadingLabel="Loading settings…">
        {(data) => (
          <>
            <Section title="Account">
              {data.currentUser === null ? (
                <p className="hint">Authentication is not configured: anyone who can reach this server can use it.</p>
              ) : (
                <dl className="facts">
                  <dt>Name</dt>
                  <dd>{data.currentUser.name}</dd>
                  <dt>Email</dt>
                  <dd>{data.currentUser.email}</dd>
                  <dt>Role</dt>
                  <dd>{data.currentUser.role}</dd>
                </dl>
              )}
            </Section>
            <Section title="Model providers">
              <Providers providers={data.providers} failoverChain={data.failoverChain} />
            </Section>
            <Section title="Integrations">
              <Integrations integrations={data.integrations} />
            </Section>
            <Section title="API tokens">
              <Tokens tokens={data.tokens} onCreateToken={onCreateToken} onRevokeToken={onRevokeToken} />
            </Section>
          </>
        )}
      </LoadableView>
    </>
  );
}

const THEME_CHOICES: Array<{ value: ThemePreference; label: string }> = [
  { value: 'system', label: 'Match the system' },
  { value: 'light', label: 'Light' },
  { value: 'dark', label: 'Dark' },
];

function AppearanceSection() {
  const { preference, setPreference } = useTheme();
  return (
    <Section title="Appearance">
      <fieldset className="choices">
        <legend>Theme</legend>
        {THEME_CHOICES.map((choice) => (
          <label key={choice.value} className="choice">
            <input
              type="radio"
              name="theme"
              value={choice.value}
              checked={preference === choice.value}
              onChange={() => setPreference(choice.value)}
            />
            <span className="choice__label">{choice.label}</span>
          </label>
        ))}
      </fieldset>
    </Section>
  );
}

function Providers({ providers, failoverChain }: { providers: ProviderSetting[]; failoverChain: string[] }) {
  if (providers.length === 0) {
    return (
      <EmptyState title="No providers configured" compact>
        Agents use the built-in simulated provider, which runs offline and labels its output as simulated.
      </EmptyState>
    );
  }
  return (
    <>
      <div className="table-scroll">
        <table className="table">
          <thead>
            <tr>
              <th scope="col">Provider</th>
              <th scope="col">Endpoint</th>
              <th scope="col">Default model</th>
              <th scope="col">Key from</th>
            </tr>
          </thead>
          <tbody>
            {providers.map((provider) => (
              <tr key={provider.id}>
                <th scope="row">
                  {provider.id} <span className="list__meta">({provider.kind})</span>
                </th>
                <td>{provider.baseUrl ?? '—'}</td>
                <td>{provider.defaultModel}</td>
                <td>{provider.apiKeyEnv === null ? 'No key' : <code>{provider.apiKeyEnv}</code>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {failoverChain.length > 0 && (
        <p className="hint">
          Failover order: {failoverChain.join(' → ')}. Keys stay in the server's environment and never reach the browser.
        </p>
      )}
    </>
  );
}

const INTEGRATION_LABELS: Record<IntegrationStatus['name'], string> = {
  telegram: 'Telegram notifications',
  jira: 'Jira export',
  confluence: 'Confluence export',
};

function Integrations({ integrations }: { integrations: IntegrationStatus[] }) {
  if (integrations.length === 0) return <EmptyState title="No integrations available" compact />;
  return (
    <ul className="list">
      {integrations.map((integration) => (
        <li key={integration.name} className="list__item">
          <div className="list__row">
            <span className="list__title">{INTEGRATION_LABELS[integration.name]}</span>
            <Badge tone={integration.configured ? 'success' : 'muted'}>{integration.configured ? 'Configured' : 'Not configured'}</Badge>
          </div>
          {integration.target !== null && <p className="list__meta">{integration.target}</p>}
        </li>
      ))}
    </ul>
  );
}

interface TokensProps {
  tokens: ApiToken[];
  onCreateToken: SettingsPageProps['onCreateToken'];
  onRevokeToken: SettingsPageProps['onRevokeToken'];
}

function Tokens({ tokens, onCreateToken, onRevokeToken }: TokensProps) {
  const active = tokens.filter((token) => token.revokedAt === null);
  return (
    <>
      {active.length === 0 ? (
        <EmptyState title="No active tokens" compact>
          Create one for the CLI, scripts or another dashboard session.
        </EmptyState>
      ) : (
        <ul className="list">
          {active.map((token) => (
            <li key={token.id} className="list__item">
              <div className="list__row">
                <span className="list__title">
                  {token.name} <code>{token.prefix}…</code>
                </span>
                <ConfirmButton
                  label="Revoke"
                  question={`Revoke “${token.name}”? Anything using it stops working at once.`}
                  confirmLabel="Yes, revoke"
                  onConfirm={() => void onRevokeToken(token.id)}
                />
              </div>
              <p className="list__meta">
                created <RelativeTime iso={token.createdAt} /> · last used{' '}
                {token.lastUsedAt === null ? 'never' : <RelativeTime iso={token.lastUsedAt} />}
                {token.expiresAt !== null && (
                  <>
                    {' '}
                    · expires <RelativeTime iso={token.expiresAt} />
                  </>
                )}
              </p>
            </li>
          ))}
        </ul>
      )}
      <NewTokenForm onCreateToken={onCreateToken} />
    </>
  );
}

function NewTokenForm({ onCreateToken }: { onCreateToken: SettingsPageProps['onCreateToken'] }) {
  const [name, setName] = useState('');
  const [nameError, setNameError] = useState<string | undefined>(undefined);
  const [submitError, setSubmitError] = useState<string | null>(null);
  const [created, setCreated] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (name.trim().length === 0) {
      setNameError('Token name is required, so you can tell tokens apart later.');
      return;
    }
    setSubmitError(null);
    setSubmitting(true);
    try {
      const result = await onCreateToken(name.trim());
      setCreated(result.token);
      setName('');
    } catch (error) {
      setSubmitError(errorMessage(error));
    } finally {
      setSubmitting(false);
    }
  }

  return (
    <form className="token-form" noValidate onSubmit={(event) => void handleSubmit(event)}>
      <TextField
        label="New token name"
        error={nameError}
        value={name}
        onChange={(event) => {
          setName(event.target.value);
          setNameError(undefined);
        }}
      />
      <FormError message={submitError} />
      <div className="form-actions">
        <button type="submit" className="button" disabled={submitting}>
          {submitting ? 'Creating…' : 'Create token'}
        </button>
      </div>
      {created !== null && (
        <div className="notice notice--success" role="status">
          <p>Copy this token now: it is shown only once.</p>
          <code className="token-value">{created}</code>
          <button type="button" className="button button--small" onClick={() => void navigator.clipboard.writeText(created)}>
            Copy
          </button>
        </div>
      )}
    </form>
  );
}
