/**
 * Example app: one Windows VM on qemu:///system, q35 with UEFI, Hyper-V-optimised with the default configuration
 * (exactly the RHEL 10 guide's enlightenments and clock).
 *
 *   npm run synth      # writes cdktf.out/ (no terraform, no network needed)
 *   npx cdktf deploy   # with terraform, the dmacvicar/libvirt provider and xsltproc installed
 */
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
    });

    new TerraformOutput(this, 'domain-id', { value: vm.id });
  }
}

if (require.main === module) {
  const app = new App();
  new WindowsServerStack(app, 'windows-server');
  app.synth();
}
