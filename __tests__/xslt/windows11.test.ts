/**
 * The windows11 preset on the provider's q35 Windows XML: each Windows 11 change, decided from the domain itself,
 * validated by libvirt's RNG and kept by libvirt (virsh define + dumpxml on the test driver).
 */
import { HypervPreset, planOrThrow, renderStylesheet } from '../../lib/core';
import { runXsltproc } from '../../lib/preview/xsltproc';
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

  test('same-named timers are replaced, other timers kept', () => {
    const input = fixture('clock-variable.xml');
    const output = runXsltproc(WINDOWS11, input);
    expect(xpath(output, "count(/domain/clock/timer[@name='rtc'])")).toBe('1');
    expect(xpath(output, "string(/domain/clock/timer[@name='rtc']/@tickpolicy)")).toBe('catchup');
    expect(xpath(output, "count(/domain/clock/timer[@name='rtc']/catchup)")).toBe('0');
    expect(xpath(output, "string(/domain/clock/timer[@name='tsc']/@frequency)")).toBe('3504000000');
  });
});
