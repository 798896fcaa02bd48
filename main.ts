/**
 * Example app: one Windows VM on qemu:///system, q35 with UEFI, Hyper-V-optimised with the default configuration
 * (exactly the RHEL 10 guide's enlightenments and clock). cdktf.json pins the stylesheet revision
 * (`libvirt-hyperv:stylesheetRevision`), so upgrading the library never changes xml.xslt; the VM has UEFI NVRAM,
 * so WindowsDomain gives it lifecycle.prevent_destroy, and ignoreStylesheetChanges lets `libvirt-hyperv redefine`
 * change its enlightenments in place.
 *
 *   npm run synth      # writes cdktf.out/ (no terraform, no network needed)
 *   npx cdktf deploy   # with terraform, the dmacvicar/libvirt provider and xsltproc installed
 */
import { readFileSync } from 'fs';
import { join } from 'path';
import { App, TerraformOutput, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { WindowsDomain } from './lib';
import { LibvirtProvider } from './lib/generated/libvirt/provider';
import { Volume } from './lib/generated/libvirt/volume';

const GIB = 1024 ** 3;

export class WindowsServerStack extends TerraformStack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    new LibvirtProvider(this, 'libvirt', { uri: 'qemu:///system' });

    const systemDisk = new Volume(this, 'system-disk', { name: 'win2022.qcow2', pool: 'default', format: 'qcow2', size: 64 * GIB });

    const vm = new WindowsDomain(this, 'win2022', {
      domain: {
        name: 'win2022',
        memory: 8192,
        vcpu: 4,
        machine: 'q35',
        firmware: '/usr/share/OVMF/OVMF_CODE_4M.fd',
        cpu: { mode: 'host-passthrough' },
        disk: [{ volumeId: systemDisk.id }],
        networkInterface: [{ networkName: 'default' }],
        graphics: { type: 'spice', listenType: 'address' },
        video: { type: 'qxl' },
      },
      ignoreStylesheetChanges: true,
    });

    new TerraformOutput(this, 'domain-id', { value: vm.id });
  }
}

if (require.main === module) {
  // cdktf-cli hands cdktf.json's "context" to the app; `npm run synth` runs this file directly, so read it here too.
  const { context } = JSON.parse(readFileSync(join(__dirname, 'cdktf.json'), 'utf8')) as { context?: Record<string, unknown> };
  const app = new App({ context });
  new WindowsServerStack(app, 'windows-server');
  app.synth();
}
