/**
 * apply and diff warn with the constructs' codes ("same rules everywhere"), reading the domain type and arch from
 * the input XML: NEEDS_KVM, NOT_X86, NOT_KVM_OR_QEMU; NO_ENLIGHTENMENTS comes from the options alone. Warnings go to
 * stderr, one line each, and do not change the exit code.
 */
import { cli } from './helpers';

const domain = (type: string, arch: string) => `<domain type="${type}"><name>vm</name><os><type arch="${arch}" machine="pc">hvm</type></os></domain>`;

describe.each(['apply', 'diff'])('%s', (command) => {
  const run = (flags: readonly string[], xml: string) => cli([command, '--host-cpu-vendor', 'intel', ...flags, '-'], { stdin: xml });
  const exitCode = command === 'apply' ? 0 : 1;

  test('type qemu (TCG) with vpindex on: HyperV-NEEDS_KVM, with the flags to leave out', async () => {
    const { code, err } = await run([], domain('qemu', 'x86_64'));
    expect(code).toBe(exitCode);
    expect(err).toMatch(/^libvirt-hyperv: warning: HyperV-NEEDS_KVM: --vpindex: vpindex is on but the domain type is 'qemu' .*set --vpindex, --synic, --stimer, --stimer-direct, --tlbflush, --ipi to 'omit'\n$/);
  });

  test.each(['aarch64', 's390x', 'ppc64le', 'riscv64'])('arch %s: HyperV-NOT_X86 on the arch field, and no NEEDS_KVM', async (arch) => {
    const { code, err } = await run([], domain('qemu', arch));
    expect(code).toBeLessThanOrEqual(1);
    expect(err).toMatch(new RegExp(`^libvirt-hyperv: warning: HyperV-NOT_X86: arch: the domain's arch is '${arch}'.*leaves the domain untouched.*; use arch 'x86_64'[^\\n]*\\n$`));
  });

  test.each(['xen', 'lxc', 'vmware'])('type %s: HyperV-NOT_KVM_OR_QEMU on the type field', async (type) => {
    const { err } = await run([], domain(type, 'x86_64'));
    expect(err).toMatch(new RegExp(`^libvirt-hyperv: warning: HyperV-NOT_KVM_OR_QEMU: type: the domain's type is '${type}'.*; use type 'kvm'[^\\n]*\\n$`));
  });

  test('--preset passthrough --mode custom: HyperV-NO_ENLIGHTENMENTS on --mode, the empty <hyperv> still written', async () => {
    const { code, out, err } = await run(['--preset', 'passthrough', '--mode', 'custom'], domain('kvm', 'x86_64'));
    expect(code).toBe(exitCode);
    expect(err).toMatch(/^libvirt-hyperv: warning: HyperV-NO_ENLIGHTENMENTS: --mode: mode is 'custom' but no enlightenment is set .*; set some to 'on' \(--preset rhel10 has the recommended set\), or set mode to 'passthrough'\n$/);
    expect(out).toMatch(/<hyperv\b[^>]*\/>|<hyperv\b[^>]*><\/hyperv>/);
  });

  test('a KVM x86_64 domain with the defaults: no warning', async () => {
    const { err } = await run([], domain('kvm', 'x86_64'));
    expect(err).toBe('');
  });
});

test('stylesheet (no domain) still warns NO_ENLIGHTENMENTS', async () => {
  const { code, err } = await cli(['stylesheet', '--preset', 'passthrough', '--mode', 'custom']);
  expect(code).toBe(0);
  expect(err).toMatch(/^libvirt-hyperv: warning: HyperV-NO_ENLIGHTENMENTS: --mode: /);
});
