import { describe, expect, it } from 'vitest';
import { fileNameFromDisposition } from './download';

describe('fileNameFromDisposition', () => {
  it('takes the quoted name the API sends', () => {
    expect(fileNameFromDisposition('attachment; filename="Night_shift_habits-artifacts.zip"', 'artifacts.zip')).toBe(
      'Night_shift_habits-artifacts.zip',
    );
  });
  it('takes an unquoted name', () => {
    expect(fileNameFromDisposition('attachment; filename=plan.zip; size=3', 'artifacts.zip')).toBe('plan.zip');
  });
  it('never lets a name climb out of the downloads folder', () => {
    expect(fileNameFromDisposition('attachment; filename="../../etc/passwd"', 'artifacts.zip')).toBe('.._.._etc_passwd');
  });
  it('falls back when there is no header or no name', () => {
    expect(fileNameFromDisposition(null, 'artifacts.zip')).toBe('artifacts.zip');
    expect(fileNameFromDisposition('attachment', 'artifacts.zip')).toBe('artifacts.zip');
  });
});
