#!/bin/sh
# CI entry point for the acceptance test (called by .ci/run): runs `npm run test:acceptance` when this machine can,
# and says why it skipped otherwise (exit 0). The test needs root (it starts libvirtd and defines domains on
# qemu:///system), Go (to build terraform-provider-libvirt 0.8.3 from the Go module proxy; cached in
# .cache/acceptance/ after the first run) and terraform. It installs the Debian packages it needs itself.
set -eu

cd "$(dirname "$0")/../.."

skip() {
  echo "acceptance test SKIPPED: $*"
  exit 0
}

[ "$(id -u)" -eq 0 ] || skip "not running as root (the test starts libvirtd and defines domains on qemu:///system)"
command -v go >/dev/null 2>&1 || skip "no Go toolchain on PATH (needed to build terraform-provider-libvirt 0.8.3)"
terraform_binary="${TERRAFORM_BINARY_NAME:-terraform}"
command -v "$terraform_binary" >/dev/null 2>&1 ||
  skip "no terraform on PATH (set TERRAFORM_BINARY_NAME, or install terraform >= 1.5)"

# The daemon, QEMU, OVMF (the UEFI firmware the state and host steps boot and look for), swtpm (libvirt refuses an
# emulated TPM 2.0 without it), xsltproc (the provider's runtime dependency) and virsh. -sysv keeps apt from pulling
# systemd; ovmf is only a recommendation of qemu-system-x86, so it is named.
packages="libvirt-daemon-system libvirt-daemon-system-sysv libvirt-daemon-driver-qemu qemu-system-x86 ovmf swtpm swtpm-tools xsltproc libvirt-clients"
missing=""
for tool in libvirtd virtlogd qemu-system-x86_64 swtpm swtpm_setup xsltproc virsh; do
  command -v "$tool" >/dev/null 2>&1 || missing="$missing $tool"
done
[ -f /usr/share/OVMF/OVMF_CODE_4M.fd ] || missing="$missing OVMF"
if [ -n "$missing" ]; then
  command -v apt-get >/dev/null 2>&1 || skip "missing$missing and no apt-get to install: $packages"
  echo "acceptance: installing$missing ($packages)"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $packages >/dev/null
fi

[ -d node_modules ] || npm ci --no-audit --no-fund

exec npm run test:acceptance
