import { readFileSync } from 'fs';
import { join } from 'path';
import { CATALOGUE, FeatureId, HypervPreset, featureSpec, escapeAttributeValueTemplate, planOrThrow, renderStylesheet, shippedStylesheets } from '../../lib/core';

const XSLT_DIR = join(__dirname, '..', '..', 'xslt');
const render = (options: object) => renderStylesheet(planOrThrow({ hostCpuVendor: 'intel', ...options }).plan);

function changedLines(a: string, b: string): { removed: string[]; added: string[] } {
  const left = a.split('\n');
  const right = b.split('\n');
  return { removed: left.filter((l) => !right.includes(l)), added: right.filter((l) => !left.includes(l)) };
}

describe('renderStylesheet', () => {
  test.each(shippedStylesheets().map((s) => [s.file, s.preset] as const))('xslt/%s is byte-identical to the rendering of its preset (ForceNew)', (file, preset) => {
    expect(renderStylesheet(planOrThrow({ preset }).plan)).toBe(readFileSync(join(XSLT_DIR, file), 'utf8'));
  });

  test('the default stylesheet is xslt/windows-enlightenments.xsl, independent of the host vendor', () => {
    const file = readFileSync(join(XSLT_DIR, 'windows-enlightenments.xsl'), 'utf8');
    expect(renderStylesheet(planOrThrow({}).plan)).toBe(file);
    expect(render({})).toBe(file);
  });

  test('renders the RHEL block one feature per line, in libvirt\'s canonical form and order', () => {
    const lines = render({}).split('\n');
    const start = lines.indexOf('<hyperv mode="custom">');
    expect(lines.slice(start, lines.indexOf('</hyperv>') + 1)).toEqual([
      '<hyperv mode="custom">',
      '<relaxed state="on"/>',
      '<vapic state="on"/>',
      '<spinlocks state="on" retries="8191"/>',
      '<vpindex state="on"/>',
      '<runtime state="on"/>',
      '<synic state="on"/>',
      '<stimer state="on"><direct state="on"/></stimer>',
      '<reset state="on"/>',
      '<vendor_id state="on" value="KVM Hv"/>',
      '<frequencies state="on"/>',
      '<reenlightenment state="on"/>',
      '<tlbflush state="on"/>',
      '<ipi state="on"/>',
      '<evmcs state="on"/>',
      '</hyperv>',
    ]);
  });

  test('is deterministic: equal options give identical text, object key order does not matter', () => {
    const a = render({ enlightenments: { avic: 'on', evmcs: 'off' } });
    const b = render({ enlightenments: { evmcs: 'off', avic: 'on' } });
    expect(a).toBe(b);
    expect(render({})).toBe(render({}));
  });

  test.each(CATALOGUE.filter((s) => s.kind !== 'guest').map((s) => s.id))('toggling %s on → off changes only its own lines (one for <hyperv>)', (id) => {
    // The feature and everything it needs, transitively: switching it off then breaks no dependency.
    const needed = new Set<FeatureId>();
    const visit = (f: FeatureId) => {
      if (needed.has(f)) return;
      needed.add(f);
      featureSpec(f).requires.forEach(visit);
    };
    visit(id);
    const features = Object.fromEntries([...needed].map((f) => [f, 'on' as const]));
    // Every value option gets an accepted value (its entry's minimum), so a valued feature renders.
    const values = Object.fromEntries(CATALOGUE.filter((s) => s.value).map((s) => [s.value!.option, s.value!.valueType === 'integer' ? s.value!.min : 'x'.repeat(s.value!.min)]));
    const preset = HypervPreset.custom('toggle', { mode: 'custom', features, ...values, clockOffset: 'localtime' });
    const { removed, added } = changedLines(render({ preset }), render({ preset, enlightenments: { [id]: 'off' } }));
    // A timer has two: the one that adds it where it is missing and the one that sets it where it is.
    const lines = featureSpec(id).kind === 'timer' ? 2 : 1;
    expect(removed).toHaveLength(lines);
    expect(added).toHaveLength(lines);
    expect([...removed, ...added].every((l) => l.includes(featureSpec(id).element))).toBe(true);
  });

  test('leaving a feature out removes exactly its line', () => {
    const { removed, added } = changedLines(render({}), render({ enlightenments: { evmcs: 'omit' } }));
    expect(removed).toEqual(['<evmcs state="on"/>']);
    expect(added).toEqual([]);
  });

  test('a nested feature stays on its parent\'s line', () => {
    const { removed, added } = changedLines(render({}), render({ enlightenments: { stimerDirect: 'off' } }));
    expect(removed).toEqual(['<stimer state="on"><direct state="on"/></stimer>']);
    expect(added).toEqual(['<stimer state="on"><direct state="off"/></stimer>']);
  });

  test('a parent switched off drops its nested features', () => {
    const text = render({ enlightenments: { stimer: 'off', stimerDirect: 'off' } });
    expect(text).toContain('<stimer state="off"/>');
  });

  test('passthrough renders no children', () => {
    const text = render({ preset: HypervPreset.PASSTHROUGH });
    expect(text).toContain('<hyperv mode="passthrough"/>');
    expect(text).not.toMatch(/state=/);
  });

  test('hypervclock off writes present="no"; omit leaves the timers alone', () => {
    const off = render({ enlightenments: { stimer: 'off', stimerDirect: 'off', hypervclock: 'off' } });
    expect(off).toContain('<timer name="hypervclock" present="no"/>');
    const omitted = render({ enlightenments: { stimer: 'off', stimerDirect: 'off', hypervclock: 'omit' } });
    expect(omitted).not.toContain('hypervclock');
    expect(omitted).toContain('<xsl:apply-templates select="self::clock/node()"/>');
  });

  test('clockOffset keep with hypervclock omitted leaves <clock> entirely alone', () => {
    const text = render({ clockOffset: 'keep', enlightenments: { stimer: 'off', stimerDirect: 'off', hypervclock: 'omit' } });
    expect(text).not.toContain('clock');
  });

  test('guest options add to the RHEL stylesheet without changing any of its lines', () => {
    const rhel = render({}).split('\n');
    const windows11 = render({ preset: HypervPreset.WINDOWS11 }).split('\n');
    const changed = rhel.filter((l) => !windows11.includes(l));
    // Only the lines that place <smm> next to <hyperv> differ; every enlightenment and timer line is shared.
    expect(changed.every((l) => /call-template name="hyperv"|'\|acpi\|apic\||\$c\[\(self/.test(l))).toBe(true);
    expect(render({ preset: HypervPreset.WINDOWS11, enlightenments: { sataCdrom: 'omit', secureBoot: 'omit', tpmCrb: 'omit', windowsTimers: 'omit' } })).toBe(render({}));
  });

  test.each(CATALOGUE.filter((s) => s.kind === 'guest').map((s) => s.id))('fails when guest option %s is set to off (it is applied or omitted)', (id) => {
    expect(() => render({ enlightenments: { [id]: 'off' } })).toThrow(new RegExp(`HyperV-INVALID_OPTION: enlightenments.${id}: got "off"; use one of 'on', 'omit'`));
  });

  test('the default stylesheet stays under 3.5 KiB', () => {
    expect(Buffer.byteLength(render({}))).toBeLessThanOrEqual(3584);
  });
});

describe('escapeAttributeValueTemplate', () => {
  test.each([
    ['KVM Hv', 'KVM Hv'],
    ['a&b', 'a&amp;b'],
    ['<x>', '&lt;x&gt;'],
    ['"q"', '&quot;q&quot;'],
    ['{concat(1,2)}', '{{concat(1,2)}}'],
    ['é✓', '&#233;&#10003;'],
    ['😀', '&#128512;'],
  ])('%p → %p', (input, expected) => {
    expect(escapeAttributeValueTemplate(input)).toBe(expected);
  });

  test('a hostile vendor id cannot change the stylesheet\'s structure', () => {
    const text = render({ vendorIdValue: '"/><x a="{' });
    expect(text).toContain('<vendor_id state="on" value="&quot;/&gt;&lt;x a=&quot;{{"/>');
    expect(text.split('\n').length).toBe(render({}).split('\n').length);
  });
});
