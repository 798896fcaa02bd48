/**
 * The shipped stylesheets through the real xsltproc with the provider's flags, on the provider's domain XML and on
 * hand-made domains, checked with libvirt's own tools.
 */
import { HypervPreset, planOrThrow, renderLayoutStylesheet, renderStylesheet } from '../../lib/core';
import { runXsltproc } from '../../lib/preview/xsltproc';
import { canonicalize, fixtureDomains, validateDomain, xpath } from '../support/libvirt-tools';

const stylesheetFor = (preset: HypervPreset) => renderStylesheet(planOrThrow({ preset }).plan);
const DEFAULT = stylesheetFor(HypervPreset.RHEL10);
const FIXTURES = fixtureDomains();
const byName = (name: string) => FIXTURES.find((f) => f.name.endsWith(name))!.xml;

/**
 * Removes what a preset's stylesheet owns, so what is left must be identical before and after: <hyperv>, <clock>
 * and a <features> holding nothing else; with the Windows 11 options also the CD-ROM bus, the loader's secure
 * flag, <smm> and the TPM model.
 */
function withoutOwned(preset: HypervPreset): string {
  const guest = Object.keys(preset.settings.features).some((id) => ['sataCdrom', 'secureBoot', 'tpmCrb'].includes(id));
  const owned = ['/domain/features/hyperv', '/domain/clock', ...(guest ? ["/domain/devices/disk[@device='cdrom']/target/@bus", '/domain/os/loader/@secure', '/domain/features/smm', '/domain/devices/tpm/@model'] : [])];
  const emptyFeatures = `/domain/features[not(*[not(self::hyperv${guest ? ' or self::smm' : ''})] or comment())]`;
  return `<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
<xsl:strip-space elements="*"/>
<xsl:template match="@*|node()"><xsl:copy><xsl:apply-templates select="@*|node()"/></xsl:copy></xsl:template>
<xsl:template match="${[...owned, emptyFeatures].join('|')}"/>
</xsl:stylesheet>`;
}

/** The RHEL 10 block in libvirt's canonical form: mode="custom", children in the order virsh dumpxml prints them. */
const RHEL_BLOCK =
  '<hyperv mode="custom"><relaxed state="on"/><vapic state="on"/><spinlocks state="on" retries="8191"/>' +
  '<vpindex state="on"/><runtime state="on"/><synic state="on"/><stimer state="on"><direct state="on"/></stimer><reset state="on"/>' +
  '<vendor_id state="on" value="KVM Hv"/><frequencies state="on"/><reenlightenment state="on"/><tlbflush state="on"/><ipi state="on"/><evmcs state="on"/></hyperv>';

const compact = (xml: string) => xml.replace(/>\s+</g, '><').trim();

describe.each(HypervPreset.all().map((p) => [p.name, p] as const))('preset %s', (_name, preset) => {
  const stylesheet = stylesheetFor(preset);

  test.each(FIXTURES.map((f) => [f.name, f.xml] as const))('%s: valid, idempotent, nothing else changed', (_fixture, input) => {
    const output = runXsltproc(stylesheet, input);
    const inputValid = validateDomain(input);
    expect(inputValid.valid).toBe(true);
    expect(validateDomain(output)).toEqual({ valid: true, output: expect.any(String) });
    expect(runXsltproc(stylesheet, output)).toBe(output);
    expect(canonicalize(runXsltproc(withoutOwned(preset), output))).toBe(canonicalize(runXsltproc(withoutOwned(preset), input)));
    expect(xpath(output, 'count(/domain/features/hyperv)')).toBe('1');
    expect(Number(xpath(output, "count(/domain/clock/timer[@name='hypervclock'])"))).toBeGreaterThan(0);
    expect(xpath(output, "count(/domain/clock/timer[@name='hypervclock'][@present!='yes'])")).toBe('0');
    // localtime, spelled as libvirt stores it when there is a numeric adjustment.
    expect(xpath(output, "concat(/domain/clock/@offset[.='localtime'], /domain/clock[@offset='variable']/@basis)")).toBe('localtime');
  });
});

describe('the default stylesheet', () => {
  test.each(FIXTURES.map((f) => [f.name, f.xml] as const))('%s gets exactly the RHEL 10 block', (_fixture, input) => {
    expect(compact(xpath(runXsltproc(DEFAULT, input), '/domain/features/hyperv'))).toBe(RHEL_BLOCK);
  });

  test('keeps every other feature, in order', () => {
    const output = runXsltproc(DEFAULT, byName('hyperv-custom-existing.xml'));
    expect(xpath(output, 'count(/domain/features/*)')).toBe('7');
    expect(compact(xpath(output, '/domain/features/*[not(self::hyperv)]'))).toBe(
      '<acpi/><apic/><kvm><hidden state="on"/></kvm><vmport state="off"/><smm state="on"/><ioapic driver="kvm"/>',
    );
  });

  test('replaces a passthrough <hyperv> with the configured block', () => {
    const output = runXsltproc(DEFAULT, byName('hyperv-passthrough-existing.xml'));
    expect(xpath(output, 'string(/domain/features/hyperv/@mode)')).toBe('custom');
    expect(compact(xpath(output, '/domain/features/hyperv'))).toBe(RHEL_BLOCK);
  });

  test('creates <features> when the domain has none', () => {
    const output = runXsltproc(DEFAULT, byName('input-d-no-features-s390x.xml'));
    expect(compact(xpath(output, '/domain/features'))).toBe(`<features>${RHEL_BLOCK}</features>`);
  });

  test('creates <clock offset="localtime"> with only hypervclock when there is none', () => {
    const output = runXsltproc(DEFAULT, byName('input-b-windows.xml'));
    expect(compact(xpath(output, '/domain/clock'))).toBe('<clock offset="localtime"><timer name="hypervclock" present="yes"/></clock>');
  });

  test('drops timezone, keeps the other timers, sets present on every hypervclock timer where it is', () => {
    const output = runXsltproc(DEFAULT, byName('clock-timezone.xml'));
    expect(compact(xpath(output, '/domain/clock'))).toBe(
      '<clock offset="localtime"><timer name="hypervclock" present="yes"/><timer name="kvmclock" present="yes"/><timer name="hypervclock" present="yes"/></clock>',
    );
  });

  test('localtime with a valid adjustment is written as libvirt stores it (variable, basis localtime); other timers kept', () => {
    const output = runXsltproc(DEFAULT, byName('clock-variable.xml'));
    expect(compact(xpath(output, '/domain/clock'))).toBe(
      '<clock offset="variable" adjustment="-3600" basis="localtime"><timer name="rtc" tickpolicy="catchup" track="guest"><catchup threshold="123" slew="120" limit="10000"/></timer>' +
        '<timer name="tsc" frequency="3504000000" mode="native"/><timer name="hypervclock" present="yes"/></clock>',
    );
  });

  test('drops start (absolute offset)', () => {
    const output = runXsltproc(DEFAULT, byName('clock-absolute.xml'));
    expect(compact(xpath(output, '/domain/clock'))).toBe('<clock offset="localtime"><timer name="hypervclock" present="yes"/></clock>');
  });

  test('keeps adjustment="reset"', () => {
    expect(xpath(runXsltproc(DEFAULT, byName('clock-utc-reset.xml')), 'string(/domain/clock/@adjustment)')).toBe('reset');
  });

  test.each([
    ['+15', '+15'],
    ['-0', '-0'],
    ['42', '42'],
    ['+', ''],
    ['1.5', ''],
    ['12a', ''],
    ['', ''],
  ])('adjustment %p is kept only when libvirt accepts it (got %p)', (adjustment, kept) => {
    const input = `<domain type="kvm"><name>a</name><memory>1</memory><os><type>hvm</type></os><clock offset="utc" adjustment="${adjustment}"/></domain>`;
    expect(xpath(runXsltproc(DEFAULT, input), 'string(/domain/clock/@adjustment)')).toBe(kept);
  });

  test('keeps comments, namespaced elements, CDATA text, unicode and escaped attribute values', () => {
    const input = byName('preserved-content.xml');
    const output = runXsltproc(DEFAULT, input);
    expect(output).toContain('<!-- a comment before the root -->');
    expect(output).toContain('<!-- a comment after the root -->');
    expect(output).toContain('<!-- features chosen by hand -->');
    expect(output).toContain('<name>préservé-ünïcode</name>');
    expect(output).toContain('<title>Contrôleur de domaine — Ω ✓</title>');
    expect(output).toContain('<description>Owner: &lt;ops@example.com&gt; &amp; "team"; 日本語</description>');
    expect(output).toContain('<app:owner team="windows &amp; identity">ops</app:owner>');
    expect(output).toContain(`<source file="/var/lib/libvirt/images/a&amp;b &quot;quoted&quot; 'x'.qcow2"/>`);
    expect(xpath(output, "count(//*[namespace-uri()='http://libvirt.org/schemas/domain/qemu/1.0'])")).toBe('4');
  });

  test('whitespace inside <description> survives', () => {
    const input = '<domain type="kvm"><name>a</name><description>  two  spaces\n  and a newline  </description><memory>1</memory><os><type>hvm</type></os></domain>';
    expect(runXsltproc(DEFAULT, input)).toContain('<description>  two  spaces\n  and a newline  </description>');
  });
});

describe('other options', () => {
  test('clockOffset keep leaves the offset and its attributes alone', () => {
    const stylesheet = renderStylesheet(planOrThrow({ clockOffset: 'keep' }).plan);
    const output = runXsltproc(stylesheet, byName('clock-timezone.xml'));
    expect(compact(xpath(output, '/domain/clock'))).toBe(
      '<clock offset="timezone" timezone="Europe/Paris"><timer name="hypervclock" present="yes"/><timer name="kvmclock" present="yes"/><timer name="hypervclock" present="yes"/></clock>',
    );
    expect(xpath(runXsltproc(stylesheet, byName('input-a-minimal.xml')), 'string(/domain/clock/@offset)')).toBe('utc');
  });

  test('clockOffset utc keeps a valid adjustment', () => {
    const stylesheet = renderStylesheet(planOrThrow({ clockOffset: 'utc' }).plan);
    const output = runXsltproc(stylesheet, byName('clock-variable.xml'));
    expect(xpath(output, '/domain/clock/@*').split('\n').map((a) => a.trim())).toEqual(['offset="variable"', 'adjustment="-3600"', 'basis="utc"']);
  });

  test('hypervclock omitted leaves existing timers, including hypervclock ones, untouched', () => {
    const stylesheet = renderStylesheet(planOrThrow({ enlightenments: { stimer: 'off', hypervclock: 'omit' } }).plan);
    const output = runXsltproc(stylesheet, byName('clock-timezone.xml'));
    expect(xpath(output, "count(/domain/clock/timer[@name='hypervclock'])")).toBe('2');
    expect(validateDomain(output).valid).toBe(true);
  });

  test('a hostile vendor id reaches the domain exactly as given', () => {
    const value = `"{x}&<'>`;
    const stylesheet = renderStylesheet(planOrThrow({ vendorIdValue: value }).plan);
    const output = runXsltproc(stylesheet, byName('input-a-minimal.xml'));
    expect(xpath(output, 'string(/domain/features/hyperv/vendor_id/@value)')).toBe(value);
  });
});

describe('whitespace: layout unless the document says otherwise (XSLT 1.0 section 3.4, xml:space)', () => {
  const metadata = (body: string) => `<domain type="kvm"><name>a</name><memory>1</memory><os><type>hvm</type></os><metadata>${body}</metadata></domain>`;

  test('whitespace-only text under xml:space="preserve" is kept, in descendants too, as libvirt keeps it', () => {
    const input = metadata('<app:m xmlns:app="urn:x" xml:space="preserve">\n   <app:a/>   <app:b>\n  </app:b>\n</app:m>');
    for (const stylesheet of [DEFAULT, stylesheetFor(HypervPreset.WINDOWS11), renderLayoutStylesheet()]) {
      expect(runXsltproc(stylesheet, input)).toContain('<app:m xmlns:app="urn:x" xml:space="preserve">\n   <app:a/>   <app:b>\n  </app:b>\n</app:m>');
    }
  });

  test('xml:space="default" on a nearer element makes its whitespace layout again', () => {
    const input = metadata('<app:m xmlns:app="urn:x" xml:space="preserve"> <app:b xml:space="default">\n  <app:c/>\n</app:b></app:m>');
    expect(runXsltproc(DEFAULT, input)).toContain('<app:m xmlns:app="urn:x" xml:space="preserve"> <app:b xml:space="default"><app:c/></app:b></app:m>');
  });

  test('without xml:space, whitespace between elements is layout', () => {
    expect(runXsltproc(DEFAULT, metadata('<app:m xmlns:app="urn:x">\n   <app:a/>   </app:m>'))).toContain('<app:m xmlns:app="urn:x">\n      <app:a/>\n    </app:m>');
  });
});

describe('domains the stylesheet cannot enlighten are left as they are (layout aside)', () => {
  const domain = (type: string, arch: string) =>
    `<domain type="${type}"><name>a</name><memory>1</memory><os><type${arch ? ` arch="${arch}"` : ''}>hvm</type></os><features><acpi/></features><clock offset="utc"/><devices/></domain>`;

  test.each([
    ['kvm', 'aarch64'],
    ['kvm', 's390x'],
    ['qemu', 'ppc64le'],
    ['qemu', 'riscv64'],
    ['xen', 'x86_64'],
    ['lxc', ''],
    ['hvf', 'x86_64'],
  ])('type %s, arch %p: every preset gives the layout stylesheet\'s output', (type, arch) => {
    const input = domain(type, arch);
    const laidOut = runXsltproc(renderLayoutStylesheet(), input);
    for (const preset of HypervPreset.all()) expect(runXsltproc(stylesheetFor(preset), input)).toBe(laidOut);
  });

  test.each([
    ['kvm', 'x86_64'],
    ['qemu', 'i686'],
    ['kvm', ''],
  ])('type %s, arch %p (none: the host\'s, x86 here) is enlightened', (type, arch) => {
    expect(xpath(runXsltproc(DEFAULT, domain(type, arch)), 'count(/domain/features/hyperv)')).toBe('1');
  });
});
