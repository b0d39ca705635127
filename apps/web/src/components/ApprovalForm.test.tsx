// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApprovalForm } from './ApprovalForm';

afterEach(cleanup);

const spec = { content: { title: 'Night-shift habits', personas: ['nurse'] }, mimeType: 'application/json' };

function submit() {
  fireEvent.click(screen.getByRole('button', { name: /approve|reject|amend|submit/i }));
}

describe('ApprovalForm', () => {
  it('approves with one click of the decision and the button', async () => {
    const onSubmit = vi.fn();
    render(<ApprovalForm artifact={spec} onSubmit={onSubmit} />);
    fireEvent.click(screen.getByRole('radio', { name: /approve/i }));
    fireEvent.click(screen.getByRole('button', { name: 'Approve' }));
    await waitFor(() => expect(onSubmit).toHaveBeenCalledWith({ action: 'approve' }));
  });

  it('asks for a decision when none is chosen', () => {
    const onSubmit = vi.fn();
    render(<ApprovalForm artifact={spec} onSubmit={onSubmit} />);
    fireEvent.click(screen.getByRole('button', { name: 'Submit decision' }));
    expect(screen.getByText(/Decision: choose approve, reject or amend/)).toBeTruthy();
    expect(onSubmit).not.toHaveBeenCalled();
  });

  it('will not reject without a reason, and says so on the reason field', async () => {
    const onSubmit = vi.fn();
    render(<ApprovalForm artifact={spec} onSubmit={onSubmit} />);
    fireEvent.click(screen.getByRole('radio', { name: /reject/i }));
    fireEvent.click(screen.getByRole('button', { name: 'Reject with reason' }));

    const reason = screen.getByRole('textbox', { name: /reason/i });
    expect(reason.getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByText(/^Reason is required/)).toBeTruthy();
    expect(document.activeElement).toBe(reason);
    expect(onSubmit).not.toHaveBeenCalled();

    fireEvent.change(reason, { target: { value: 'too short' } });
    submit();
    expect(screen.getByText('Reason must be at least 10 characters.')).toBeTruthy();

    fireEvent.change(reason, { target: { value: 'Personas must include night-shift nurses.' } });
    submit();
    await waitFor(() =>
      expect(onSubmit).toHaveBeenCalledWith({ action: 'reject', responseContent: 'Personas must include night-shift nurses.' }),
    );
  });

  it('opens an editor with the artifact for amending, and refuses JSON that does not parse', async () => {
    const onSubmit = vi.fn();
    render(<ApprovalForm artifact={spec} onSubmit={onSubmit} />);
    fireEvent.click(screen.getByRole('radio', { name: /amend/i }));

    const editor = screen.getByRole<HTMLTextAreaElement>('textbox', { name: /amended content/i });
    expect(editor.value).toContain('"title": "Night-shift habits"');

    fireEvent.change(editor, { target: { value: '{ "title": ' } });
    fireEvent.click(screen.getByRole('button', { name: 'Submit amendment' }));
    expect(screen.getByText(/^Amended content must be valid JSON/)).toBeTruthy();
    expect(onSubmit).not.toHaveBeenCalled();

    fireEvent.change(editor, { target: { value: '{ "title": "Night-shift habit tracker" }' } });
    fireEvent.click(screen.getByRole('button', { name: 'Submit amendment' }));
    await waitFor(() =>
      expect(onSubmit).toHaveBeenCalledWith({ action: 'amend', amendedContent: '{ "title": "Night-shift habit tracker" }' }),
    );
  });

  it('cannot amend when there is no artifact', () => {
    render(<ApprovalForm artifact={null} onSubmit={vi.fn()} />);
    expect(screen.getByRole<HTMLInputElement>('radio', { name: /amend/i }).disabled).toBe(true);
  });

  it('shows why the server refused the answer', async () => {
    const onSubmit = vi.fn().mockRejectedValue(new Error('This request was already answered.'));
    render(<ApprovalForm artifact={spec} onSubmit={onSubmit} />);
    fireEvent.click(screen.getByRole('radio', { name: /approve/i }));
    fireEvent.click(screen.getByRole('button', { name: 'Approve' }));
    expect(await screen.findByText('This request was already answered.')).toBeTruthy();
  });
});
