import { readFileSync } from 'fs';
import { join } from 'path';
import {
  CATALOGUE,
  FEATURE_STATES,
  HYPERV_OPTION_NAMES,
  HypervPreset,
  formatIssue,
  renderStylesheet,
  resolveUnknownOptions,
  shippedStylesheets,
} from '../../lib/core';
import { hypervFlagNames, kebab } from '../../lib/cli';
import { REPO, cli } from './helpers';

const shipped = (file: string) => readFileSync(join(REPO, 'xslt', file), 'utf8');

describe('libvirt-hyperv stylesheet', () => {
  test('with no options prints xslt/windows-enlightenments.xsl byte for byte', async () => {
    const { code, out, err } = await cli(['stylesheet']);
    expect(code).toBe(0);
    expect(out).toBe(shipped('windows-enlightenments.xsl'));
    // RHEL10 keeps evmcs, so an unknown host vendor gets the core's advisory warning, on stderr only.
    expect(err).toMatch(/^libvirt-hyperv: warning: HyperV-EVMCS_VENDOR_UNKNOWN: --evmcs: .*--host-cpu-vendor/);
  });

  test.each(shippedStylesheets().map((s) => [s.preset.name, s.file]))('--preset %s prints xslt/%s', async (name, file) => {
    const { code, out } = await cli(['stylesheet', '--preset', name, '--host-cpu-vendor', 'intel']);
    expect(code).toBe(0);
    expect(out).toBe(shipped(file));
  });

  test('--host-cpu-vendor intel confirms evmcs: no warning', async () => {
    expect(await cli(['stylesheet', '--host-cpu-vendor', 'intel'])).toEqual({ code: 0, out: shipped('windows-enlightenments.xsl'), err: '' });
  });

  // Every flag against the library: the CLI must give what resolveOptions + renderStylesheet give for the same options.
  const cases = HypervPreset.all().flatMap((preset) =>
    // Every state, even those a feature refuses (off for a guest option): the CLI must report the core's error.
    CATALOGUE.flatMap((spec) => FEATURE_STATES.map((state) => [preset.name, spec.id, state] as const)),
  );
  test.each(cases)('--preset %s --%s %s matches the library', async (presetName, id, state) => {
    const preset = HypervPreset.named(presetName)!;
    const resolution = resolveUnknownOptions({ preset, hostCpuVendor: 'intel', enlightenments: { [id]: state } });
    const result = await cli(['stylesheet', '--preset', presetName, '--host-cpu-vendor', 'intel', `--${kebab(id)}`, state]);
    if (resolution.plan) {
      expect(result).toEqual({ code: 0, out: renderStylesheet(resolution.plan), err: '' });
    } else {
      const first = resolution.issues.find((i) => i.level === 'error')!;
      expect(result.code).toBe(2);
      expect(result.out).toBe('');
      expect(result.err.split('\n')).toHaveLength(2); // one line and its newline
      expect(result.err).toContain(`HyperV-${first.code}: `);
    }
  });

  test.each([
    [['--spinlock-retries', '4095'], { spinlockRetries: 4095 }],
    [['--vendor-id-value', 'Contoso'], { vendorIdValue: 'Contoso' }],
    [['--clock-offset', 'utc'], { clockOffset: 'utc' }],
    [['--clock-offset', 'keep'], { clockOffset: 'keep' }],
    [['--libvirt-version', '11.0.0'], { libvirtVersion: '11.0.0' }],
    [['--evmcs', 'omit', '--host-cpu-vendor', 'amd'], { enlightenments: { evmcs: 'omit' }, hostCpuVendor: 'amd' }],
    [['--preset', 'passthrough', '--mode', 'passthrough'], { preset: HypervPreset.PASSTHROUGH, mode: 'passthrough' }],
  ] as const)('%j matches the library', async (flags, options) => {
    const { plan } = resolveUnknownOptions({ hostCpuVendor: 'intel', ...options });
    expect(plan).toBeDefined();
    const result = await cli(['stylesheet', '--host-cpu-vendor', 'intel', ...flags]);
    expect(result).toEqual({ code: 0, out: renderStylesheet(plan!), err: '' });
  });

  test('a value the core refuses is reported by the core, with the flag named', async () => {
    const { issues } = resolveUnknownOptions({ spinlockRetries: 12 });
    const expected = formatIssue(issues[0]).replace('spinlockRetries: ', '--spinlock-retries: ');
    expect(await cli(['stylesheet', '--spinlock-retries', '12'])).toEqual({ code: 2, out: '', err: `libvirt-hyperv: ${expected}\n` });
  });

  test('a dependency error names the flag to change and the fix in flags', async () => {
    const { code, out, err } = await cli(['stylesheet', '--synic', 'off']);
    expect({ code, out }).toEqual({ code: 2, out: '' });
    expect(err).toBe(
      "libvirt-hyperv: HyperV-DEPENDENCY: --stimer: stimer requires synic (QEMU: hv-stimer requires hv-synic), but synic is 'off'; set --synic to 'on', or set --stimer to 'off'\n",
    );
  });

  test('several errors: the first, and how many more, on one line', async () => {
    const { code, err } = await cli(['stylesheet', '--mode', 'passthrough']);
    expect(code).toBe(2);
    expect(err.trimEnd().split('\n')).toHaveLength(1);
    expect(err).toMatch(/HyperV-PASSTHROUGH_CHILD: --relaxed: .* \(and \d+ more: fix this one and run again\)\n$/);
  });
});

describe('flags come from the core', () => {
  test('one flag per catalogue feature, per option and --preset, in every command', async () => {
    expect(hypervFlagNames()).toEqual(
      expect.arrayContaining([...CATALOGUE.map((s) => `--${kebab(s.id)}`), ...HYPERV_OPTION_NAMES.filter((n) => n !== 'enlightenments').map((n) => `--${kebab(n)}`)]),
    );
    expect(hypervFlagNames()).toHaveLength(CATALOGUE.length + HYPERV_OPTION_NAMES.length - 1);
    for (const command of ['stylesheet', 'apply', 'diff']) {
      const help = (await cli([command, '--help'])).out.replace(/\s+/g, ' ');
      for (const flag of hypervFlagNames()) expect(help).toContain(` ${flag} <`);
      for (const preset of HypervPreset.all()) expect(help).toContain(`'${preset.name}': ${preset.description}`);
    }
  });

  test('help shows each feature with its catalogue summary and the states', async () => {
    const { out } = await cli(['stylesheet', '--help']);
    const help = out.replace(/\s+/g, ' ');
    for (const spec of CATALOGUE.filter((s) => !s.summary.includes('`'))) {
      expect(help).toContain(` --${kebab(spec.id)} <${spec.states.join('|')}> ${spec.summary}`);
    }
    expect(help).toContain(" --spinlocks <on|off|omit> Spinlock retries before the guest notifies the hypervisor (`--spinlock-retries`).");
  });

  test('each value flag is the one its catalogue entry names, with the entry\'s limits', async () => {
    const help = (await cli(['stylesheet', '--help'])).out.replace(/\s+/g, ' ');
    for (const spec of CATALOGUE.filter((s) => s.value)) {
      expect(help).toContain(` ${spec.value!.cliFlag} <${spec.value!.cliArgument}> ${spec.value!.cliDescription}`);
    }
    expect(help).toContain(' --spinlock-retries <n> <spinlocks retries>: 4095 to 4294967295');
  });
});

describe('help and version', () => {
  test.each([['--help'], ['-h'], ['stylesheet', '--help'], ['apply', '--help'], ['diff', '--help'], ['help', 'diff']])(
    '%j prints help on stdout and exits 0',
    async (...argv) => {
      const { code, out, err } = await cli(argv);
      expect({ code, err }).toEqual({ code: 0, err: '' });
      expect(out).toMatch(/^Usage: libvirt-hyperv/);
      expect(out).toContain('Exit codes (those of diff(1)):');
    },
  );

  test.each(['stylesheet', 'apply', 'diff'])('%s --help has examples', async (command) => {
    const { out } = await cli([command, '--help']);
    expect(out).toContain('Examples:');
    expect(out).toContain(`$ libvirt-hyperv ${command}`);
  });

  test('--version prints the package version on stdout', async () => {
    const pkg = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { version: string };
    expect(await cli(['--version'])).toEqual({ code: 0, out: `${pkg.version}\n`, err: '' });
  });

  test('no command: help on stderr, exit 2', async () => {
    const { code, out, err } = await cli([]);
    expect({ code, out }).toEqual({ code: 2, out: '' });
    expect(err).toMatch(/^Usage: libvirt-hyperv/);
  });
});
