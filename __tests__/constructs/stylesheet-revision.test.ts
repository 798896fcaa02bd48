import { readFileSync } from 'fs';
import { join } from 'path';
import { App, Aspects, TerraformStack, Testing } from 'cdktf';
import { Domain } from '../../lib/generated/libvirt/domain';
import { HypervAspect, WindowsDomain } from '../../lib';
import { LATEST_STYLESHEET_REVISION, STYLESHEET_REVISIONS, STYLESHEET_REVISION_CONTEXT_KEY, revisionDirectory, shippedStylesheets } from '../../lib/core';

const XSLT_DIR = join(__dirname, '..', '..', 'xslt');

/** The xml.xslt of every libvirt_domain in the synthesized stack, by name. */
function synthesizedStylesheets(stack: TerraformStack): Map<string, string> {
  const json = JSON.parse(Testing.synth(stack)) as { resource: { libvirt_domain: Record<string, { name: string; xml: { xslt: string } }> } };
  return new Map(Object.values(json.resource.libvirt_domain).map((r) => [r.name, r.xml.xslt]));
}

function warningsOn(stack: TerraformStack): string[] {
  return stack.node.metadata.filter((m) => m.type === '@cdktf/warn').map((m) => String(m.data));
}

describe('WindowsDomain with a pinned stylesheet revision (an upgrade keeps xml.xslt byte-identical)', () => {
  const cases = STYLESHEET_REVISIONS.flatMap((revision) => shippedStylesheets().map((s) => [revision, s.preset.name, s.file, s.preset] as const));

  test.each(cases)('revision %d, preset %s, pinned by the prop or by the context key: xml.xslt is xslt/revisions/<revision>/%s', (revision, _name, file, preset) => {
    const expected = readFileSync(join(XSLT_DIR, revisionDirectory(revision), file), 'utf8');
    const byProp = new TerraformStack(Testing.app(), 'prop');
    new WindowsDomain(byProp, 'vm', { domain: { name: 'vm' }, hyperv: { preset, stylesheetRevision: revision } });
    const byContext = new TerraformStack(Testing.app({ context: { [STYLESHEET_REVISION_CONTEXT_KEY]: revision } }), 'context');
    new WindowsDomain(byContext, 'vm', { domain: { name: 'vm' }, hyperv: { preset } });
    expect(synthesizedStylesheets(byProp).get('vm')).toBe(expected);
    expect(synthesizedStylesheets(byContext).get('vm')).toBe(expected);
    expect(warningsOn(byProp)).toEqual([]);
    expect(warningsOn(byContext)).toEqual([]);
  });

  test('an unpinned app gets the oldest revision and one warning per stack, however many VMs', () => {
    const stack = new TerraformStack(Testing.app(), 'unpinned');
    const vms = [1, 2, 3].map((n) => new WindowsDomain(stack, `vm${n}`, { domain: { name: `vm${n}` }, hyperv: { hostCpuVendor: 'intel' } }));
    expect(vms.map((vm) => vm.stylesheetRevision)).toEqual([STYLESHEET_REVISIONS[0], STYLESHEET_REVISIONS[0], STYLESHEET_REVISIONS[0]]);
    expect(warningsOn(stack)).toEqual([expect.stringMatching(/^HyperV-STYLESHEET_REVISION_UNPINNED: stylesheetRevision: no stylesheet revision is pinned/)]);
    for (const vm of vms) expect(vm.node.metadata.filter((m) => m.type === '@cdktf/warn')).toEqual([]);
  });

  test('the prop wins over the context key', () => {
    const stack = new TerraformStack(new App({ context: { [STYLESHEET_REVISION_CONTEXT_KEY]: 99 } }), 'both');
    expect(new WindowsDomain(stack, 'vm', { domain: { name: 'vm' }, hyperv: { stylesheetRevision: LATEST_STYLESHEET_REVISION } }).stylesheetRevision).toBe(LATEST_STYLESHEET_REVISION);
  });

  test('an unsupported revision in the context stops the synth, naming the key and the fix', () => {
    const stack = new TerraformStack(Testing.app({ context: { [STYLESHEET_REVISION_CONTEXT_KEY]: 'latest' } }), 'bad');
    expect(() => new WindowsDomain(stack, 'vm', { domain: { name: 'vm' } })).toThrow(
      /^\[bad\/vm\] HyperV-STYLESHEET_REVISION: context 'libvirt-hyperv:stylesheetRevision': got "latest"; .*pin the revision your VMs were deployed with/,
    );
    expect(stack.node.tryFindChild('vm')).toBeUndefined();
  });

  test('an unsupported revision as a prop stops the synth, naming the prop', () => {
    const stack = new TerraformStack(Testing.app(), 'bad');
    expect(() => new WindowsDomain(stack, 'vm', { domain: { name: 'vm' }, hyperv: { stylesheetRevision: 0 } })).toThrow(/HyperV-STYLESHEET_REVISION: hyperv\.stylesheetRevision: got 0/);
  });
});

describe('HypervAspect and the stylesheet revision', () => {
  test.each(STYLESHEET_REVISIONS.map((r) => [r]))('the context key pins revision %d for the domains it patches', (revision) => {
    const stack = new TerraformStack(Testing.app({ context: { [STYLESHEET_REVISION_CONTEXT_KEY]: revision } }), 'aspect');
    new Domain(stack, 'legacy', { name: 'legacy' });
    Aspects.of(stack).add(new HypervAspect({ hostCpuVendor: 'intel' }));
    expect(synthesizedStylesheets(stack).get('legacy')).toBe(readFileSync(join(XSLT_DIR, revisionDirectory(revision), 'windows-enlightenments.xsl'), 'utf8'));
    expect(warningsOn(stack)).toEqual([]);
  });

  test('unpinned: the oldest revision, one warning on the stack', () => {
    const stack = new TerraformStack(Testing.app(), 'aspect');
    new Domain(stack, 'a', { name: 'a' });
    new Domain(stack, 'b', { name: 'b' });
    const aspect = new HypervAspect({ hostCpuVendor: 'intel' });
    Aspects.of(stack).add(aspect);
    expect(synthesizedStylesheets(stack).get('a')).toBe(aspect.stylesheet);
    expect(warningsOn(stack)).toEqual([expect.stringMatching(/^HyperV-STYLESHEET_REVISION_UNPINNED: /)]);
  });
});
