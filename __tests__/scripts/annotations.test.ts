/** scripts/annotations.ts on manifests written by real cdktf apps. */
import { mkdtempSync, readFileSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { Annotations, App, TerraformStack } from 'cdktf';
import { WindowsDomain, libvirt } from '../../lib';
import { annotationReport } from '../../scripts/annotations';

function manifestOf(build: (stack: TerraformStack) => void): string {
  const outdir = mkdtempSync(join(tmpdir(), 'libvirt-hyperv-annotations-'));
  try {
    const app = new App({ outdir });
    build(new TerraformStack(app, 'stack'));
    app.synth();
    return readFileSync(join(outdir, 'manifest.json'), 'utf8');
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

test('a WindowsDomain warning is printed as cdktf-cli prints it, and is not an error', () => {
  const report = annotationReport(manifestOf((stack) => {
    new libvirt.provider.LibvirtProvider(stack, 'libvirt', { uri: 'qemu:///system' });
    new WindowsDomain(stack, 'vm', { domain: { name: 'vm', type: 'qemu' }, hyperv: { enlightenments: { evmcs: 'omit' }, stylesheetRevision: 1 } });
  }));
  expect(report).toEqual({
    lines: [expect.stringMatching(/^WARN \[stack\/vm\]: HyperV-NEEDS_KVM: hyperv\.enlightenments\.vpindex: /)],
    errors: 0,
    warnings: 1,
  });
});

test('an error annotation is counted and followed by its stack trace', () => {
  // cdktf throws at synth on an error annotation unless told to go on, so the manifest is written for this test.
  process.env.CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS = '1';
  let report;
  try {
    report = annotationReport(manifestOf((stack) => Annotations.of(stack).addError('broken on purpose')));
  } finally {
    delete process.env.CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS;
  }
  expect(report.errors).toBe(1);
  expect(report.lines[0]).toBe('ERROR [stack]: broken on purpose');
  expect(report.lines.length).toBeGreaterThan(1);
});

test('an app without annotations prints nothing', () => {
  expect(annotationReport(manifestOf(() => undefined))).toEqual({ lines: [], errors: 0, warnings: 0 });
});
