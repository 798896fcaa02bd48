import { spawnSync } from 'child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';

/** The flags terraform-provider-libvirt 0.8.3 passes (libvirt/utils_xslt.go). */
export const PROVIDER_XSLTPROC_FLAGS: readonly string[] = Object.freeze(['--nomkdir', '--nonet', '--nowrite']);

export class XsltprocError extends Error {
  constructor(message: string, public readonly exitCode: number | null, public readonly stderr: string) {
    super(message);
    this.name = 'XsltprocError';
  }
}

/** True when an `xsltproc` binary is on PATH. */
export function xsltprocAvailable(): boolean {
  const probe = spawnSync('xsltproc', ['--version'], { encoding: 'utf8' });
  return probe.status === 0;
}

/**
 * Runs `xsltproc --nomkdir --nonet --nowrite STYLESHEET INPUT` the way the provider does: both written to temporary
 * files, stdout taken verbatim. Throws XsltprocError with xsltproc's stderr on failure.
 */
export function runXsltproc(stylesheet: string, xml: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'libvirt-hyperv-'));
  try {
    const xslFile = join(dir, 'stylesheet.xsl');
    const xmlFile = join(dir, 'domain.xml');
    writeFileSync(xslFile, stylesheet.trim());
    writeFileSync(xmlFile, xml);
    const result = spawnSync('xsltproc', [...PROVIDER_XSLTPROC_FLAGS, xslFile, xmlFile], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
    if (result.error) throw new XsltprocError(`could not run xsltproc: ${result.error.message}`, null, '');
    if (result.status !== 0) {
      const firstLine = result.stderr.split('\n').find((l) => l.trim() !== '') ?? '';
      throw new XsltprocError(`xsltproc exited with ${result.status}: ${firstLine.replace(`${dir}/`, '')}`, result.status, result.stderr);
    }
    return result.stdout;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
