import { describe, expect, it } from 'vitest';
import { enrollmentKey, primaryRoleOf } from '../../src/domain/roster.js';

describe('roster model', () => {
  it('picks the most privileged role as primary', () => {
    expect(primaryRoleOf(['student'])).toBe('student');
    expect(primaryRoleOf(['teacher', 'administrator'])).toBe('administrator');
    expect(primaryRoleOf(['student', 'staff'])).toBe('staff');
    expect(() => primaryRoleOf([])).toThrow(/at least one role/);
  });

  it('keys an enrollment by section and user', () => {
    expect(enrollmentKey({ sectionId: 's1', userId: 'u1' })).toBe('s1:u1');
  });
});
