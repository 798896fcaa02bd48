/**
 * The in-place path: run the stylesheet over a domain's persistent definition and define the result, instead of
 * letting Terraform replace the VM (xml.xslt is ForceNew in provider 0.8.3, and the provider's delete removes the
 * UEFI variable store and the emulated TPM's state). A redefinition keeps the domain's UUID, so libvirt keeps the
 * NVRAM file and the swtpm state; a running VM goes on with its old definition until its next cold boot.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { renderLayoutStylesheet } from '../core';
import { runXsltproc, XsltprocError, PROVIDER_XSLTPROC_FLAGS } from '../preview/xsltproc';
import { CliError } from './errors';
import { checkDomainXml } from './input';
import type { Virsh } from './virsh';

export interface Redefinition {
  /** The persistent definition before, laid out as the stylesheet lays out its output. */
  readonly before: string;
  /** What was defined (or would have been, when nothing changed). */
  readonly after: string;
  /** False when the stylesheet changes nothing: then nothing is defined. */
  readonly defined: boolean;
}

/** The text of the first `<tag>` element directly in the laid-out XML (name and uuid are one line each). */
function elementText(xml: string, tag: 'name' | 'uuid'): string | undefined {
  return new RegExp(`^ {2}<${tag}>([^<]*)</${tag}>$`, 'm').exec(xml)?.[1];
}

function xsltproc(stylesheet: string, xml: string, what: string): string {
  try {
    return runXsltproc(stylesheet, xml);
  } catch (e) {
    if (e instanceof XsltprocError) throw new CliError(`xsltproc ${PROVIDER_XSLTPROC_FLAGS.join(' ')} failed on ${what}: ${e.message}`);
    throw e;
  }
}

/**
 * Applies `stylesheet` to the persistent definition of `domain` with xsltproc (the provider's flags) and defines the
 * result. Refuses a result that names another domain or UUID: `virsh define` would then create a second domain
 * instead of changing this one.
 */
export function redefineDomain(virsh: Virsh, domain: string, stylesheet: string): Redefinition {
  const label = `${domain} (virsh -c ${virsh.uri} dumpxml --inactive)`;
  const input = checkDomainXml(virsh.inactiveXml(domain), label);
  const before = xsltproc(renderLayoutStylesheet(), input.xml, label);
  const after = xsltproc(stylesheet, input.xml, label);
  for (const tag of ['name', 'uuid'] as const) {
    if (elementText(after, tag) !== elementText(before, tag)) {
      throw new CliError(
        `the stylesheet changes the domain's <${tag}> (${JSON.stringify(elementText(before, tag))} -> ${JSON.stringify(elementText(after, tag))}): virsh define would create another domain instead of changing ${domain}; use a stylesheet that keeps <name> and <uuid>`,
      );
    }
  }
  if (after === before) return { before, after, defined: false };
  const dir = mkdtempSync(join(tmpdir(), 'libvirt-hyperv-redefine-'));
  try {
    const file = join(dir, `${domain}.xml`);
    writeFileSync(file, after);
    virsh.define(file);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return { before, after, defined: true };
}
