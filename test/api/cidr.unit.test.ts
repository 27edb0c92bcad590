import ipaddr from 'ipaddr.js';
import { describe, expect, it } from 'vitest';
import { CIDR_PATTERN } from '../../src/api/openapi/cidr.js';

describe('the published CIDR pattern', () => {
  it('accepts IPv4 and every IPv6 compression, and rejects what is not a range', () => {
    const good = [
      '10.0.0.0/8',
      '203.0.113.0/24',
      '0.0.0.0/0',
      '255.255.255.255/32',
      '2001:db8::/32',
      '::/0',
      '::1/128',
      'fe80::1:2/64',
      '1:2:3:4:5:6:7:8/128',
      '1:2:3:4:5:6:7::/112',
      '1::8/16',
    ];
    const bad = ['300.1.1.1/33', '10.0.0.0/33', '010.0.0.0/8', '10.0.0/8', '1:2:3:4:5:6:7:8:9/64', '2001:db8::/129', '10.0.0.0', '1:::2/64', '2001:db8::/01'];
    for (const value of good) expect(CIDR_PATTERN.test(value), value).toBe(true);
    for (const value of bad) expect(CIDR_PATTERN.test(value), value).toBe(false);
  });

  it('matches only ranges ipaddr.js accepts (the server checks callers with it)', () => {
    const hex = '0123456789abcdef';
    let seed = 7;
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    let matched = 0;
    for (let index = 0; index < 20_000; index += 1) {
      const groups = Array.from({ length: 8 }, () => Array.from({ length: 1 + random(4) }, () => hex[random(16)]).join(''));
      const cut = random(9);
      const length = random(9 - cut);
      const address = random(2) === 0 ? groups.join(':') : `${groups.slice(0, cut).join(':')}::${groups.slice(cut + length).join(':')}`;
      const value = `${address}/${random(130)}`;
      if (CIDR_PATTERN.test(value)) {
        matched += 1;
        expect(ipaddr.isValidCIDR(value), value).toBe(true);
      }
    }
    expect(matched).toBeGreaterThan(1000);
  });
});
