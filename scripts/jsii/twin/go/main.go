// The Go app of `npm run test:go`: app.ts's and app.py's declarations in Go, on the Go module jsii-pacmak makes
// (go.mod replaces it with dist/packages/go/libvirthyperv).
//
//	go build -o twin-go . && CDKTF_OUTDIR=... ./twin-go [declarations|scale|evmcs-amd]
//
// Prints the time from the App to the end of synth, as the other twins do.
package main

import (
	"fmt"
	"os"
	"strconv"
	"time"

	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"
	"github.com/hashicorp/terraform-cdk-go/cdktf"
	lvh "github.com/libvirt-hyperv/libvirt-hyperv-go/libvirthyperv"
	"github.com/libvirt-hyperv/libvirt-hyperv-go/libvirthyperv/libvirt/domain"
	"github.com/libvirt-hyperv/libvirt-hyperv-go/libvirthyperv/libvirt/provider"
)

const ovmf = "/usr/share/OVMF/OVMF_CODE_4M.fd"
const ownXslt = `<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"/>`

func declarations(stack cdktf.TerraformStack) {
	provider.NewLibvirtProvider(stack, jsii.String("libvirt"), &provider.LibvirtProviderConfig{Uri: jsii.String("qemu:///system")})
	lvh.NewWindowsDomain(stack, jsii.String("rhel10"), &lvh.WindowsDomainProps{
		Domain: &lvh.WindowsDomainConfig{
			Name: jsii.String("rhel10"), Memory: jsii.Number(8192), Vcpu: jsii.Number(4), Machine: jsii.String("q35"), Firmware: jsii.String(ovmf),
			Disk:             &[]*domain.DomainDisk{{VolumeId: jsii.String("vol-rhel10")}},
			NetworkInterface: &[]*domain.DomainNetworkInterface{{NetworkName: jsii.String("default")}},
			Graphics:         &domain.DomainGraphics{Type: jsii.String("spice"), ListenType: jsii.String("address")},
		},
		Hyperv:                  &lvh.HypervOptions{Preset: lvh.HypervPreset_RHEL10(), HostCpuVendor: jsii.String("intel")},
		IgnoreStylesheetChanges: jsii.Bool(true),
	})
	lvh.NewWindowsDomain(stack, jsii.String("windows11"), &lvh.WindowsDomainProps{
		Domain: &lvh.WindowsDomainConfig{Name: jsii.String("windows11"), Memory: jsii.Number(8192), Vcpu: jsii.Number(4), Machine: jsii.String("q35")},
		Hyperv: &lvh.HypervOptions{Preset: jsii.String("windows11")},
	})
	lvh.NewWindowsDomain(stack, jsii.String("migration-safe"), &lvh.WindowsDomainProps{
		Domain: &lvh.WindowsDomainConfig{Name: jsii.String("migration-safe"), Memory: jsii.Number(4096)},
		Hyperv: &lvh.HypervOptions{Preset: lvh.HypervPreset_MIGRATION_SAFE(), SpinlockRetries: jsii.Number(4095)},
	})
	passthrough := lvh.NewWindowsDomain(stack, jsii.String("passthrough"), &lvh.WindowsDomainProps{
		Domain: &lvh.WindowsDomainConfig{Name: jsii.String("passthrough"), Memory: jsii.Number(4096), Cpu: &domain.DomainCpu{Mode: jsii.String("host-passthrough")}},
		Hyperv: &lvh.HypervOptions{Preset: lvh.HypervPreset_PASSTHROUGH(), HostCpuVendor: jsii.String("amd")},
	})
	// A WindowsDomain is the generated Domain: its attribute setters work in every language.
	passthrough.SetAutostart(jsii.Bool(true))
	legacy := constructs.NewConstruct(stack, jsii.String("legacy"))
	domain.NewDomain(legacy, jsii.String("app01"), &domain.DomainConfig{Name: jsii.String("app01"), Memory: jsii.Number(4096)})
	domain.NewDomain(legacy, jsii.String("app02"), &domain.DomainConfig{Name: jsii.String("app02"), Memory: jsii.Number(4096), Xml: &domain.DomainXml{Xslt: jsii.String(ownXslt)}})
	cdktf.Aspects_Of(stack).Add(lvh.NewHypervAspect(&lvh.HypervAspectProps{Preset: lvh.HypervPreset_MIGRATION_SAFE(), HostCpuVendor: jsii.String("intel")}))
}

func scale(stack cdktf.TerraformStack) {
	provider.NewLibvirtProvider(stack, jsii.String("libvirt"), &provider.LibvirtProviderConfig{Uri: jsii.String("qemu:///system")})
	vms, err := strconv.Atoi(os.Getenv("VMS"))
	if err != nil {
		vms = 1000
	}
	for i := 0; i < vms; i++ {
		name := fmt.Sprintf("vm%d", i)
		lvh.NewWindowsDomain(stack, jsii.String(name), &lvh.WindowsDomainProps{
			Domain: &lvh.WindowsDomainConfig{Name: jsii.String(name), Memory: jsii.Number(4096), Vcpu: jsii.Number(2), Machine: jsii.String("q35")},
			Hyperv: &lvh.HypervOptions{HostCpuVendor: jsii.String("intel")},
		})
	}
}

// Options the library refuses: evmcs (on in the default preset) on AMD hosts.
func refused(stack cdktf.TerraformStack) {
	provider.NewLibvirtProvider(stack, jsii.String("libvirt"), &provider.LibvirtProviderConfig{Uri: jsii.String("qemu:///system")})
	lvh.NewWindowsDomain(stack, jsii.String("dc01"), &lvh.WindowsDomainProps{
		Domain: &lvh.WindowsDomainConfig{Name: jsii.String("dc01")},
		Hyperv: &lvh.HypervOptions{HostCpuVendor: jsii.String("amd")},
	})
}

func main() {
	cases := map[string]func(cdktf.TerraformStack){"declarations": declarations, "scale": scale, "evmcs-amd": refused}
	name := "declarations"
	if len(os.Args) > 1 {
		name = os.Args[1]
	}
	declare, known := cases[name]
	if !known {
		fmt.Fprintf(os.Stderr, "unknown case %q: declarations, scale or evmcs-amd\n", name)
		os.Exit(2)
	}
	started := time.Now()
	context := map[string]interface{}{"libvirt-hyperv:stylesheetRevision": 1}
	app := cdktf.NewApp(&cdktf.AppConfig{Context: &context})
	declare(cdktf.NewTerraformStack(app, jsii.String("twin")))
	app.Synth()
	fmt.Printf("synth: %d ms\n", time.Since(started).Milliseconds())
}
