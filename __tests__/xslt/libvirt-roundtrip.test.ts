/**
 * The RHEL guide's verification step, on libvirt itself: define the transformed domain and read it back with
 * `virsh dumpxml` (test driver, no daemon). Every enlightenment and the clock must survive libvirt's parser.
 */
import { CATALOGUE, HypervPreset, planOrThrow, renderStylesheet } from '../../lib/core';
import { runXsltproc } from '../../lib/preview/xsltproc';
import { defineAndDump, fixtureDomains, xpath } from '../support/libvirt-tools';

const inputs = fixtureDomains().filter((f) => !f.name.includes('s390x')); // hyperv is x86-only in libvirt

function hypervStates(xml: string): Record<string, string> {
  const states: Record<string, string> = {};
  for (const spec of CATALOGUE.filter((s) => s.kind === 'hyperv')) {
    const path = spec.parent ? `/domain/features/hyperv/${featureElement(spec.parent)}/${spec.element}` : `/domain/features/hyperv/${spec.element}`;
    const state = xpath(xml, `string(${path}/@state)`);
    if (state) states[spec.id] = state;
  }
  return states;
}
const featureElement = (id: string) => CATALOGUE.find((s) => s.id === id)!.element;

describe.each(inputs.map((f) => [f.name, f.xml] as const))('%s', (_name, input) => {
  test('RHEL10: libvirt keeps all 14 enlightenments, their values, the localtime clock and hypervclock', () => {
    const transformed = runXsltproc(renderStylesheet(planOrThrow({}).plan), input);
    const name = xpath(transformed, 'string(/domain/name)');
    const dumped = defineAndDump(transformed, name, ['--validate']);
    expect(hypervStates(dumped)).toEqual(hypervStates(transformed));
    expect(Object.keys(hypervStates(dumped))).toHaveLength(15);
    expect(xpath(dumped, 'string(/domain/features/hyperv/spinlocks/@retries)')).toBe('8191');
    expect(xpath(dumped, 'string(/domain/features/hyperv/vendor_id/@value)')).toBe('KVM Hv');
    const adjustment = xpath(transformed, 'string(/domain/clock/@adjustment)');
    if (adjustment === '' || adjustment === 'reset') {
      expect(xpath(dumped, 'string(/domain/clock/@offset)')).toBe('localtime');
    } else {
      // libvirt stores localtime plus a fixed adjustment as its equivalent, offset='variable' basis='localtime'.
      expect(xpath(dumped, 'concat(/domain/clock/@offset, " ", /domain/clock/@basis, " ", /domain/clock/@adjustment)')).toBe(`variable localtime ${adjustment}`);
    }
    expect(xpath(dumped, "string(/domain/clock/timer[@name='hypervclock']/@present)")).toBe('yes');
  });
});

test.each(HypervPreset.all().map((p) => [p.name, p] as const))('preset %s defines on libvirt as planned', (_name, preset) => {
  const input = inputs.find((f) => f.name.endsWith('input-b-windows.xml'))!.xml;
  const transformed = runXsltproc(renderStylesheet(planOrThrow({ preset }).plan), input);
  const dumped = defineAndDump(transformed, 'win11', ['--validate']);
  expect(hypervStates(dumped)).toEqual(hypervStates(transformed));
  expect(xpath(dumped, 'string(/domain/features/hyperv/@mode)')).toBe(preset.settings.mode);
});

test('every catalogue feature libvirt 9.0 knows survives a define, switched off too', () => {
  const input = inputs.find((f) => f.name.endsWith('input-a-minimal.xml'))!.xml;
  const plan = planOrThrow({
    hostCpuVendor: 'intel',
    enlightenments: { avic: 'on', reset: 'off', frequencies: 'off', reenlightenment: 'off' },
  }).plan;
  const transformed = runXsltproc(renderStylesheet(plan), input);
  const dumped = defineAndDump(transformed, 'minimal', ['--validate']);
  expect(hypervStates(dumped)).toEqual(hypervStates(transformed));
  expect(hypervStates(dumped)).toMatchObject({ avic: 'on', reset: 'off', frequencies: 'off', reenlightenment: 'off' });
});
