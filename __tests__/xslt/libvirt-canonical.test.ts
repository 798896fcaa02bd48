/**
 * The stylesheets emit libvirt's canonical form: define the result on libvirt (test driver), `virsh dumpxml` it,
 * and `libvirt-hyperv diff` with the same options finds nothing to change; change one option and the diff shows
 * that option's lines only. And whatever libvirt's QEMU driver accepted, it still accepts after the stylesheet
 * (`qemu:///embed` define --validate, no daemon).
 */
import { HypervPreset, planOrThrow, renderStylesheet } from '../../lib/core';
import { runXsltproc } from '../../lib/preview/xsltproc';
import { qemuDriverAccepts, qemuDriverError, testDriverDump } from '../../scripts/corpus/libvirt-drivers';
import { ONE_OPTION, changedLines } from '../../scripts/corpus/round-trip';
import { cli } from '../cli/helpers';
import { fixtureDomains } from '../support/libvirt-tools';

const FIXTURES = fixtureDomains();
const PRESETS = HypervPreset.all();
const cases = PRESETS.flatMap((preset) => FIXTURES.map((f) => ({ preset, fixture: f.name, input: f.xml })));
const applied = cases.map((c) => runXsltproc(renderStylesheet(planOrThrow({ preset: c.preset }).plan), c.input));
const dumped = testDriverDump(applied);
const inputsDumped = testDriverDump(FIXTURES.map((f) => f.xml));

test('libvirt\'s test driver accepts every fixture, before and after every preset', () => {
  expect(FIXTURES.filter((_, i) => inputsDumped[i] === undefined).map((f) => f.name)).toEqual([]);
  expect(cases.filter((_, i) => dumped[i] === undefined).map((c) => `${c.preset.name} ${c.fixture}`)).toEqual([]);
});

describe.each(cases.map((c, i) => [c.preset.name, c.fixture, i] as const))('%s on %s', (presetName, _fixture, i) => {
  test('define, dumpxml, diff with the same options: exit 0, nothing printed', async () => {
    const r = await cli(['diff', '--engine', 'xsltproc', '--preset', presetName, '-'], { stdin: dumped[i]! });
    expect({ code: r.code, out: r.out }).toEqual({ code: 0, out: '' });
  });

});

describe.each(cases.map((c, i) => [c.preset.name, c.fixture, i] as const))(
  '%s on %s, one option changed',
  (presetName, _fixture, i) => {
    test('the diff shows that option\'s lines only', async () => {
      const change = ONE_OPTION[presetName];
      const r = await cli(['diff', '--engine', 'xsltproc', '--preset', presetName, ...change.flags, '-U', '0', '-'], { stdin: dumped[i]! });
      expect(r.code).toBe(1);
      // A domain with two hypervclock timers (libvirt keeps both) shows the pair twice.
      expect([...new Set(changedLines(r.out))]).toEqual(change.lines);
    });
  },
);

describe('libvirt\'s QEMU driver', () => {
  const before = qemuDriverAccepts(FIXTURES.map((f) => f.xml));
  const after = qemuDriverAccepts(applied);

  test('accepts every result whose input it accepted (define --validate)', () => {
    const lost = cases
      .map((c, i) => ({ c, i }))
      .filter(({ c, i }) => before[FIXTURES.findIndex((f) => f.name === c.fixture)] && !after[i])
      .map(({ c, i }) => `${c.preset.name} ${c.fixture}: ${qemuDriverError(applied[i])}`);
    expect(lost).toEqual([]);
  });

  test('accepts the fixtures it is meant to: the provider\'s q35 Windows VM after windows11', () => {
    const at = cases.findIndex((c) => c.preset.name === 'windows11' && c.fixture.endsWith('input-b-windows.xml'));
    expect(after[at]).toBe(true);
    expect(before.filter(Boolean).length).toBeGreaterThan(0);
  });
});
