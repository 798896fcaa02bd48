/**
 * The windows11 preset on the provider's q35 Windows XML: each Windows 11 change, decided from the domain itself,
 * validated by libvirt's RNG and kept by libvirt (virsh define + dumpxml on the test driver).
 */
import { HypervPreset, planOrThrow, renderStylesheet } from '../../lib/core';
import { runXsltproc } from '../../lib/preview/xsltproc';
import { qemuDriverAccepts, qemuDriverError } from '../../scripts/corpus/libvirt-drivers';
import { defineAndDump, fixtureDomains, validateDomain, xpath } from '../support/libvirt-tools';

const WINDOWS11 = renderStylesheet(planOrThrow({ preset: HypervPreset.WINDOWS11 }).plan);
const RHEL10 = renderStylesheet(planOrThrow({}).plan);
const fixture = (name: string) => fixtureDomains().find((f) => f.name.endsWith(name))!.xml;
const compact = (xml: string) => xml.replace(/>\s+</g, '><').trim();

/** The provider's XML for a Windows Server VM, plus an emulated TPM 2.0 like input c. */
const PROVIDER_Q35 = fixture('input-b-windows.xml');
const PROVIDER_Q35_TPM = fixture('input-c-features-variant.xml');

describe.each([
  ['input-b-windows.xml', PROVIDER_Q35],
  ['input-c-features-variant.xml', PROVIDER_Q35_TPM],
])('windows11 on the provider\'s %s', (_name, input) => {
  const output = runXsltproc(WINDOWS11, input);
  const name = xpath(input, 'string(/domain/name)');
  const dumped = defineAndDump(output, name, ['--validate']);

  test('validates against libvirt\'s RNG', () => {
    expect(validateDomain(output).valid).toBe(true);
  });

  test('CD-ROMs move from IDE to SATA, keeping their dev names; disks stay on virtio', () => {
    for (const xml of [output, dumped]) {
      expect(xpath(xml, "count(/domain/devices/disk[@device='cdrom'])")).toBe(xpath(input, "count(/domain/devices/disk[@device='cdrom'])"));
      expect(xpath(xml, "count(/domain/devices/disk[@device='cdrom']/target[@bus!='sata'])")).toBe('0');
      expect(xpath(xml, "string(/domain/devices/disk[@device='disk']/target/@bus)")).toBe('virtio');
    }
    expect(xpath(dumped, "string(/domain/devices/disk[@device='cdrom']/target/@dev)")).toBe('hda');
    expect(xpath(dumped, "count(/domain/devices/controller[@type='ide'])")).toBe('0');
    expect(xpath(dumped, "count(/domain/devices/controller[@type='sata'])")).toBe('1');
  });

  test('Secure Boot: the loader is secure and SMM is on', () => {
    for (const xml of [output, dumped]) {
      expect(xpath(xml, 'string(/domain/os/loader/@secure)')).toBe('yes');
      expect(xpath(xml, 'string(/domain/features/smm/@state)')).toBe('on');
    }
    expect(xpath(dumped, 'string(/domain/os/loader)')).toBe(xpath(input, 'string(/domain/os/loader)'));
  });

  test('the Windows timers and hypervclock, with the localtime clock', () => {
    expect(compact(xpath(dumped, '/domain/clock'))).toBe(
      '<clock offset="localtime"><timer name="rtc" tickpolicy="catchup"/><timer name="pit" tickpolicy="delay"/><timer name="hpet" present="no"/><timer name="hypervclock" present="yes"/></clock>',
    );
  });

  test('the RHEL enlightenments are all there', () => {
    expect(compact(xpath(output, '/domain/features/hyperv'))).toBe(compact(xpath(runXsltproc(RHEL10, input), '/domain/features/hyperv')));
    expect(xpath(dumped, 'count(/domain/features/hyperv/*)')).toBe('14');
  });

  test('is idempotent', () => {
    expect(runXsltproc(WINDOWS11, output)).toBe(output);
  });
});

test('an emulated TPM 2.0 gets the CRB model, and libvirt keeps it', () => {
  const dumped = defineAndDump(runXsltproc(WINDOWS11, PROVIDER_Q35_TPM), 'win2022', ['--validate']);
  expect(xpath(dumped, 'string(/domain/devices/tpm/@model)')).toBe('tpm-crb');
  expect(xpath(dumped, 'string(/domain/devices/tpm/backend/@version)')).toBe('2.0');
});

test('apart from what it owns, windows11 changes nothing the RHEL stylesheet keeps', () => {
  const rhel = runXsltproc(RHEL10, PROVIDER_Q35_TPM).split('\n');
  const win = runXsltproc(WINDOWS11, PROVIDER_Q35_TPM).split('\n');
  const onlyRhel = rhel.filter((l) => !win.includes(l)).map((l) => l.trim());
  expect(onlyRhel).toEqual([
    '<loader readonly="yes" secure="no" type="pflash">/usr/share/OVMF/OVMF_CODE_4M.ms.fd</loader>',
    '<target dev="hda" bus="ide"/>',
    '<target dev="hdb" bus="ide"/>',
    '<tpm>',
  ]);
  expect(win.filter((l) => !rhel.includes(l)).map((l) => l.trim())).toEqual([
    '<loader readonly="yes" secure="yes" type="pflash">/usr/share/OVMF/OVMF_CODE_4M.ms.fd</loader>',
    '<smm state="on"/>',
    '<target dev="hda" bus="sata"/>',
    '<target dev="hdb" bus="sata"/>',
    '<tpm model="tpm-crb">',
    '<timer name="rtc" tickpolicy="catchup"/>',
    '<timer name="pit" tickpolicy="delay"/>',
    '<timer name="hpet" present="no"/>',
  ]);
});

describe('decided from the domain itself', () => {
  test('an i440fx machine keeps its IDE CD-ROM and gets no Secure Boot', () => {
    const input = PROVIDER_Q35.replace('pc-q35-7.2', 'pc-i440fx-7.2');
    const output = runXsltproc(WINDOWS11, input);
    expect(xpath(output, "string(/domain/devices/disk[@device='cdrom']/target/@bus)")).toBe('ide');
    expect(xpath(output, 'string(/domain/os/loader/@secure)')).toBe('no');
    expect(xpath(output, 'count(/domain/features/smm)')).toBe('0');
    expect(validateDomain(output).valid).toBe(true);
  });

  test('q35 without a UEFI loader gets no SMM and no secure flag', () => {
    const input = PROVIDER_Q35.replace(/<loader[^]*?<\/loader>/, '');
    const output = runXsltproc(WINDOWS11, input);
    expect(xpath(output, 'count(/domain/os/loader)')).toBe('0');
    expect(xpath(output, 'count(/domain/features/smm)')).toBe('0');
  });

  test('an existing <smm state="off"> is switched on, keeping its children', () => {
    const input = PROVIDER_Q35.replace('<apic></apic>', '<apic></apic><smm state="off"><tseg unit="MiB">48</tseg></smm>');
    const output = runXsltproc(WINDOWS11, input);
    expect(compact(xpath(output, '/domain/features/smm'))).toBe('<smm state="on"><tseg unit="MiB">48</tseg></smm>');
    expect(runXsltproc(WINDOWS11, output)).toBe(output);
  });

  test('a TPM 1.2 or a passthrough TPM keeps its model', () => {
    const tpm12 = PROVIDER_Q35_TPM.replace('version="2.0"', 'version="1.2"');
    expect(xpath(runXsltproc(WINDOWS11, tpm12), 'count(/domain/devices/tpm/@model)')).toBe('0');
    const passthrough = PROVIDER_Q35_TPM.replace('<backend type="emulator" version="2.0"></backend>', '<backend type="passthrough"><device path="/dev/tpm0"/></backend>');
    expect(xpath(runXsltproc(WINDOWS11, passthrough), 'count(/domain/devices/tpm/@model)')).toBe('0');
  });

  test('the timer policy sets its attributes and keeps the rest: track, the <catchup> child, other timers', () => {
    const input = fixture('clock-variable.xml');
    const output = runXsltproc(WINDOWS11, input);
    expect(compact(xpath(output, "/domain/clock/timer[@name='rtc']"))).toBe(
      '<timer name="rtc" tickpolicy="catchup" track="guest"><catchup threshold="123" slew="120" limit="10000"/></timer>',
    );
    expect(xpath(output, "string(/domain/clock/timer[@name='tsc']/@frequency)")).toBe('3504000000');
  });
});

/** A q35 domain with the given <clock>/<devices> content, accepted by libvirt's QEMU driver as it is. */
const q35 = (name: string, body: string) =>
  `<domain type="kvm"><name>${name}</name><memory unit="MiB">1024</memory><os><type arch="x86_64" machine="q35">hvm</type></os>${body}</domain>`;

describe('timers the Windows policy names (libvirt RNG: tickpolicy and <catchup> on rtc/pit, present on all)', () => {
  test('existing rtc, pit and hpet get the policy\'s attribute in place, keeping every other attribute and child', () => {
    const input = q35('timers', '<clock offset="utc"><timer name="pit" tickpolicy="catchup"><catchup threshold="5"/></timer><timer name="rtc" track="wall" tickpolicy="delay"><catchup slew="10"/></timer><timer name="hpet" present="yes"/></clock>');
    const output = runXsltproc(WINDOWS11, input);
    expect(compact(xpath(output, '/domain/clock'))).toBe(
      '<clock offset="localtime"><timer name="pit" tickpolicy="delay"/><timer name="rtc" track="wall" tickpolicy="catchup"><catchup slew="10"/></timer>' +
        '<timer name="hpet" present="no"/><timer name="hypervclock" present="yes"/></clock>',
    );
    expect(validateDomain(output).valid).toBe(true);
    expect(runXsltproc(WINDOWS11, output)).toBe(output);
  });

  test('an rtc or pit switched off (present="no") is left as it is: the policy does not switch timers on', () => {
    const input = q35('off', '<clock offset="utc"><timer name="rtc" present="no"/><timer name="pit" present="no"/></clock>');
    const output = runXsltproc(WINDOWS11, input);
    expect(compact(xpath(output, '/domain/clock'))).toBe(
      '<clock offset="localtime"><timer name="rtc" present="no"/><timer name="pit" present="no"/><timer name="hpet" present="no"/><timer name="hypervclock" present="yes"/></clock>',
    );
  });
});

describe('an IDE CD-ROM moved to SATA', () => {
  // An i440fx VM switched to q35: its CD-ROM sits on the secondary IDE channel (bus 1). The QEMU driver refuses
  // that address on SATA ("bus must be 0 for sata controller", qemu_validate.c); without one it assigns its own.
  const input = q35('ide-bus1', '<devices><disk type="file" device="cdrom"><source file="/tmp/x.iso"/><target dev="hdc" bus="ide"/><readonly/><address type="drive" controller="0" bus="1" target="0" unit="0"/></disk><disk type="file" device="disk"><source file="/tmp/x.qcow2"/><target dev="vda" bus="virtio"/><address type="pci" domain="0x0000" bus="0x04" slot="0x00" function="0x0"/></disk></devices>');
  const output = runXsltproc(WINDOWS11, input);

  test('loses its IDE address; other devices keep theirs', () => {
    expect(xpath(output, "count(/domain/devices/disk[@device='cdrom']/address)")).toBe('0');
    expect(xpath(output, "string(/domain/devices/disk[@device='cdrom']/target/@bus)")).toBe('sata');
    expect(xpath(output, "string(/domain/devices/disk[@device='disk']/address/@bus)")).toBe('0x04');
  });

  test('libvirt\'s QEMU driver accepts the result and gives the CD-ROM a SATA address', () => {
    expect(qemuDriverError(output)).toBe('');
    expect(qemuDriverAccepts([input, output])).toEqual([false, true]);
  });
});

describe('an emulated TPM without a version', () => {
  // libvirt's QEMU driver makes such a TPM 1.2 on tpm-tis; Windows 11 needs 2.0, and tpm-crb takes only 2.0.
  const input = q35('tpm', '<devices><tpm><backend type="emulator"/></tpm></devices>');
  const output = runXsltproc(WINDOWS11, input);

  test('becomes a TPM 2.0 on the CRB interface, accepted by the QEMU driver', () => {
    expect(compact(xpath(output, '/domain/devices/tpm'))).toBe('<tpm model="tpm-crb"><backend type="emulator" version="2.0"/></tpm>');
    expect(qemuDriverAccepts([input, output])).toEqual([true, true]);
  });

  test('a TPM 1.2 stays 1.2 (the admin chose it)', () => {
    const tpm12 = runXsltproc(WINDOWS11, q35('tpm12', '<devices><tpm model="tpm-tis"><backend type="emulator" version="1.2"/></tpm></devices>'));
    expect(compact(xpath(tpm12, '/domain/devices/tpm'))).toBe('<tpm model="tpm-tis"><backend type="emulator" version="1.2"/></tpm>');
  });
});
