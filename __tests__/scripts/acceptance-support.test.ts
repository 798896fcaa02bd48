/**
 * Offline checks of the acceptance test's expectations and helpers (scripts/acceptance/), so a wrong expected block
 * or a broken comparison shows up in `npm test`, without libvirt or terraform.
 */
import { readFileSync } from 'fs';
import * as path from 'path';
import { HypervPreset, planOrThrow, renderStylesheet } from '../../lib/core';
import { runXsltproc } from '../../lib/preview/xsltproc';
import {
  MIGRATION_SAFE_HYPERV_BLOCK,
  RHEL10_CLOCK_BLOCK,
  RHEL10_HYPERV_BLOCK,
  TCG_STARTABLE_ENLIGHTENMENTS,
  TCG_STARTABLE_EVMCS_OFF_HYPERV_BLOCK,
  TCG_STARTABLE_HYPERV_BLOCK,
  blockShape,
  cutBlock,
} from '../../scripts/acceptance/expected';
import { schemaDifferences } from '../../scripts/acceptance/schema';
import { reindent } from '../../scripts/acceptance/stacks';

const PROVIDER_INPUT = readFileSync(path.join(__dirname, '..', 'fixtures', 'provider-input', 'input-a-minimal.xml'), 'utf8');

/** The stylesheet's output for the provider's minimal domain, in libvirt's quoting so it compares with dumpxml. */
function transformed(options: Parameters<typeof planOrThrow>[0]): string {
  return runXsltproc(renderStylesheet(planOrThrow(options).plan), PROVIDER_INPUT).replace(/"/g, "'");
}

describe('expected blocks agree with the stylesheets (xsltproc, provider flags)', () => {
  test.each([
    ['default (RHEL 10)', {}, RHEL10_HYPERV_BLOCK],
    ['MIGRATION_SAFE', { preset: HypervPreset.MIGRATION_SAFE }, MIGRATION_SAFE_HYPERV_BLOCK],
    ['TCG-startable', { enlightenments: TCG_STARTABLE_ENLIGHTENMENTS }, TCG_STARTABLE_HYPERV_BLOCK],
    ['TCG-startable, evmcs off', { enlightenments: { ...TCG_STARTABLE_ENLIGHTENMENTS, evmcs: 'off' as const } }, TCG_STARTABLE_EVMCS_OFF_HYPERV_BLOCK],
  ])('%s', (_name, options, expected) => {
    const output = transformed(options);
    expect(blockShape(cutBlock(output, 'hyperv')!)).toEqual(blockShape(expected));
    expect(cutBlock(output, 'clock')).toBe(RHEL10_CLOCK_BLOCK);
  });
});

describe('cutBlock and blockShape', () => {
  const dumpxml = [
    '<domain>',
    '  <features>',
    "    <hyperv mode='custom'>",
    "      <vapic state='on'/>",
    "      <stimer state='on'>",
    "        <direct state='on'/>",
    '      </stimer>',
    '    </hyperv>',
    '  </features>',
    "  <clock offset='utc'/>",
    '</domain>',
  ].join('\n');

  test('cuts a nested block and de-indents it', () => {
    expect(cutBlock(dumpxml, 'hyperv')).toBe(
      ["<hyperv mode='custom'>", "  <vapic state='on'/>", "  <stimer state='on'>", "    <direct state='on'/>", '  </stimer>', '</hyperv>'].join('\n'),
    );
  });

  test('cuts a self-closing element, and gives undefined for an absent one', () => {
    expect(cutBlock(dumpxml, 'clock')).toBe("<clock offset='utc'/>");
    expect(cutBlock(dumpxml, 'memballoon')).toBeUndefined();
  });

  test('ignores the order of children and libvirt\'s mode=custom, not their content', () => {
    const reordered = "<hyperv>\n  <stimer state='on'>\n    <direct state='on'/>\n  </stimer>\n  <vapic state='on'/>\n</hyperv>";
    expect(blockShape(cutBlock(dumpxml, 'hyperv')!)).toEqual(blockShape(reordered));
    expect(blockShape(reordered)).not.toEqual(blockShape(reordered.replace("<direct state='on'/>", "<direct state='off'/>")));
    expect(blockShape(reordered)).not.toEqual(blockShape(reordered.replace('<hyperv>', "<hyperv mode='passthrough'>")));
  });
});

describe('reindent', () => {
  test('changes whitespace only, keeps the XML declaration first, and leaves xsltproc\'s output unchanged', () => {
    const stylesheet = renderStylesheet(planOrThrow({}).plan);
    const edited = reindent(stylesheet);
    expect(edited).not.toBe(stylesheet);
    expect(edited.replace(/\s+/g, '')).toBe(stylesheet.replace(/\s+/g, ''));
    expect(edited.split('\n')[0]).toBe(stylesheet.split('\n')[0]);
    expect(runXsltproc(edited, PROVIDER_INPUT)).toBe(runXsltproc(stylesheet, PROVIDER_INPUT));
  });
});

describe('schemaDifferences', () => {
  const carried = { provider_schemas: { p: { resource_schemas: { d: { block: { attributes: { name: { required: true } } } } } } } };

  test('finds nothing in equal documents', () => {
    expect(schemaDifferences(carried, JSON.parse(JSON.stringify(carried)))).toEqual([]);
  });

  test('names the path and both values where they differ, and absent keys', () => {
    const real = JSON.parse(JSON.stringify(carried));
    real.provider_schemas.p.resource_schemas.d.block.attributes.name.required = false;
    real.provider_schemas.p.resource_schemas.d.block.attributes.name.optional = true;
    expect(schemaDifferences(carried, real)).toEqual([
      'provider_schemas.p.resource_schemas.d.block.attributes.name.optional: carried absent, real true',
      'provider_schemas.p.resource_schemas.d.block.attributes.name.required: carried true, real false',
    ]);
  });
});
