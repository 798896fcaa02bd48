/**
 * The in-process preview engine (xslt-processor) must agree with xsltproc, the provider's engine, after
 * canonicalisation. Its one documented divergence: nodes outside the root element (comments, processing
 * instructions) are not kept; libvirt discards them too.
 */
import { HypervPreset, planOrThrow, renderStylesheet } from '../../lib/core';
import { runInProcess } from '../../lib/preview/in-process';
import { runXsltproc } from '../../lib/preview/xsltproc';
import { canonicalize, fixtureDomains } from '../support/libvirt-tools';

/** Keeps only the root element: the one documented divergence between the engines. */
const ROOT_ONLY = `<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
<xsl:template match="/"><xsl:copy-of select="*"/></xsl:template>
</xsl:stylesheet>`;

const cases = HypervPreset.all().flatMap((preset) => fixtureDomains().map((f) => [preset.name, f.name, preset, f.xml] as const));

test.each(cases)('%s on %s: xslt-processor agrees with xsltproc', async (_p, _f, preset, xml) => {
  const stylesheet = renderStylesheet(planOrThrow({ preset }).plan);
  const reference = canonicalize(runXsltproc(ROOT_ONLY, runXsltproc(stylesheet, xml)));
  expect(canonicalize(await runInProcess(stylesheet, xml))).toBe(reference);
});

test('a comment before the root does not lose the domain in-process', async () => {
  const xml = '<!-- first --><?pi data?><domain type="kvm"><name>a</name></domain><!-- last -->';
  const out = await runInProcess(renderStylesheet(planOrThrow({}).plan), xml);
  expect(out).toContain('<name>a</name>');
  expect(out).toContain('<hyperv mode="custom">');
  expect(out).not.toContain('first');
});
