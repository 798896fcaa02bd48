/**
 * The real tools the tests check against: virt-xml-validate (libvirt's RNG), xmllint (C14N) and virsh on the test
 * driver (test:///default, no daemon). Each call works on temporary files, like the provider does.
 */
import { spawnSync } from 'child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { runXsltproc } from '../../lib/preview/xsltproc';

function withTempFile<T>(content: string, use: (file: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), 'libvirt-hyperv-test-'));
  try {
    const file = join(dir, 'domain.xml');
    writeFileSync(file, content);
    return use(file);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** `virt-xml-validate FILE domain`: libvirt's RNG schema. */
export function validateDomain(xml: string): { valid: boolean; output: string } {
  return withTempFile(xml, (file) => {
    const r = spawnSync('virt-xml-validate', [file, 'domain'], { encoding: 'utf8' });
    return { valid: r.status === 0, output: `${r.stdout}${r.stderr}` };
  });
}

/** Strips layout whitespace (except in description/title, like the stylesheet) before C14N. */
const STRIP_LAYOUT = `<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
<xsl:strip-space elements="*"/><xsl:preserve-space elements="description title"/>
<xsl:template match="@*|node()"><xsl:copy><xsl:apply-templates select="@*|node()"/></xsl:copy></xsl:template>
</xsl:stylesheet>`;

/** Canonical XML (W3C C14N 1.0 with comments) by xmllint, the libxml2 tool: what "same result" means for two engines. */
export function c14n(xml: string): string {
  const r = spawnSync('xmllint', ['--c14n', '-'], { input: xml, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`xmllint --c14n failed: ${r.stderr}`);
  return r.stdout;
}

/** Canonical form after dropping whitespace-only text nodes (layout), as the stylesheet does. */
export function canonicalize(xml: string): string {
  return c14n(runXsltproc(STRIP_LAYOUT, xml));
}

/** Defines the domain on libvirt's test driver and returns `virsh dumpxml` (one virsh process, one connection). */
export function defineAndDump(xml: string, name: string, extraFlags: string[] = []): string {
  return withTempFile(xml, (file) => {
    const r = spawnSync('virsh', ['-c', 'test:///default', `define ${extraFlags.join(' ')} ${file}; dumpxml ${name}`], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`virsh define/dumpxml failed: ${r.stderr}`);
    return r.stdout.slice(r.stdout.indexOf('<domain'));
  });
}

/** `xmllint --xpath EXPR`: the matched nodes serialised, or '' when nothing matches. */
export function xpath(xml: string, expression: string): string {
  return withTempFile(xml, (file) => {
    const r = spawnSync('xmllint', ['--xpath', expression, file], { encoding: 'utf8' });
    // xmllint ends every result with one newline of its own.
    return r.status === 0 ? r.stdout.replace(/\n$/, '') : '';
  });
}

export const FIXTURES = join(__dirname, '..', 'fixtures');

/** Every fixture domain: the provider's four and the hand-made ones. */
export function fixtureDomains(): Array<{ name: string; xml: string }> {
  return ['provider-input', 'domains'].flatMap((dir) =>
    readdirSync(join(FIXTURES, dir))
      .filter((f) => f.endsWith('.xml'))
      .sort()
      .map((f) => ({ name: `${dir}/${f}`, xml: readFileSync(join(FIXTURES, dir, f), 'utf8') })),
  );
}
