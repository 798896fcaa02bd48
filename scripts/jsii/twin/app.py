"""The Python CDKTF app of `npm run test:python`; app.ts beside it declares the same in TypeScript.

    python app.py [declarations|scale|evmcs-amd|typo]     (writes to $CDKTF_OUTDIR, as `cdktf synth` runs an app)

declarations: a WindowsDomain per built-in preset and plain Domains patched by HypervAspect; its cdk.tf.json and
annotations must equal app.ts's. scale: $VMS WindowsDomains (1000 by default), for the same check at size and
the synth time. evmcs-amd: options the library refuses (the error must read as in TypeScript). typo: a misspelt
keyword argument (the TypeError must name the right spelling). Prints the time from the App to the end of synth.
"""

import os
import sys
import time

from cdktf import App, Aspects, TerraformStack
from constructs import Construct

from libvirt_hyperv import HypervAspect, HypervOptions, HypervPreset, WindowsDomain, WindowsDomainConfig
from libvirt_hyperv.libvirt.domain import Domain, DomainDisk, DomainGraphics, DomainNetworkInterface, DomainXml
from libvirt_hyperv.libvirt.provider import LibvirtProvider

OVMF = "/usr/share/OVMF/OVMF_CODE_4M.fd"
OWN_XSLT = '<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"/>'


class Declarations(TerraformStack):
    def __init__(self, scope: Construct, id: str):
        super().__init__(scope, id)
        LibvirtProvider(self, "libvirt", uri="qemu:///system")
        # The default preset (RHEL 10's block) on UEFI: WindowsDomain adds lifecycle.prevent_destroy and an info note.
        WindowsDomain(
            self,
            "rhel10",
            domain=WindowsDomainConfig(
                name="rhel10",
                memory=8192,
                vcpu=4,
                machine="q35",
                firmware=OVMF,
                disk=[DomainDisk(volume_id="vol-rhel10")],
                network_interface=[DomainNetworkInterface(network_name="default")],
                graphics=DomainGraphics(type="spice", listen_type="address"),
            ),
            hyperv=HypervOptions(preset=HypervPreset.RHEL10, host_cpu_vendor="intel"),
            ignore_stylesheet_changes=True,
        )
        # A preset by name, as the CLI's --preset takes it, and the CPU vendor left unknown: evmcs is Intel-only, so
        # a warning, which must reach Python as it reaches TypeScript.
        WindowsDomain(
            self,
            "windows11",
            domain=WindowsDomainConfig(name="windows11", memory=8192, vcpu=4, machine="q35"),
            hyperv=HypervOptions(preset="windows11"),
        )
        WindowsDomain(
            self,
            "migration-safe",
            domain=WindowsDomainConfig(name="migration-safe", memory=4096),
            hyperv=HypervOptions(preset=HypervPreset.MIGRATION_SAFE, spinlock_retries=4095),
        )
        passthrough = WindowsDomain(
            self,
            "passthrough",
            domain=WindowsDomainConfig(name="passthrough", memory=4096, cpu={"mode": "host-passthrough"}),
            hyperv={"preset": HypervPreset.PASSTHROUGH, "host_cpu_vendor": "amd"},
        )
        # A WindowsDomain is the generated Domain: its attribute setters work in every language.
        passthrough.autostart = True
        # Domains declared the provider's way, patched by the Aspect; one has a stylesheet of its own, which the Aspect
        # leaves alone with a warning.
        legacy = Construct(self, "legacy")
        Domain(legacy, "app01", name="app01", memory=4096)
        Domain(legacy, "app02", name="app02", memory=4096, xml=DomainXml(xslt=OWN_XSLT))
        Aspects.of(self).add(HypervAspect(preset=HypervPreset.MIGRATION_SAFE, host_cpu_vendor="intel"))


class Scale(TerraformStack):
    def __init__(self, scope: Construct, id: str):
        super().__init__(scope, id)
        LibvirtProvider(self, "libvirt", uri="qemu:///system")
        for i in range(int(os.environ.get("VMS", "1000"))):
            WindowsDomain(
                self,
                f"vm{i}",
                domain=WindowsDomainConfig(name=f"vm{i}", memory=4096, vcpu=2, machine="q35"),
                hyperv=HypervOptions(host_cpu_vendor="intel"),
            )


class Refused(TerraformStack):
    def __init__(self, scope: Construct, id: str):
        super().__init__(scope, id)
        LibvirtProvider(self, "libvirt", uri="qemu:///system")
        WindowsDomain(self, "dc01", domain=WindowsDomainConfig(name="dc01"), hyperv=HypervOptions(host_cpu_vendor="amd"))


def main(case: str) -> None:
    started = time.perf_counter()
    app = App(context={"libvirt-hyperv:stylesheetRevision": 1})
    if case == "declarations":
        Declarations(app, "twin")
    elif case == "scale":
        Scale(app, "twin")
    elif case == "evmcs-amd":
        Refused(app, "twin")
    elif case == "typo":
        HypervOptions(preset="rhel10", spinlock_retry=8191)
    else:
        raise SystemExit(f"unknown case {case!r}: declarations, scale, evmcs-amd or typo")
    app.synth()
    print(f"synth: {(time.perf_counter() - started) * 1000:.0f} ms")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "declarations")
