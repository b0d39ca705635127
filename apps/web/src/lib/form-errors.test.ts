import { describe, expect, it } from 'vitest';
import { clearTouchedErrors } from './form-errors';

describe('clearTouchedErrors', () => {
  it('drops the messages of edited fields and keeps the rest', () => {
    const errors = { name: 'Name is required.', role: 'Role is required.' };
    expect(clearTouchedErrors(errors, { name: 'Ada' })).toEqual({ role: 'Role is required.' });
    expect(errors).toEqual({ name: 'Name is required.', role: 'Role is required.' });
  });
});
