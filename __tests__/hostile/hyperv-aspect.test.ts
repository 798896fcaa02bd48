/**
 * HypervAspect props from plain JavaScript, and the aspect on domains that already carry a stylesheet: clear
 * errors naming the field, no crash, and a domain is either fully patched or left exactly as it was.
 */
import { Aspects, Fn, TerraformStack, Testing } from 'cdktf';
import { ExistingXslt, HypervAspect, HypervAspectProps } from '../../lib';
import { HypervValidationError } from '../../lib/core';
import { Domain } from '../../lib/generated/libvirt/domain';
import { LibvirtProvider } from '../../lib/generated/libvirt/provider';
import { HOSTILE_OPTIONS, MEGABYTE, SHORT } from './inputs';

function construct(props: unknown): unknown {
  try {
    new HypervAspect(props as HypervAspectProps);
  } catch (e) {
    return e;
  }
  return undefined;
}

const warningsOf = (node: { node: { metadata: Array<{ type: string; data: unknown }> } }) =>
  node.node.metadata.filter((m) => m.type === '@cdktf/warn').map((m) => String(m.data));

function synthXml(stack: TerraformStack): Record<string, unknown> {
  const domains = JSON.parse(Testing.synth(stack, true)).resource.libvirt_domain as Record<string, { xml?: unknown }>;
  return Object.fromEntries(Object.entries(domains).map(([k, v]) => [k, v.xml]));
}

describe('HypervAspect with hostile props', () => {
  test.each(HOSTILE_OPTIONS)('fails for %s with a HypervValidationError naming the field', (_name, options, field) => {
    const error = construct(options);
    expect(HypervValidationError.isHypervValidationError(error)).toBe(true);
    expect((error as HypervValidationError).issues.map((i) => i.field)).toContain(field);
    expect((error as Error).message.length).toBeLessThan(SHORT);
  });

  test.each([
    ['null', null],
    ['a preset name', 'rhel10'],
    ['a number', 42],
    ['an array', [{}]],
  ])('fails for props that are %s, naming props', (_name, props) => {
    const error = construct(props);
    expect(HypervValidationError.isHypervValidationError(error)).toBe(true);
    expect((error as Error).message).toMatch(/^HyperV-INVALID_OPTION: props: /);
  });

  test.each([['merge'], ['SKIP'], [0], [null], [MEGABYTE]])('fails for onExisting %p, naming onExisting', (onExisting) => {
    const error = construct({ onExisting });
    expect(HypervValidationError.isHypervValidationError(error)).toBe(true);
    expect((error as Error).message).toMatch(/^HyperV-INVALID_OPTION: onExisting: .*ExistingXslt.SKIP or ExistingXslt.REPLACE/);
    expect((error as Error).message.length).toBeLessThan(SHORT);
  });

  test('fails for a megabyte option name with a message of normal length', () => {
    const error = construct({ [MEGABYTE]: 1 });
    expect((error as Error).message).toMatch(/^HyperV-UNKNOWN_OPTION: xxx/);
    expect((error as Error).message.length).toBeLessThan(SHORT);
  });
});

describe('HypervAspect on domains that already have xml.xslt', () => {
  let stack: TerraformStack;
  beforeEach(() => {
    stack = new TerraformStack(Testing.app(), 'stack');
    new LibvirtProvider(stack, 'libvirt', { uri: 'test:///default' });
  });

  test.each([
    ['a literal stylesheet', '<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"/>'],
    ['a megabyte stylesheet', MEGABYTE],
    ['a stylesheet that is not XML', '{{{ not xml'],
  ])('SKIP leaves %s byte for byte, warns once, and touches nothing else', (_name, xslt) => {
    const own = new Domain(stack, 'own', { name: 'own', memory: 4096, xml: { xslt } });
    const bare = new Domain(stack, 'bare', { name: 'bare' });
    Aspects.of(stack).add(new HypervAspect({ hostCpuVendor: 'intel' }));
    const xml = synthXml(stack);
    expect(xml.own).toEqual({ xslt });
    expect((xml.bare as { xslt: string }).xslt).toContain('<hyperv mode="custom">');
    expect(warningsOf(own)).toEqual([expect.stringMatching(/^HyperV-EXISTING_XSLT: xml.xslt: /)]);
    expect(warningsOf(own)[0].length).toBeLessThan(SHORT);
    expect(warningsOf(bare)).toEqual([]);
  });

  test('REPLACE puts exactly the Hyper-V stylesheet in place of the old one (no merge, no leftovers)', () => {
    const own = new Domain(stack, 'own', { name: 'own', xml: { xslt: '<old/>' } });
    const aspect = new HypervAspect({ hostCpuVendor: 'intel', onExisting: ExistingXslt.REPLACE });
    Aspects.of(stack).add(aspect);
    expect(synthXml(stack).own).toEqual({ xslt: aspect.stylesheet });
    expect(warningsOf(own)).toEqual([expect.stringMatching(/^HyperV-EXISTING_XSLT: .*replaced/)]);
  });

  test('a whole xml block that is a token is left alone with a warning, whatever onExisting says', () => {
    const own = new Domain(stack, 'own', { name: 'own' });
    own.addOverride('xml', Fn.jsondecode(Fn.file('xml.json')));
    Aspects.of(stack).add(new HypervAspect({ hostCpuVendor: 'intel', onExisting: ExistingXslt.REPLACE }));
    expect(() => Testing.synth(stack, true)).not.toThrow();
    expect(warningsOf(own).join('\n')).toMatch(/HyperV-UNRESOLVED|HyperV-EXISTING_XSLT/);
  });

  test('an invalid aspect throws before it is added, so no domain is half-patched', () => {
    new Domain(stack, 'a', { name: 'a' });
    expect(() => Aspects.of(stack).add(new HypervAspect({ spinlockRetries: -1 }))).toThrow(/RETRIES_RANGE/);
    expect(synthXml(stack).a).toBeUndefined();
  });
});
