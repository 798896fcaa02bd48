/**
 * WindowsDomain props from plain JavaScript: every hostile value gives a clear error naming the construct path
 * and the field, never a crash or a TypeError, and nothing stays in the construct tree after the throw (a caller
 * that catches and carries on can reuse the id, and synth sees no half-built domain).
 */
import { TerraformStack, Testing } from 'cdktf';
import { WindowsDomain, WindowsDomainProps } from '../../lib';
import { LibvirtProvider } from '../../lib/generated/libvirt/provider';
import { HOSTILE_OPTIONS, MEGABYTE, SHORT } from './inputs';

function freshStack(): TerraformStack {
  const stack = new TerraformStack(Testing.app(), 'stack');
  new LibvirtProvider(stack, 'libvirt', { uri: 'test:///default' });
  return stack;
}

/** Constructs with `props`, expects a refusal, and checks the tree was left as it was. */
function refused(props: unknown): string {
  const stack = freshStack();
  const before = stack.node.findAll().length;
  let error: unknown;
  try {
    new WindowsDomain(stack, 'vm', props as WindowsDomainProps);
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(Error);
  expect(error).not.toBeInstanceOf(TypeError);
  expect(stack.node.tryFindChild('vm')).toBeUndefined();
  expect(stack.node.findAll()).toHaveLength(before);
  // The id is free again, and the stack still synthesizes.
  expect(() => new WindowsDomain(stack, 'vm', { domain: { name: 'vm' }, hyperv: { hostCpuVendor: 'intel' } })).not.toThrow();
  expect(() => Testing.synth(stack, true)).not.toThrow();
  return (error as Error).message;
}

describe('WindowsDomain with hostile props', () => {
  test.each(HOSTILE_OPTIONS)('fails for %s, naming the field, with nothing half-built', (_name, options, field) => {
    const message = refused({ domain: { name: 'vm' }, hyperv: options });
    expect(message).toContain(`[stack/vm] HyperV-`);
    expect(message).toMatch(new RegExp(`HyperV-[A-Z_]+: hyperv\\.${field.replace(/[$()*+.?[\\\]^{|}]/g, '\\$&')}: `));
    expect(message.length).toBeLessThan(SHORT);
  });

  test.each([
    ['undefined', undefined],
    ['null', null],
    ['a string', 'dc01'],
    ['a number', 42],
    ['an array', [{ name: 'dc01' }]],
    ['a boolean', true],
  ])('fails for props that are %s, naming props, with nothing half-built', (_name, props) => {
    expect(refused(props)).toMatch(/^\[stack\/vm\] HyperV-INVALID_OPTION: props: /);
  });

  test('fails for a feature name of a megabyte with a message of normal length', () => {
    const message = refused({ domain: { name: 'vm' }, hyperv: { enlightenments: { [MEGABYTE]: 'on' } } });
    expect(message).toMatch(/HyperV-UNKNOWN_FEATURE: hyperv\.enlightenments\.xxx/);
    expect(message.length).toBeLessThan(SHORT);
  });

  test('a getter that throws is the caller\'s error, and still leaves nothing half-built', () => {
    const hyperv = {};
    const props = { domain: { name: 'vm' }, hyperv };
    Object.defineProperty(hyperv, 'spinlockRetries', { enumerable: true, get: () => { throw new RangeError('from the caller'); } });
    const stack = freshStack();
    expect(() => new WindowsDomain(stack, 'vm', props as WindowsDomainProps)).toThrow('from the caller');
    expect(stack.node.tryFindChild('vm')).toBeUndefined();
  });

  test('"__proto__" keys (as JSON.parse makes them) pollute nothing and are refused, never silently dropped', () => {
    for (const json of [
      '{"domain": {"name": "vm"}, "hyperv": {"hostCpuVendor": "intel", "__proto__": {"vendorIdValue": "evil,", "enlightenments": {"evmcs": "omit"}}}}',
      '{"domain": {"name": "vm", "__proto__": {"xml": {"xslt": "evil"}}}}',
      '{"domain": {"name": "vm"}, "__proto__": {"hyperv": {"vendorIdValue": "evil,"}}}',
    ]) {
      expect(refused(JSON.parse(json))).toMatch(/HyperV-UNKNOWN_OPTION: (hyperv\.|domain\.|)__proto__: unknown name "__proto__"/);
    }
    for (const key of ['vendorIdValue', 'enlightenments', 'xml', 'hyperv']) expect(({} as Record<string, unknown>)[key]).toBeUndefined();
  });

  test('an enlightenments Map is refused rather than silently ignored', () => {
    expect(refused({ domain: { name: 'vm' }, hyperv: { enlightenments: new Map([['evmcs', 'omit']]) } })).toMatch(/HyperV-INVALID_OPTION: hyperv\.enlightenments: /);
  });

  test('refuses a misspelt Hyper-V option (spinlockRetry), suggesting the right name', () => {
    expect(refused({ domain: { name: 'vm' }, hyperv: { spinlockRetry: 4095 } })).toMatch(
      /HyperV-UNKNOWN_OPTION: hyperv\.spinlockRetry: unknown name "spinlockRetry"; did you mean 'spinlockRetries'\?/,
    );
  });

  test.each(['toString', 'constructor', 'node', 'addOverride', 'nameInput'])('refuses %s, which is no domain setting, and no prop', (key) => {
    expect(refused({ domain: { name: 'vm', [key]: 'x' } })).toMatch(new RegExp(`HyperV-UNKNOWN_OPTION: domain\\.${key}: unknown name`));
    expect(refused({ domain: { name: 'vm' }, [key]: 'x' })).toMatch(new RegExp(`HyperV-UNKNOWN_OPTION: ${key}: unknown name`));
  });

  test.each([
    ['a string', 'dc01'],
    ['an array', [{ name: 'dc01' }]],
    ['null', null],
  ])('fails for a domain or hyperv that is %s, naming it', (_name, value) => {
    expect(refused({ domain: value })).toMatch(/^\[stack\/vm\] HyperV-INVALID_OPTION: domain: expected the provider's domain settings/);
    expect(refused({ domain: { name: 'vm' }, hyperv: value })).toMatch(/^\[stack\/vm\] HyperV-INVALID_OPTION: hyperv: expected Hyper-V options/);
  });
});
