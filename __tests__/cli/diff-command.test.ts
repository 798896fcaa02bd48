import { CATALOGUE, HypervPreset, planOrThrow, renderStylesheet } from '../../lib/core';
import { runXsltproc } from '../../lib/preview/xsltproc';
import { PROVIDER_INPUTS, cli, fixture, readFixture } from './helpers';

const INTEL = ['--host-cpu-vendor', 'intel'];

describe('libvirt-hyperv diff', () => {
  test('on the provider\'s Windows domain: the added <hyperv> block and clock, exit 1', async () => {
    const { code, out, err } = await cli(['diff', ...INTEL, '--engine', 'xsltproc', fixture('input-b-windows.xml')]);
    expect({ code, err }).toEqual({ code: 1, err: '' });
    const lines = out.split('\n');
    expect(lines[0]).toBe(`--- ${fixture('input-b-windows.xml')}`);
    expect(lines[1]).toBe(`+++ ${fixture('input-b-windows.xml')} (with the Hyper-V stylesheet, preset rhel10)`);
    const added = lines.filter((l) => l.startsWith('+') && !l.startsWith('+++')).map((l) => l.slice(1).trim());
    const removed = lines.filter((l) => l.startsWith('-') && !l.startsWith('---'));
    expect(removed).toEqual([]);
    const rendered = CATALOGUE.filter((s) => s.kind === 'hyperv' && HypervPreset.RHEL10.settings.features[s.id] === 'on' && !s.parent);
    expect(added).toEqual([
      '<hyperv mode="custom">',
      ...rendered.flatMap((s) =>
        s.id === 'stimer' ? ['<stimer state="on">', '<direct state="on"/>', '</stimer>'] : [expect.stringMatching(new RegExp(`^<${s.element} state="on"( \\w+="[^"]+")?/>$`))],
      ),
      '</hyperv>',
      '<clock offset="localtime">',
      '<timer name="hypervclock" present="yes"/>',
      '</clock>',
    ]);
  });

  test.each(PROVIDER_INPUTS)('%s: the diff\'s "after" side is exactly what the provider\'s xsltproc defines', async (name) => {
    const { code, out } = await cli(['diff', ...INTEL, '--engine', 'xsltproc', '-U', '100000', fixture(name)]);
    expect(code).toBe(1);
    const after = out
      .split('\n')
      .slice(3) // headers and the one hunk header
      .filter((l) => !l.startsWith('-') && l !== '')
      .map((l) => l.slice(1))
      .join('\n');
    const provider = runXsltproc(renderStylesheet(planOrThrow({ preset: HypervPreset.RHEL10 }).plan), readFixture(name));
    expect(`${after}\n`).toBe(provider);
  });

  test.each(PROVIDER_INPUTS.flatMap((n) => [[n, 'xsltproc'], [n, 'in-process']]))(
    '%s: on its own output (%s) it prints nothing and exits 0',
    async (name, engine) => {
      const applied = await cli(['apply', ...INTEL, '--engine', engine, fixture(name)]);
      expect(applied.code).toBe(0);
      expect(await cli(['diff', ...INTEL, '--engine', engine, '-'], { stdin: applied.out })).toEqual({ code: 0, out: '', err: '' });
    },
  );

  test('reads standard input for -, as in virsh dumpxml VM | libvirt-hyperv diff -', async () => {
    const fromFile = await cli(['diff', ...INTEL, fixture('input-b-windows.xml')]);
    const fromStdin = await cli(['diff', ...INTEL, '-'], { stdin: readFixture('input-b-windows.xml') });
    expect(fromStdin.code).toBe(1);
    expect(fromStdin.out.split('\n').slice(2)).toEqual(fromFile.out.split('\n').slice(2));
    expect(fromStdin.out.split('\n')[0]).toBe('--- stdin');
  });

  test('re-indentation alone is no change: the before side gets the stylesheet\'s layout', async () => {
    const applied = await cli(['apply', ...INTEL, fixture('input-c-features-variant.xml')]);
    const squashed = applied.out.replace(/>\s+</g, '><');
    expect(await cli(['diff', ...INTEL, '-'], { stdin: squashed })).toEqual({ code: 0, out: '', err: '' });
  });

  test('only what changes: another preset on an already enlightened domain changes the <hyperv> lines only', async () => {
    const applied = await cli(['apply', ...INTEL, fixture('input-b-windows.xml')]);
    const { code, out } = await cli(['diff', '--preset', 'migration-safe', '-U', '0', '-'], { stdin: applied.out });
    expect(code).toBe(1);
    const changed = out.split('\n').filter((l) => /^[-+] /.test(l)).map((l) => `${l[0]}${l.slice(1).trim()}`);
    expect(changed.sort()).toEqual(
      [
        '-<vendor_id state="on" value="KVM Hv"/>',
        '-<stimer state="on">',
        '-<direct state="on"/>',
        '-</stimer>',
        '+<stimer state="on"/>',
        '-<reset state="on"/>',
        '-<reenlightenment state="on"/>',
        '-<evmcs state="on"/>',
      ].sort(),
    );
  });

  test('-U sets the context lines', async () => {
    const narrow = await cli(['diff', ...INTEL, '-U', '0', fixture('input-b-windows.xml')]);
    const wide = await cli(['diff', ...INTEL, '-U', '5', fixture('input-b-windows.xml')]);
    expect(narrow.out.split('\n').filter((l) => l.startsWith(' '))).toEqual([]);
    expect(wide.out.split('\n').filter((l) => l.startsWith(' ')).length).toBeGreaterThan(10);
  });

  describe('colour', () => {
    test('on a terminal: red removals, green additions, cyan hunks, bold headers', async () => {
      const { out } = await cli(['diff', ...INTEL, '--clock-offset', 'utc', fixture('input-c-features-variant.xml')], { tty: true });
      const lines = out.split('\n');
      expect(lines[0]).toMatch(/^\x1b\[1m--- .*\x1b\[0m$/);
      expect(lines[1]).toMatch(/^\x1b\[1m\+\+\+ .*\x1b\[0m$/);
      expect(lines.filter((l) => l.startsWith('\x1b[36m@@')).length).toBeGreaterThan(0);
      expect(lines.filter((l) => l.startsWith('\x1b[32m+')).length).toBeGreaterThan(0);
      expect(lines.some((l) => l.startsWith('+') || l.startsWith('-'))).toBe(false);
    });

    test('not when stdout is not a terminal', async () => {
      const { out } = await cli(['diff', ...INTEL, fixture('input-b-windows.xml')], { tty: false });
      expect(out).not.toContain('\x1b[');
    });

    test('not when NO_COLOR is set, even on a terminal', async () => {
      const { out } = await cli(['diff', ...INTEL, fixture('input-b-windows.xml')], { tty: true, env: { NO_COLOR: '1' } });
      expect(out).not.toContain('\x1b[');
      expect(out).toMatch(/^--- /);
    });

    test('an empty NO_COLOR does not turn colour off (no-color.org)', async () => {
      const { out } = await cli(['diff', ...INTEL, fixture('input-b-windows.xml')], { tty: true, env: { NO_COLOR: '' } });
      expect(out).toContain('\x1b[32m');
    });
  });
});

describe('libvirt-hyperv apply', () => {
  test.each(PROVIDER_INPUTS)('%s: prints what the provider\'s xsltproc run defines', async (name) => {
    const stylesheet = renderStylesheet(planOrThrow({ preset: HypervPreset.MIGRATION_SAFE }).plan);
    const result = await cli(['apply', '--preset', 'migration-safe', '--engine', 'xsltproc', fixture(name)]);
    expect(result).toEqual({ code: 0, out: runXsltproc(stylesheet, readFixture(name)), err: '' });
  });

  test('warnings go to stderr, the XML alone to stdout', async () => {
    const { code, out, err } = await cli(['apply', fixture('input-a-minimal.xml')]);
    expect(code).toBe(0);
    expect(out).toMatch(/^<domain[^]*<\/domain>\n$/);
    expect(err).toMatch(/^libvirt-hyperv: warning: HyperV-EVMCS_VENDOR_UNKNOWN/);
  });
});
