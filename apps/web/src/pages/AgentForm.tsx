import { useState, type FormEvent } from 'react';
import { clearTouchedErrors } from '../lib/form-errors';
import { FormError, SelectField, TextAreaField, TextField, errorMessage } from '../components/fields';
import { EMPTY_AGENT_DRAFT, applyTemplate, validateAgentDraft, type AgentDraft, type AgentErrors } from '../lib/agent-form';
import type { AgentInput, AgentTemplate } from '../types';

interface AgentFormProps {
  /** The agent being edited, as a draft; omitted to create a new one. */
  initial?: AgentDraft;
  templates: AgentTemplate[];
  submitLabel: string;
  onSubmit: (input: AgentInput) => Promise<void> | void;
  onCancel: () => void;
}

export function AgentForm({ initial = EMPTY_AGENT_DRAFT, templates, submitLabel, onSubmit, onCancel }: AgentFormProps) {
  const [draft, setDraft] = useState<AgentDraft>(initial);
  const [errors, setErrors] = useState<AgentErrors>({});
  const [submitError, setSubmitError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);

  function update(change: Partial<AgentDraft>) {
    setDraft((current) => ({ ...current, ...change }));
    setErrors((current) => clearTouchedErrors(current, change));
  }

  function chooseTemplate(templateId: string) {
    const template = templates.find((candidate) => candidate.id === templateId);
    if (template === undefined) update({ templateId: '' });
    else setDraft((current) => applyTemplate(current, template));
  }

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const result = validateAgentDraft(draft);
    if (!result.ok) {
      setErrors(result.errors);
      return;
    }
    setSubmitError(null);
    setSubmitting(true);
    try {
      await onSubmit(result.input);
    } catch (error) {
      setSubmitError(errorMessage(error));
    } finally {
      setSubmitting(false);
    }
  }

  return (
    <form className="form-grid" noValidate onSubmit={(event) => void handleSubmit(event)}>
      <SelectField
        label="Template"
        hint="Fills in role, runtime, provider and prompt."
        value={draft.templateId}
        onChange={(event) => chooseTemplate(event.target.value)}
      >
        <option value="">None</option>
        {templates.map((template) => (
          <option key={template.id} value={template.id}>
            {template.name}
          </option>
        ))}
      </SelectField>
      <TextField label="Name" error={errors.name} value={draft.name} onChange={(event) => update({ name: event.target.value })} />
      <TextField
        label="Role"
        hint="Tasks are assigned to idle agents whose role matches."
        error={errors.role}
        value={draft.role}
        onChange={(event) => update({ role: event.target.value })}
      />
      <SelectField
        label="Runtime"
        value={draft.runtime}
        onChange={(event) => update({ runtime: event.target.value === 'cli' ? 'cli' : 'llm' })}
      >
        <option value="llm">LLM (chat completions)</option>
        <option value="cli">CLI (spawned process)</option>
      </SelectField>
      {draft.runtime === 'cli' && (
        <TextField
          label="Command"
          hint="Run in a fresh workspace per task; its output lines become the iteration log."
          error={errors.command}
          value={draft.command}
          spellCheck={false}
          onChange={(event) => update({ command: event.target.value })}
        />
      )}
      <TextField
        label="Provider"
        hint="“simulated” runs offline, and its output is labelled as simulated everywhere."
        error={errors.provider}
        value={draft.provider}
        onChange={(event) => update({ provider: event.target.value })}
      />
      <TextField label="Model" error={errors.model} value={draft.model} onChange={(event) => update({ model: event.target.value })} />
      <TextField
        label="Temperature"
        hint="0 to 2; empty for the provider's default."
        inputMode="decimal"
        error={errors.temperature}
        value={draft.temperature}
        onChange={(event) => update({ temperature: event.target.value })}
      />
      <TextField
        label="Max tokens"
        hint="Empty for the provider's default."
        inputMode="numeric"
        error={errors.maxTokens}
        value={draft.maxTokens}
        onChange={(event) => update({ maxTokens: event.target.value })}
      />
      <div className="form-grid__wide">
        <TextAreaField
          label="System prompt"
          rows={6}
          value={draft.systemPrompt}
          onChange={(event) => update({ systemPrompt: event.target.value })}
        />
      </div>
      <div className="form-grid__wide">
        <FormError message={submitError} />
        <div className="form-actions">
          <button type="submit" className="button button--primary" disabled={submitting}>
            {submitting ? 'Saving…' : submitLabel}
          </button>
          <button type="button" className="button button--quiet" onClick={onCancel}>
            Cancel
          </button>
        </div>
      </div>
    </form>
  );
}
