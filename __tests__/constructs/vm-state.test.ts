import { App, Aspects, TerraformStack, Testing } from 'cdktf';
import { Construct, IConstruct } from 'constructs';
import { HypervAspect, WindowsDomain, WindowsDomainConfig, WindowsDomainProps } from '../../lib';
import { Domain } from '../../lib/generated/libvirt/domain';

const UEFI = { machine: 'q35', firmware: '/usr/share/OVMF/OVMF_CODE_4M.fd' };

type StateProps = Pick<WindowsDomainProps, 'allowNvramAndTpmLoss' | 'ignoreStylesheetChanges'>;

/** Info annotations anywhere in the tree under `scope`, with the path they are on. */
function infosUnder(scope: IConstruct): Array<{ path: string; text: string }> {
  return scope.node.findAll().flatMap((c) => c.node.metadata.filter((m) => m.type === '@cdktf/info').map((m) => ({ path: c.node.path, text: String(m.data) })));
}

/** The synthesized lifecycle of the VM's libvirt_domain, and the info annotations of its stack. */
function synthesize(domain: Partial<WindowsDomainConfig>, state: StateProps = {}): { lifecycle: unknown; infos: string[] } {
  const stack = new TerraformStack(Testing.app(), 'test');
  new WindowsDomain(stack, 'vm', { domain: { name: 'vm', ...domain }, hyperv: { hostCpuVendor: 'intel', stylesheetRevision: 1 }, ...state });
  const json = JSON.parse(Testing.synth(stack)) as { resource: { libvirt_domain: Record<string, { lifecycle?: unknown }> } };
  return {
    lifecycle: Object.values(json.resource.libvirt_domain)[0].lifecycle,
    infos: infosUnder(stack).map((i) => i.text),
  };
}

describe('WindowsDomain protects NVRAM and TPM state by default', () => {
  test.each([
    ['firmware (libvirt then keeps a UEFI variable store)', UEFI, 'UEFI NVRAM (firmware/nvram)'],
    ['nvram', { ...UEFI, nvram: { template: '/usr/share/OVMF/OVMF_VARS_4M.fd' } }, 'UEFI NVRAM (firmware/nvram)'],
    ['an emulated TPM (the provider\'s default backend)', { tpm: { backendVersion: '2.0' } }, 'an emulated TPM (swtpm state)'],
    ['an emulated TPM, named', { tpm: { backendType: 'emulator' } }, 'an emulated TPM (swtpm state)'],
  ])('%s: lifecycle.prevent_destroy = true, with a HyperV-STATE_PROTECTED info', (_what, props, state) => {
    const { lifecycle, infos } = synthesize(props as Partial<WindowsDomainConfig>);
    expect(lifecycle).toEqual({ prevent_destroy: true });
    expect(infos).toEqual([expect.stringContaining(`HyperV-STATE_PROTECTED: lifecycle.preventDestroy: 1 VM (vm) has ${state}, which replacing it would delete`)]);
    expect(infos[0]).toMatch(/fails the plan with "Instance cannot be destroyed": set ignoreStylesheetChanges: true and use libvirt-hyperv redefine .*; set allowNvramAndTpmLoss: true to let Terraform replace it$/);
  });

  test('both: one info naming both', () => {
    const { infos } = synthesize({ ...UEFI, tpm: { backendVersion: '2.0' } });
    expect(infos).toEqual([expect.stringContaining('1 VM (vm) has UEFI NVRAM (firmware/nvram) and an emulated TPM (swtpm state)')]);
  });

  test.each([
    ['no firmware and no TPM', {}],
    ['a passthrough TPM (its state lives in the host\'s TPM)', { tpm: { backendType: 'passthrough', backendDevicePath: '/dev/tpm0' } }],
  ])('%s: no lifecycle, no info', (_what, props) => {
    expect(synthesize(props as Partial<WindowsDomainConfig>)).toEqual({ lifecycle: undefined, infos: [] });
  });

  test('allowNvramAndTpmLoss: true opts out', () => {
    expect(synthesize({ ...UEFI, tpm: {} }, { allowNvramAndTpmLoss: true })).toEqual({ lifecycle: undefined, infos: [] });
  });

  test('the user\'s own lifecycle.preventDestroy wins, and the rest of their lifecycle is kept', () => {
    expect(synthesize({ ...UEFI, lifecycle: { preventDestroy: false, createBeforeDestroy: false } })).toEqual({
      lifecycle: { prevent_destroy: false, create_before_destroy: false },
      infos: [],
    });
  });

  test('ignoreStylesheetChanges adds xml to ignore_changes (merged with the user\'s), and the info says how to apply changes', () => {
    const { lifecycle, infos } = synthesize({ ...UEFI, lifecycle: { ignoreChanges: ['description'] } }, { ignoreStylesheetChanges: true });
    expect(lifecycle).toEqual({ prevent_destroy: true, ignore_changes: ['description', 'xml'] });
    expect(infos[0]).toContain('stylesheet changes are ignored by Terraform (ignoreStylesheetChanges): apply them with libvirt-hyperv redefine');
    expect(synthesize({}, { ignoreStylesheetChanges: true })).toEqual({ lifecycle: { ignore_changes: ['xml'] }, infos: [] });
    expect(synthesize({ lifecycle: { ignoreChanges: 'all' } }, { ignoreStylesheetChanges: true }).lifecycle).toEqual({ ignore_changes: 'all' });
  });

  test('one info per stack, not per VM: it counts the VMs, names the first three, and groups VMs by what they keep', () => {
    const app = Testing.app();
    const stack = new TerraformStack(app, 'fleet');
    const group = new Construct(stack, 'site-a');
    const hyperv = { hostCpuVendor: 'intel' as const, stylesheetRevision: 1 };
    for (let i = 0; i < 5; i++) new WindowsDomain(group, `win${i}`, { domain: { name: `win${i}`, ...UEFI }, hyperv });
    new WindowsDomain(stack, 'tpm', { domain: { name: 'tpm', tpm: {} }, hyperv, ignoreStylesheetChanges: true });
    new WindowsDomain(stack, 'free', { domain: { name: 'free', ...UEFI }, hyperv, allowNvramAndTpmLoss: true });
    const other = new TerraformStack(app, 'other');
    new WindowsDomain(other, 'solo', { domain: { name: 'solo', ...UEFI }, hyperv });
    Testing.synth(stack);
    Testing.synth(stack); // a second synth adds nothing
    Testing.synth(other);
    const infos = infosUnder(app);
    expect(infos.map((i) => i.path)).toEqual(['fleet', 'fleet', 'other']);
    expect(infos[0]!.text).toMatch(
      /^HyperV-STATE_PROTECTED: lifecycle.preventDestroy: 5 VMs \(site-a\/win0, site-a\/win1, site-a\/win2 and 2 more\) have UEFI NVRAM \(firmware\/nvram\), which replacing them would delete, so they get lifecycle.prevent_destroy = true \(cdktf destroy refuses them too\); a stylesheet change .*; set allowNvramAndTpmLoss: true to let Terraform replace a VM$/,
    );
    expect(infos[1]!.text).toMatch(/^HyperV-STATE_PROTECTED: lifecycle.preventDestroy: 1 VM \(tpm\) has an emulated TPM \(swtpm state\), .*stylesheet changes are ignored by Terraform/);
    expect(infos[2]!.text).toContain('1 VM (solo) has UEFI NVRAM');
  });

  test('a VM removed from the tree after it was declared is not counted', () => {
    const stack = new TerraformStack(Testing.app(), 'test');
    const hyperv = { hostCpuVendor: 'intel' as const, stylesheetRevision: 1 };
    for (const id of ['a', 'b', 'c']) new WindowsDomain(stack, id, { domain: { name: id, ...UEFI }, hyperv });
    stack.node.tryRemoveChild('b');
    Testing.synth(stack);
    expect(infosUnder(stack).map((i) => i.text)).toEqual([expect.stringContaining('2 VMs (a, c) have UEFI NVRAM')]);
  });

  test('a VM outside any stack (never synthesized) gets its own info at once', () => {
    const vm = new WindowsDomain(Testing.app() as App, 'loose', { domain: { name: 'loose', ...UEFI }, hyperv: { hostCpuVendor: 'intel', stylesheetRevision: 1 } });
    expect(infosUnder(vm).map((i) => i.text)).toEqual([expect.stringContaining('1 VM (loose) has UEFI NVRAM')]);
  });

  test.each([['allowNvramAndTpmLoss'], ['ignoreStylesheetChanges']])('%s must be a boolean', (name) => {
    const stack = new TerraformStack(Testing.app(), 'test');
    expect(() => new WindowsDomain(stack, 'vm', { domain: { name: 'vm' }, [name]: 'yes' } as unknown as WindowsDomainProps)).toThrow(
      new RegExp(`^\\[test/vm\\] HyperV-INVALID_OPTION: ${name}: expected true or false, got "yes"$`),
    );
  });
});

describe('HypervAspect warns about domains whose NVRAM or TPM a stylesheet change would delete', () => {
  function aspectWarnings(config: Record<string, unknown>): string[] {
    const stack = new TerraformStack(Testing.app(), 'test');
    const domain = new Domain(stack, 'legacy', { name: 'legacy', ...config });
    Aspects.of(stack).add(new HypervAspect({ hostCpuVendor: 'intel', stylesheetRevision: 1 }));
    Testing.synth(stack);
    return domain.node.metadata.filter((m) => m.type === '@cdktf/warn').map((m) => String(m.data));
  }

  test('NVRAM or an emulated TPM without protection: HyperV-STATE_AT_RISK', () => {
    expect(aspectWarnings({ ...UEFI, tpm: { backendType: 'emulator' } })).toEqual([
      expect.stringMatching(/^HyperV-STATE_AT_RISK: lifecycle: the domain has UEFI NVRAM \(firmware\/nvram\) and an emulated TPM \(swtpm state\), .*set lifecycle.preventDestroy = true, or add 'xml' to lifecycle.ignoreChanges/),
    ]);
  });

  test.each([
    ['prevent_destroy set', { ...UEFI, lifecycle: { preventDestroy: true } }],
    ['prevent_destroy explicitly false (a choice)', { ...UEFI, lifecycle: { preventDestroy: false } }],
    ['xml ignored', { ...UEFI, lifecycle: { ignoreChanges: ['xml'] } }],
    ['no state', {}],
    ['a passthrough TPM', { tpm: { backendType: 'passthrough' } }],
  ])('%s: no warning', (_what, config) => {
    expect(aspectWarnings(config)).toEqual([]);
  });
});
