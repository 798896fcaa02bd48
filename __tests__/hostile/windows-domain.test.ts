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
  expect(() => new WindowsDomain(stack, 'vm', { name: 'vm', hostCpuVendor: 'intel' })).not.toThrow();
  expect(() => Testing.synth(stack, true)).not.toThrow();
  return (error as Error).message;
}

describe('WindowsDomain with hostile props', () => {
  test.each(HOSTILE_OPTIONS)('fails for %s, naming the field, with nothing half-built', (_name, options, field) => {
    const message = refused({ name: 'vm', ...options });
    expect(message).toContain(`[stack/vm] HyperV-`);
    expect(message).toMatch(new RegExp(`HyperV-[A-Z_]+: ${field.replace(/[$()*+.?[\\\]^{|}]/g, '\\$&')}: `));
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
    const message = refused({ name: 'vm', enlightenments: { [MEGABYTE]: 'on' } });
    expect(message).toMatch(/HyperV-UNKNOWN_FEATURE: enlightenments\.xxx/);
    expect(message.length).toBeLessThan(SHORT);
  });

  test('a getter that throws is the caller\'s error, and still leaves nothing half-built', () => {
    const props = { name: 'vm' };
    Object.defineProperty(props, 'spinlockRetries', { enumerable: true, get: () => { throw new RangeError('from the caller'); } });
    const stack = freshStack();
    expect(() => new WindowsDomain(stack, 'vm', props as WindowsDomainProps)).toThrow('from the caller');
    expect(stack.node.tryFindChild('vm')).toBeUndefined();
  });

  test('"__proto__" and "constructor" keys pollute nothing and change nothing', () => {
    const stack = freshStack();
    const props = JSON.parse('{"name": "vm", "hostCpuVendor": "intel", "__proto__": {"vendorIdValue": "evil,", "enlightenments": {"evmcs": "omit"}}}');
    const vm = new WindowsDomain(stack, 'vm', props);
    const plain = new WindowsDomain(stack, 'plain', { name: 'vm', hostCpuVendor: 'intel' });
    expect(vm.stylesheet).toBe(plain.stylesheet);
    expect(({} as Record<string, unknown>).vendorIdValue).toBeUndefined();
    expect(({} as Record<string, unknown>).enlightenments).toBeUndefined();
    expect(() => Testing.synth(stack, true)).not.toThrow();
  });

  test('an enlightenments Map is refused rather than silently ignored', () => {
    expect(refused({ name: 'vm', enlightenments: new Map([['evmcs', 'omit']]) })).toMatch(/HyperV-INVALID_OPTION: enlightenments: /);
  });

  // Known gap, not fixed here: keys WindowsDomain does not know go to the generated Domain's config, which ignores
  // unknown keys, so a misspelt Hyper-V option from JavaScript is dropped without a word. When WindowsDomain learns
  // the DomainConfig key list (or refuses keys close to a Hyper-V option name), this test starts failing: make it a
  // plain test then.
  test('refuses a misspelt Hyper-V option (spinlockRetry), suggesting the right name', () => {
    expect(refused({ name: 'vm', spinlockRetry: 4095 })).toMatch(/HyperV-UNKNOWN_OPTION: spinlockRetry: unknown name "spinlockRetry"; did you mean 'spinlockRetries'\?/);
  });

  test.each(['toString', 'constructor', 'node', 'addOverride', 'nameInput'])('refuses %s, which is no domain setting', (key) => {
    expect(refused({ name: 'vm', [key]: 'x' })).toMatch(new RegExp(`HyperV-UNKNOWN_OPTION: ${key}: unknown name`));
  });
});
