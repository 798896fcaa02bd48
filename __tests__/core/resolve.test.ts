import { CATALOGUE, HypervValidationError, HypervOptions, HypervPreset, Issue, domainIssues, formatIssue, guardOptions, planOrThrow, resolveOptions, resolveUnknownOptions } from '../../lib/core';

function errors(options: unknown): Issue[] {
  return resolveUnknownOptions(options).issues.filter((i) => i.level === 'error');
}

function only(options: unknown): Issue {
  const found = errors(options);
  expect(found).toHaveLength(1);
  return found[0];
}

describe('dependency rules (QEMU refuses to start otherwise)', () => {
  test.each([
    ['synic needs vpindex', { enlightenments: { vpindex: 'omit', tlbflush: 'off', ipi: 'off' } }, 'enlightenments.synic', /synic requires vpindex .*hv-synic requires hv-vpindex.*set enlightenments.vpindex to 'on'/],
    ['stimer needs synic', { enlightenments: { synic: 'off' } }, 'enlightenments.stimer', /stimer requires synic.*'off'/],
    ['stimer needs the hypervclock timer', { enlightenments: { hypervclock: 'off' } }, 'enlightenments.stimer', /stimer requires hypervclock \(QEMU: hv-stimer requires hv-time\)/],
    ['stimer direct needs stimer', { preset: HypervPreset.MIGRATION_SAFE, enlightenments: { stimer: 'off', stimerDirect: 'on' } }, 'enlightenments.stimerDirect', /stimerDirect requires stimer/],
    ['tlbflush needs vpindex', { preset: HypervPreset.MIGRATION_SAFE, enlightenments: { vpindex: 'off', synic: 'off', stimer: 'off', ipi: 'off' } }, 'enlightenments.tlbflush', /tlbflush requires vpindex/],
    ['ipi needs vpindex', { preset: HypervPreset.MIGRATION_SAFE, enlightenments: { vpindex: 'off', synic: 'off', stimer: 'off', tlbflush: 'off' } }, 'enlightenments.ipi', /ipi requires vpindex/],
    ['evmcs needs vapic', { hostCpuVendor: 'intel', enlightenments: { vapic: 'off' } }, 'enlightenments.evmcs', /evmcs requires vapic/],
    ['tlbflush direct needs vapic', { preset: HypervPreset.MIGRATION_SAFE, enlightenments: { vapic: 'off', tlbflushDirect: 'on' } }, 'enlightenments.tlbflushDirect', /tlbflushDirect requires vapic/],
    ['tlbflush extended needs tlbflush', { preset: HypervPreset.MIGRATION_SAFE, enlightenments: { tlbflush: 'omit', tlbflushExtended: 'on' } }, 'enlightenments.tlbflushExtended', /tlbflushExtended requires tlbflush/],
  ])('fails when %s', (_name, options, field, message) => {
    const issue = only(options);
    expect(issue).toMatchObject({ code: 'DEPENDENCY', level: 'error', field });
    expect(issue.message).toMatch(message);
  });

  test('switching a parent off also drops the nested feature the preset had on', () => {
    const { plan } = planOrThrow({ hostCpuVendor: 'intel', enlightenments: { stimer: 'off' } });
    expect(plan.features.stimer).toBe('off');
    expect(plan.features.stimerDirect).toBeUndefined();
  });

  test('a dependency that is off is fine when the dependent feature is off too', () => {
    expect(errors({ hostCpuVendor: 'intel', enlightenments: { synic: 'off', stimer: 'off', stimerDirect: 'off' } })).toEqual([]);
  });
});

describe('value rules (libvirt refuses to define otherwise)', () => {
  test.each([4095, 8191, 4294967295])('accepts spinlock retries %d', (retries) => {
    expect(errors({ hostCpuVendor: 'intel', spinlockRetries: retries })).toEqual([]);
    expect(planOrThrow({ spinlockRetries: retries }).plan.spinlockRetries).toBe(retries);
  });

  test.each([4094, 0, -1, 4096.5, 4294967296, Number.NaN, Number.POSITIVE_INFINITY, '8191', null])('fails when spinlock retries is %p', (retries) => {
    const issue = only({ hostCpuVendor: 'intel', spinlockRetries: retries });
    expect(issue).toMatchObject({ code: 'RETRIES_RANGE', field: 'spinlockRetries' });
    expect(issue.message).toMatch(/integer from 4095 .* to 4294967295/);
  });

  test.each(['KVM Hv', 'Microsoft Hv', 'x', '123456789012', 'é1234567890', 'a{b}c&<>"\''])('accepts vendor id %p', (value) => {
    expect(planOrThrow({ vendorIdValue: value }).plan.vendorIdValue).toBe(value);
  });

  test.each([
    ['', /must not be empty/],
    ['1234567890123', /at most 12 bytes/],
    ['éééééé1', /at most 12 bytes.*got 13/],
    ['KVM,Hv', /comma/],
    ['KVM\nHv', /control characters \(found U\+000A\)/],
    ['KVM\u0000', /control characters/],
    ['KVM\u0085', /control characters/],
    ['\ud800x', /characters XML allows/],
    ['\uffff', /characters XML allows/],
    [42, /must be a string/],
  ])('fails when the vendor id is %p', (value, message) => {
    const issue = only({ vendorIdValue: value });
    expect(issue).toMatchObject({ code: 'VENDOR_ID', field: 'vendorIdValue' });
    expect(issue.message).toMatch(message);
  });

  test('fails when spinlocks is on without retries', () => {
    const preset = HypervPreset.custom('no-retries', { mode: 'custom', features: { spinlocks: 'on' }, clockOffset: 'localtime' });
    expect(only({ preset })).toMatchObject({ code: 'VALUE_REQUIRED', field: 'spinlockRetries' });
  });

  test('fails when vendor_id is on without a value', () => {
    const issue = only({ preset: HypervPreset.MIGRATION_SAFE, enlightenments: { vendorId: 'on' } });
    expect(issue).toMatchObject({ code: 'VALUE_REQUIRED', field: 'vendorIdValue' });
    expect(issue.message).toMatch(/set vendorIdValue/);
  });

  test('fails when a value is given for a feature that is not on', () => {
    const issue = only({ preset: HypervPreset.MIGRATION_SAFE, vendorIdValue: 'KVM Hv' });
    expect(issue).toMatchObject({ code: 'VALUE_UNUSED', field: 'vendorIdValue' });
  });

  test('a preset value for a feature switched off is not an error', () => {
    expect(errors({ hostCpuVendor: 'intel', enlightenments: { vendorId: 'off', spinlocks: 'omit' } })).toEqual([]);
  });
});

describe('passthrough mode', () => {
  test('fails when a child feature is set with mode passthrough', () => {
    const found = errors({ mode: 'passthrough', hostCpuVendor: 'intel' });
    expect(found.length).toBe(15);
    expect(found.every((i) => i.code === 'PASSTHROUGH_CHILD')).toBe(true);
    expect(found[0].field).toBe('enlightenments.relaxed');
    expect(found[0].message).toMatch(/set enlightenments\.\w+ to 'omit', or set mode to 'custom'/);
  });

  test('fails when a value option is given in passthrough mode', () => {
    expect(only({ preset: HypervPreset.PASSTHROUGH, spinlockRetries: 8191 })).toMatchObject({ code: 'VALUE_UNUSED', field: 'spinlockRetries' });
  });
});

describe('host CPU vendor', () => {
  test('fails when evmcs is on and the host is AMD', () => {
    const issue = only({ hostCpuVendor: 'amd' });
    expect(issue).toMatchObject({ code: 'EVMCS_AMD', field: 'enlightenments.evmcs' });
    expect(issue.message).toMatch(/set enlightenments.evmcs to 'omit', or use HypervPreset.MIGRATION_SAFE/);
  });

  test('warns when evmcs is on and the vendor is unknown', () => {
    const { plan, issues } = resolveUnknownOptions({});
    expect(plan).toBeDefined();
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ code: 'EVMCS_VENDOR_UNKNOWN', level: 'warning', field: 'enlightenments.evmcs' });
    expect(issues[0].message).toMatch(/an AMD host will refuse to start this VM/);
  });

  test('says nothing on Intel, or when evmcs is off on AMD', () => {
    expect(resolveUnknownOptions({ hostCpuVendor: 'intel' }).issues).toEqual([]);
    expect(resolveUnknownOptions({ hostCpuVendor: 'amd', enlightenments: { evmcs: 'off' } }).issues).toEqual([]);
  });
});

describe('libvirt version', () => {
  test.each([
    ['emsrBitmap', '10.6.0', '10.7.0'],
    ['xmmInput', '9.0.0', '10.7.0'],
    ['tlbflushExtended', '9.0.0', '11.0.0'],
    ['avic', '8.0.0', '8.10.0'],
  ] as const)('fails when %s is used with libvirt %s (needs %s)', (id, version, since) => {
    const issue = only({ preset: HypervPreset.MIGRATION_SAFE, libvirtVersion: version, enlightenments: { [id]: 'on' } });
    expect(issue).toMatchObject({ code: 'LIBVIRT_TOO_OLD', field: `enlightenments.${id}` });
    expect(issue.message).toContain(`needs libvirt ${since} or later, but libvirtVersion is ${version}`);
  });

  test('an off feature is still an element libvirt must know', () => {
    expect(only({ preset: HypervPreset.MIGRATION_SAFE, libvirtVersion: '9.0.0', enlightenments: { emsrBitmap: 'off' } }).code).toBe('LIBVIRT_TOO_OLD');
  });

  test('fails when passthrough mode is used before libvirt 8.0.0', () => {
    expect(only({ preset: HypervPreset.PASSTHROUGH, libvirtVersion: '7.10.0' })).toMatchObject({ code: 'LIBVIRT_TOO_OLD', field: 'mode' });
  });

  test('the RHEL set is fine on Debian bookworm (libvirt 9.0.0) and the newest features on 11.3.0', () => {
    expect(errors({ hostCpuVendor: 'intel', libvirtVersion: '9.0.0' })).toEqual([]);
    expect(errors({ hostCpuVendor: 'intel', libvirtVersion: '11.3.0', enlightenments: { tlbflushDirect: 'on', tlbflushExtended: 'on', emsrBitmap: 'on', xmmInput: 'on', avic: 'on' } })).toEqual([]);
  });

  test('fails when libvirtVersion is not a version', () => {
    expect(only({ libvirtVersion: 'bookworm' })).toMatchObject({ code: 'INVALID_OPTION', field: 'libvirtVersion' });
  });
});

describe('preset names (as the CLI takes them)', () => {
  test.each(HypervPreset.all().map((p) => [p.name, p] as const))("preset: '%s' gives the same plan as the constant", (name, preset) => {
    expect(resolveUnknownOptions({ preset: name, hostCpuVendor: 'intel' })).toEqual(resolveUnknownOptions({ preset, hostCpuVendor: 'intel' }));
  });

  test('an unknown name is refused with the closest name and the list', () => {
    expect(only({ preset: 'windws11' })).toEqual({
      code: 'INVALID_OPTION',
      level: 'error',
      field: 'preset',
      message: "unknown preset \"windws11\"; did you mean 'windows11'?; use one of 'rhel10', 'windows11', 'migration-safe', 'passthrough'",
    });
  });
});

describe('option shapes (plain JavaScript callers)', () => {
  test('fails on an unknown option with a suggestion', () => {
    const issue = only({ hostCpuVendor: 'intel', spinlock_retries: 8191 });
    expect(issue).toMatchObject({ code: 'UNKNOWN_OPTION', field: 'spinlock_retries' });
    expect(issue.message).toMatch(/did you mean 'spinlockRetries'/);
  });

  test('fails on an unknown feature name with a suggestion', () => {
    const issue = only({ hostCpuVendor: 'intel', enlightenments: { vendor_id: 'off' } });
    expect(issue).toMatchObject({ code: 'UNKNOWN_FEATURE', field: 'enlightenments.vendor_id' });
    expect(issue.message).toMatch(/did you mean 'vendorId'/);
  });

  test.each([true, 'ON', 1, null])('fails when a feature state is %p', (state) => {
    const issue = only({ hostCpuVendor: 'intel', enlightenments: { relaxed: state } });
    expect(issue).toMatchObject({ code: 'INVALID_OPTION', field: 'enlightenments.relaxed' });
    expect(issue.message).toMatch(/use one of 'on', 'off', 'omit'/);
  });

  test.each([
    ['preset', 'RHEL10'],
    ['mode', 'host-model'],
    ['clockOffset', 'variable'],
    ['hostCpuVendor', 'Intel'],
    ['enlightenments', ['relaxed']],
  ])('fails when %s is %p', (key, value) => {
    expect(only({ hostCpuVendor: 'intel', [key]: value }).field).toBe(key);
  });

  test('prototype keys are refused, not followed', () => {
    const overrides = JSON.parse('{"__proto__": {"evmcs": "off"}, "constructor": "on"}');
    const found = errors({ hostCpuVendor: 'intel', enlightenments: overrides });
    expect(found.map((i) => i.field)).toEqual(['enlightenments.__proto__', 'enlightenments.constructor']);
  });

  test('fails when options are not an object', () => {
    expect(only('rhel10')).toMatchObject({ code: 'INVALID_OPTION', field: 'options' });
  });

  test('a megabyte string is reported in one short line', () => {
    const issue = only({ vendorIdValue: 'x'.repeat(1 << 20) });
    expect(formatIssue(issue).length).toBeLessThan(300);
  });

  test('does not mutate the caller\'s objects', () => {
    const options = Object.freeze({ enlightenments: Object.freeze({ evmcs: 'omit' as const }) });
    expect(planOrThrow(options).plan.features.evmcs).toBeUndefined();
  });
});

describe('planOrThrow', () => {
  test('throws one HypervValidationError listing every error', () => {
    let thrown: unknown;
    try {
      planOrThrow({ hostCpuVendor: 'amd', spinlockRetries: 1 });
    } catch (e) {
      thrown = e;
    }
    expect(HypervValidationError.isHypervValidationError(thrown)).toBe(true);
    const error = thrown as HypervValidationError;
    expect(error.issues.map((i) => i.code).sort()).toEqual(['EVMCS_AMD', 'RETRIES_RANGE']);
    expect(error.message).toMatch(/^HyperV-RETRIES_RANGE: spinlockRetries: /m);
    expect(error.message).toMatch(/^HyperV-EVMCS_AMD: enlightenments.evmcs: /m);
  });
});

describe('domainIssues', () => {
  const codes = (issues: readonly Issue[]) => issues.map((i) => [i.code, i.level, i.field]);

  test('only vpindex is refused under TCG, and only for type qemu', () => {
    const { plan } = planOrThrow({ hostCpuVendor: 'intel' });
    expect(domainIssues(plan, { type: 'kvm', arch: 'x86_64' })).toEqual([]);
    expect(domainIssues(plan, {})).toEqual([]);
    expect(codes(domainIssues(plan, { type: 'qemu' }))).toEqual([['NEEDS_KVM', 'warning', 'enlightenments.vpindex']]);
    expect(domainIssues(planOrThrow({ preset: HypervPreset.PASSTHROUGH }).plan, { type: 'qemu' })).toEqual([]);
  });

  test.each(['aarch64', 's390x', 'ppc64le', 'riscv64', 'armv7l'])('arch %s: NOT_X86 naming the field and the fix, and nothing else', (arch) => {
    const issues = domainIssues(planOrThrow({}).plan, { type: 'qemu', arch });
    expect(codes(issues)).toEqual([['NOT_X86', 'warning', 'arch']]);
    expect(issues[0].message).toContain(`arch is '${arch}'`);
    expect(issues[0].message).toMatch(/leaves the domain untouched.*; use arch 'x86_64'/);
  });

  test.each(['xen', 'lxc', 'hvf', 'vmware', 'bhyve'])('type %s: NOT_KVM_OR_QEMU naming the field and the fix', (type) => {
    const issues = domainIssues(planOrThrow({}).plan, { type, arch: 'x86_64' });
    expect(codes(issues)).toEqual([['NOT_KVM_OR_QEMU', 'warning', 'type']]);
    expect(issues[0].message).toMatch(/; use type 'kvm'/);
  });

  test('x86 arches and unresolved tokens say nothing', () => {
    const { plan } = planOrThrow({});
    expect(domainIssues(plan, { type: 'kvm', arch: 'i686' })).toEqual([]);
    expect(domainIssues(plan, { type: '${TfToken[TOKEN.1]}', arch: '${TfToken[TOKEN.2]}' })).toEqual([]);
  });
});

describe('NO_ENLIGHTENMENTS', () => {
  const noEnlightenments = (options: object) => resolveUnknownOptions(options).issues.filter((i) => i.code === 'NO_ENLIGHTENMENTS');

  test('passthrough switched to custom mode: a warning on mode, the plan still valid', () => {
    const { plan, issues } = resolveUnknownOptions({ preset: HypervPreset.PASSTHROUGH, mode: 'custom' });
    expect(plan).toBeDefined();
    expect(codes(issues.filter((i) => i.code === 'NO_ENLIGHTENMENTS'))).toEqual([['NO_ENLIGHTENMENTS', 'warning', 'mode']]);
  });

  test('every enlightenment omitted from a custom preset: the same warning', () => {
    const omitAll = Object.fromEntries(CATALOGUE.filter((s) => s.kind === 'hyperv').map((s) => [s.id, 'omit']));
    expect(noEnlightenments({ enlightenments: omitAll })).toHaveLength(1);
  });

  test('one enlightenment left, or passthrough mode: no warning', () => {
    const allButRelaxed = Object.fromEntries(CATALOGUE.filter((s) => s.kind === 'hyperv' && s.id !== 'relaxed').map((s) => [s.id, 'omit']));
    expect(noEnlightenments({ enlightenments: allButRelaxed })).toEqual([]);
    expect(noEnlightenments({ preset: HypervPreset.PASSTHROUGH })).toEqual([]);
  });

  function codes(issues: readonly Issue[]) {
    return issues.map((i) => [i.code, i.level, i.field]);
  }
});

describe('guard, then resolve in named steps', () => {
  const preset = HypervPreset.custom('broken', { mode: 'custom', features: { spinlocks: 'on' }, clockOffset: 'localtime', spinlockRetries: 3 });

  test('guardOptions keeps the options of the right type and reports the others', () => {
    const { options, issues } = guardOptions({ mode: 5, spinlockRetries: '8191', vendorIdValue: 'KVM,Hv', hostCpuVendor: 'bogus', enlightenments: { evmcs: 'omit', evmsc: 'on' } });
    expect(options).toEqual({ vendorIdValue: 'KVM,Hv', hostCpuVendor: 'bogus', enlightenments: { evmcs: 'omit' } });
    expect(issues.map((i) => [i.code, i.field])).toEqual([
      ['UNKNOWN_FEATURE', 'enlightenments.evmsc'],
      ['INVALID_OPTION', 'mode'],
      ['RETRIES_RANGE', 'spinlockRetries'],
    ]);
  });

  test('guardOptions gives no options for input that is not a plain object', () => {
    expect(guardOptions([1])).toEqual({ issues: [expect.objectContaining({ code: 'INVALID_OPTION', field: 'options' })] });
  });

  test('resolveOptions takes typed options and checks their values', () => {
    const options: HypervOptions = { preset: 'windows11', hostCpuVendor: 'intel', spinlockRetries: 4095 };
    expect(resolveOptions(options)).toEqual(resolveUnknownOptions(options));
    expect(resolveOptions(options).plan!.spinlockRetries).toBe(4095);
    expect(resolveOptions({ hostCpuVendor: 'intel', spinlockRetries: 1 }).issues.map((i) => i.code)).toEqual(['RETRIES_RANGE']);
  });

  test('resolveOptions refuses a state outside the union, so no string reaches the stylesheet unchecked', () => {
    const { plan, issues } = resolveOptions({ hostCpuVendor: 'intel', enlightenments: { relaxed: '"/><x' as never } });
    expect(plan).toBeUndefined();
    expect(issues).toEqual([expect.objectContaining({ code: 'INVALID_OPTION', field: 'enlightenments.relaxed' })]);
  });

  // The order 0.1.0's single resolveOptions listed them in: by option, whichever part (guard or resolve) finds them.
  test('issues from the guard and from resolve are listed in one order, by option', () => {
    const { issues } = resolveUnknownOptions({
      spinlockRetry: 1,
      host: [],
      stylesheetRevision: 'x',
      libvirtVersion: 'nine',
      vendorIdValue: 42,
      spinlockRetries: 1,
      hostCpuVendor: 'bogus',
      clockOffset: 7,
      mode: 'bogus',
      enlightenments: { evmcs: 'maybe', evmsc: 'on' },
      preset,
    });
    expect(issues.map((i) => [i.code, i.field])).toEqual([
      ['UNKNOWN_OPTION', 'spinlockRetry'],
      ['INVALID_OPTION', 'enlightenments.evmcs'],
      ['UNKNOWN_FEATURE', 'enlightenments.evmsc'],
      ['INVALID_OPTION', 'mode'],
      ['INVALID_OPTION', 'clockOffset'],
      ['INVALID_OPTION', 'hostCpuVendor'],
      ['RETRIES_RANGE', 'spinlockRetries'],
      ['VENDOR_ID', 'vendorIdValue'],
      ['INVALID_OPTION', 'libvirtVersion'],
      ['STYLESHEET_REVISION', 'stylesheetRevision'],
      ['RETRIES_RANGE', 'preset.spinlockRetries'],
      ['HOST_PROFILE', 'host'],
    ]);
  });
});
