import { describe, expect, it } from 'vitest';
import { describeRepairs, emptyRepairCounts } from '../../src/domain/target-repairs.js';
import { readBackPageSize, resolveDialect } from '../../src/scim/dialect.js';
import type { ScimCapabilities } from '../../src/scim/discovery.js';
import { sourceIdOf } from '../../src/sync/verify/compare-read-back.js';
import { groupDrift, memberDrift, userDrift } from '../../src/sync/verify/drift-rules.js';

const applied = {
  userName: 'ada@school.example',
  externalId: 'sis:p1:u1',
  displayName: 'Ada Lovelace',
  name: { givenName: 'Ada', familyName: 'Lovelace', formatted: 'Ada Lovelace' },
  emails: [{ value: 'ada@school.example', type: 'work', primary: true }],
  active: true,
  userType: 'student',
  enterprise: { employeeNumber: '42', organization: 'North High' },
};

const onTarget = {
  id: 'scim-1',
  schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
  userName: 'ADA@school.example',
  externalId: 'sis:p1:u1',
  displayName: 'Ada Lovelace',
  name: { givenName: 'Ada', familyName: 'Lovelace', formatted: 'Ada Lovelace', honorificPrefix: 'Ms' },
  emails: [{ value: 'Ada@School.example', primary: true }],
  active: true,
  userType: 'student',
  'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User': { employeeNumber: '42', organization: 'North High' },
  meta: { resourceType: 'User' },
};

describe('drift between the record and the target', () => {
  it('sees none where the target only normalises case, adds sub-attributes or omits attributes', () => {
    expect(userDrift(applied, onTarget)).toMatchObject({ attributes: [], active: true });
    const { userType: _userType, displayName: _displayName, ...sparse } = onTarget;
    expect(userDrift(applied, sparse).attributes).toEqual([]);
  });

  it('names changed attributes and records what the target holds', () => {
    const drift = userDrift(applied, {
      ...onTarget,
      name: { ...onTarget.name, familyName: 'Byron' },
      emails: [{ value: 'other@school.example' }],
      'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User': { organization: 'South High' },
    });
    expect(drift.attributes).toEqual(['emails', 'enterprise', 'name']);
    expect(drift.observed).toMatchObject({
      name: { familyName: 'Byron' },
      emails: [{ value: 'other@school.example' }],
      enterprise: { organization: 'South High' },
      active: true,
    });
  });

  it('counts a missing externalId (the bridge key) and reports active=false', () => {
    const { externalId: _externalId, ...withoutKey } = onTarget;
    expect(userDrift(applied, { ...withoutKey, active: false })).toMatchObject({ attributes: ['externalId'], active: false });
    expect(userDrift(applied, { ...onTarget, active: undefined }).active).toBeUndefined();
  });

  it('compares group names exactly', () => {
    expect(
      groupDrift({ displayName: 'Algebra I', externalId: 'sis:p1:section:s1' }, { id: 'g', displayName: 'algebra i', externalId: 'sis:p1:section:s1' })
        .attributes,
    ).toEqual(['displayName']);
  });

  it('finds missing members and extra managed members, and leaves members it does not manage alone', () => {
    const recorded = new Map([
      ['u1', 'scim-1'],
      ['u2', 'scim-2'],
    ]);
    const managed = new Map([
      ['scim-1', 'u1'],
      ['scim-2', 'u2'],
      ['scim-3', 'u3'],
    ]);
    expect(memberDrift(recorded, ['scim-1', 'scim-3', 'someone-else', 'scim-3'], managed)).toEqual({ missing: ['u2'], extra: ['u3'] });
  });

  it("maps the bridge's externalIds back to source ids, per resource type", () => {
    expect(sourceIdOf('p1', 'User', 'sis:p1:u1')).toBe('u1');
    expect(sourceIdOf('p1', 'User', 'sis:p1:section:s1')).toBeUndefined();
    expect(sourceIdOf('p1', 'Group', 'sis:p1:section:s1')).toBe('s1');
    expect(sourceIdOf('p1', 'User', 'sis:p2:u1')).toBeUndefined();
    expect(sourceIdOf('p1', 'User', undefined)).toBeUndefined();
  });

  it('describes repairs in one line', () => {
    expect(describeRepairs(emptyRepairCounts())).toBe('target verified: no drift');
    expect(describeRepairs({ ...emptyRepairCounts(), usersMissing: 3, membersExtra: 1 })).toBe('target verified: 3 users missing, 1 members extra');
  });
});

describe('the dialect of a target without discovery', () => {
  const assumed: ScimCapabilities = {
    source: 'assumed',
    patch: true,
    bulk: { supported: false, maxOperations: 0, maxPayloadSize: 0 },
    filter: { supported: true, maxResults: 1000 },
    etag: false,
    sort: false,
    users: true,
    groups: true,
    enterpriseUser: false,
    escapedFilterValues: true,
  };

  it('is conservative by default', () => {
    expect(resolveDialect(assumed)).toMatchObject({ useBulk: false, filterLookups: true, memberRemoval: 'pathFilter', deactivation: 'patch', pageSize: 100 });
  });

  it('takes the tenant overrides as the operator knows the target', () => {
    expect(resolveDialect(assumed, { useBulk: true, bulkMaxOperations: 50, pageSize: 2000, filterLookups: false })).toMatchObject({
      useBulk: true,
      bulkMaxOperations: 50,
      pageSize: 1000,
      filterLookups: false,
    });
  });

  it('still clamps overrides to what an advertising target says', () => {
    const advertised: ScimCapabilities = { ...assumed, source: 'advertised', filter: { supported: true, maxResults: 200 } };
    expect(resolveDialect(advertised, { useBulk: true, pageSize: 500 })).toMatchObject({ useBulk: false, pageSize: 200 });
  });

  it('reads the target back in pages as large as it advertises, at most 1000, and never below the dialect', () => {
    const advertising = (maxResults: number): ScimCapabilities => ({ ...assumed, source: 'advertised', filter: { supported: true, maxResults } });
    expect(readBackPageSize(advertising(5000), resolveDialect(advertising(5000)))).toBe(1000);
    expect(readBackPageSize(advertising(400), resolveDialect(advertising(400)))).toBe(400);
    expect(readBackPageSize(advertising(50), resolveDialect(advertising(50)))).toBe(50);
    // Nothing advertised: the limit is unknown, so the dialect's size (the operator's override) stands.
    expect(readBackPageSize(assumed, resolveDialect(assumed))).toBe(100);
    expect(readBackPageSize(assumed, resolveDialect(assumed, { pageSize: 300 }))).toBe(300);
  });
});
