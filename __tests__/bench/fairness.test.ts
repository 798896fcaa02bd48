import { domainBodies, unfairKinds } from '../../bench/fairness';

describe('bench fairness', () => {
  test('the plain Domains the bench compares WindowsDomain with synthesize the same libvirt_domain bodies', () => {
    expect(unfairKinds(3)).toEqual([]);
  });

  test('the check sees a difference: bare has no stylesheet and no lifecycle', () => {
    const [windows] = domainBodies('windows', 1) as Array<Record<string, unknown>>;
    const [bare] = domainBodies('bare', 1) as Array<Record<string, unknown>>;
    expect(windows).toEqual({ ...bare, lifecycle: { prevent_destroy: true }, xml: { xslt: expect.stringContaining('<hyperv') } });
  });
});
