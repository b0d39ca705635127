import { describe, expect, it } from 'vitest';
import { permissionsOf } from './permissions';

describe('permissionsOf', () => {
  it('lets a viewer only watch', () => {
    expect(permissionsOf('viewer')).toEqual({ canOperate: false, canEdit: false, canReset: false });
  });
  it('lets an operator steer runs and edit agents but not reset them', () => {
    expect(permissionsOf('operator')).toEqual({ canOperate: true, canEdit: true, canReset: false });
  });
  it('lets an admin do everything', () => {
    expect(permissionsOf('admin')).toEqual({ canOperate: true, canEdit: true, canReset: true });
  });
  it('offers nothing before the role is known', () => {
    expect(permissionsOf(null)).toEqual({ canOperate: false, canEdit: false, canReset: false });
  });
});
