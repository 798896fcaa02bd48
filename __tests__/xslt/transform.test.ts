/**
 * The shipped stylesheets through the real xsltproc with the provider's flags, on the provider's domain XML and on
 * hand-made domains, checked with libvirt's own tools.
 */
import { HypervPreset, planOrThrow, renderStylesheet } from '../../lib/core';
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

const RHEL_BLOCK =
  '<hyperv><relaxed state="on"/><vapic state="on"/><spinlocks state="on" retries="8191"/><vendor_id state="on" value="KVM Hv"/>' +
  '<vpindex state="on"/><runtime state="on"/><synic state="on"/><stimer state="on"><direct state="on"/></stimer>' +
  '<frequencies state="on"/><reset state="on"/><tlbflush state="on"/><reenlightenment state="on"/><ipi state="on"/><evmcs state="on"/></hyperv>';

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
    expect(xpath(output, "count(/domain/clock/timer[@name='hypervclock'])")).toBe('1');
    expect(xpath(output, "string(/domain/clock/timer[@name='hypervclock']/@present)")).toBe('yes');
    expect(xpath(output, 'string(/domain/clock/@offset)')).toBe('localtime');
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
    expect(xpath(output, 'string(/domain/features/hyperv/@mode)')).toBe('');
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

  test('drops timezone, keeps the other timers, leaves exactly one hypervclock timer', () => {
    const output = runXsltproc(DEFAULT, byName('clock-timezone.xml'));
    expect(compact(xpath(output, '/domain/clock'))).toBe(
      '<clock offset="localtime"><timer name="kvmclock" present="yes"/><timer name="hypervclock" present="yes"/></clock>',
    );
  });

  test('drops basis, keeps a valid adjustment and every other timer with its children', () => {
    const output = runXsltproc(DEFAULT, byName('clock-variable.xml'));
    expect(compact(xpath(output, '/domain/clock'))).toBe(
      '<clock offset="localtime" adjustment="-3600"><timer name="rtc" tickpolicy="catchup" track="guest"><catchup threshold="123" slew="120" limit="10000"/></timer>' +
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
      '<clock offset="timezone" timezone="Europe/Paris"><timer name="kvmclock" present="yes"/><timer name="hypervclock" present="yes"/></clock>',
    );
    expect(xpath(runXsltproc(stylesheet, byName('input-a-minimal.xml')), 'string(/domain/clock/@offset)')).toBe('utc');
  });

  test('clockOffset utc keeps a valid adjustment', () => {
    const stylesheet = renderStylesheet(planOrThrow({ clockOffset: 'utc' }).plan);
    const output = runXsltproc(stylesheet, byName('clock-variable.xml'));
    expect(xpath(output, 'string(/domain/clock/@offset)')).toBe('utc');
    expect(xpath(output, 'string(/domain/clock/@adjustment)')).toBe('-3600');
    expect(xpath(output, 'count(/domain/clock/@*)')).toBe('2');
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
