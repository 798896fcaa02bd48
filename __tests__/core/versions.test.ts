import { compareVersions, parseVersion, versionAtLeast } from '../../lib/core';

describe('versions', () => {
  test.each([
    ['9.0.0', [9, 0, 0]],
    ['10.7', [10, 7, 0]],
    ['11.3.0', [11, 3, 0]],
  ])('parses %s', (text, expected) => {
    expect(parseVersion(text)).toEqual(expected);
  });

  test.each(['', '9', 'v9.0.0', '9.0.0.1', '9.x', ' 9.0'])('refuses %p', (text) => {
    expect(parseVersion(text)).toBeUndefined();
  });

  test('compares numerically, not as text', () => {
    expect(compareVersions(parseVersion('10.7.0')!, parseVersion('9.0.0')!)).toBeGreaterThan(0);
    expect(versionAtLeast('9.0.0', '10.7.0')).toBe(false);
    expect(versionAtLeast('11.0', '11.0.0')).toBe(true);
  });
});
