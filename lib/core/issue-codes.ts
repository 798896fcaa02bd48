/**
 * The one table of message codes. `IssueCode` (lib/core/generated/catalogue-types.ts) and the README's code tables
 * are rendered from it (`npm run generate:types`, `npm run docs`); an issue is built from its row (`issueOf`), so a
 * code cannot be raised without being documented, nor at a level its row does not allow.
 */
import type { IssueLevel } from './vocabulary';

/** One message code: what it means and which part of the library raises it. */
export interface IssueCodeSpec {
  /** Printed as `HyperV-<code>`. */
  readonly code: string;
  /** The levels it is raised at, the usual one first (host checks warn where a domain fact is unknown). */
  readonly levels: IssueLevel[];
  /** The part of the library that raises it. */
  readonly raisedBy: string;
  /** One line for the README and `HypervIssues.codes()`. */
  readonly meaning: string;
  /** Which README table lists it: the Validation one, or the host profiles one. */
  readonly table: 'validation' | 'host';
}

const code = (c: string, levels: IssueLevel[], raisedBy: string, meaning: string, table: IssueCodeSpec['table'] = 'validation'): IssueCodeSpec =>
  Object.freeze({ code: c, levels: Object.freeze(levels) as IssueLevel[], raisedBy, meaning, table });

const HOST_CHECKS = 'host checks';

export const ISSUE_CODES: readonly IssueCodeSpec[] = Object.freeze([
  code('UNKNOWN_OPTION', ['error'], 'options guard, constructs', 'a misspelt option or prop name, with the closest known name by edit distance, the same rule as for the CLI\'s flags (`firmwre` → `firmware`)'),
  code('UNKNOWN_FEATURE', ['error'], 'options guard', 'a misspelt feature name (`stimerDirekt` → `stimerDirect`, `evmsc` → `evmcs`)'),
  code('INVALID_OPTION', ['error'], 'options guard, resolve, constructs, CLI', 'a value of the wrong type or outside its choices, an unknown preset name, a token where a literal is needed'),
  code('DEPENDENCY', ['error'], 'rules', 'a feature is on but one it needs is not (QEMU: stimer needs synic and hypervclock, synic/tlbflush/ipi need vpindex, evmcs and tlbflush direct need vapic, stimer direct needs stimer, tlbflush extended needs tlbflush)'),
  code('VALUE_REQUIRED', ['error'], 'rules', 'a valued feature (spinlocks, vendor_id) is on without its value'),
  code('VALUE_UNUSED', ['error'], 'rules', 'a value is given for a feature that is not on'),
  code('RETRIES_RANGE', ['error'], 'options guard, resolve', '`spinlockRetries` is not an integer libvirt accepts'),
  code('VENDOR_ID', ['error'], 'options guard, resolve', '`vendorIdValue` is not a vendor id libvirt accepts'),
  code('PASSTHROUGH_CHILD', ['error'], 'rules', "a child feature set with mode passthrough (libvirt's schema forbids it)"),
  code('EVMCS_AMD', ['error'], 'rules', "evmcs on with `hostCpuVendor: 'amd'`"),
  code('EVMCS_VENDOR_UNKNOWN', ['warning'], 'rules', 'evmcs on with the vendor unknown: an AMD host will refuse to start the VM'),
  code('LIBVIRT_TOO_OLD', ['error'], 'rules', 'a feature (or passthrough mode) newer than `libvirtVersion`'),
  code('NO_ENLIGHTENMENTS', ['warning'], 'rules', "mode custom with no enlightenment set (`--preset passthrough --mode custom`, or every feature `omit`): the stylesheet writes an empty `<hyperv>` and erases the domain's own enlightenments"),
  code('NEEDS_KVM', ['warning'], 'domain checks', 'vpindex on a domain with `type = "qemu"` (TCG): QEMU refuses it, and provider 0.8.3 starts every domain it creates'),
  code('NOT_X86', ['warning'], 'domain checks', '`arch` other than `i686`/`x86_64` (aarch64, s390x, ...): there are no Hyper-V enlightenments there, the stylesheet leaves the domain untouched, nothing is applied'),
  code('NOT_KVM_OR_QEMU', ['warning'], 'domain checks', 'domain `type` other than `kvm`/`qemu` (xen, lxc, ...): the enlightenments are QEMU\'s, the stylesheet leaves the domain untouched, nothing is applied'),
  code('STYLESHEET_REVISION', ['error'], 'revisions', '`stylesheetRevision` (or the context key) names a revision this version does not render'),
  code('STYLESHEET_REVISION_UNPINNED', ['warning'], 'revisions', 'no revision pinned: the oldest supported one is used (once per stack)'),
  code('STATE_PROTECTED', ['info'], 'WindowsDomain', '`WindowsDomain` added `prevent_destroy` to VMs with NVRAM or an emulated TPM (one info per stack: how many, the first three); names both ways out'),
  code('STATE_AT_RISK', ['warning'], 'HypervAspect', '`HypervAspect` patched a domain with NVRAM or an emulated TPM that has neither `prevent_destroy` nor `xml` in `ignore_changes`'),
  code('EXISTING_XSLT', ['warning'], 'HypervAspect', 'the domain has its own `xml.xslt`: skipped (`onExisting: SKIP`, the default) or replaced (`REPLACE`)'),
  code('UNRESOLVED', ['warning'], 'HypervAspect', "the domain's `xml.xslt` is a token, which cannot be checked: the domain is left without the Hyper-V stylesheet"),
  code('HOST_PROFILE', ['error'], 'host profiles', 'a profile that is not one: wrong format marker, missing or mistyped field, unknown key, an empty list', 'host'),
  code('HOST_CONFLICT', ['error'], HOST_CHECKS, '`hostCpuVendor` or `libvirtVersion` contradicting the profiles', 'host'),
  code('HOST_NO_KVM', ['error', 'warning'], HOST_CHECKS, 'domain type `kvm` (the provider\'s default) on a host where libvirt refuses KVM; and, on such a host, vpindex under TCG ("kernel doesn\'t allow setting HyperV VP_INDEX"), with everything that needs it', 'host'),
  code('HOST_CPU_VENDOR', ['error', 'warning'], HOST_CHECKS, 'evmcs on a KVM domain on a non-Intel host ("hv-evmcs is not supported by kernel"); TCG does not care (QEMU 7.2 starts hv-evmcs without KVM)', 'host'),
  code('HOST_LIBVIRT_TOO_OLD', ['error'], HOST_CHECKS, 'a feature, option or `mode=\'passthrough\'` newer than the host\'s libvirt ("unsupported HyperV Enlightenment feature")', 'host'),
  code('HOST_QEMU_TOO_OLD', ['error'], HOST_CHECKS, 'an enlightenment newer than the QEMU the host runs', 'host'),
  code('HOST_HYPERV_FEATURE', ['error', 'warning'], HOST_CHECKS, 'an enlightenment missing from the host\'s Hyper-V list, for KVM domains (see below)', 'host'),
  code('HOST_NO_Q35', ['error', 'warning'], HOST_CHECKS, 'a q35 domain (the Windows 11 options need one) on a host whose QEMU offers no q35 machine', 'host'),
  code('HOST_NO_SECURE_BOOT', ['error', 'warning'], HOST_CHECKS, "`secureBoot` on a q35 domain with a UEFI loader where libvirt knows no Secure Boot firmware for q35 (`<loader><enum name='secure'>` without `yes`): the VM would get no Secure Boot, which Windows 11 setup requires; install OVMF with Secure Boot there", 'host'),
  code('HOST_NO_TPM', ['error', 'warning'], HOST_CHECKS, 'an emulated TPM where swtpm is missing (libvirt lists the `emulator` backend only when it finds swtpm), or `tpmCrb` where QEMU has no tpm-crb, or no TPM 2.0', 'host'),
  code('HOST_FIRMWARE', ['warning'], HOST_CHECKS, 'a `firmware` path the host\'s libvirt has no firmware descriptor for (the file may still exist; if not, the start fails)', 'host'),
  code('HOST_PRESET_DROPPED', ['warning'], 'host preset', 'nothing: it says what `HostProfiles.presetFor` left out, and why', 'host'),
]);

const BY_CODE: ReadonlyMap<string, IssueCodeSpec> = new Map(ISSUE_CODES.map((c) => [c.code, c]));

/** The table row of `code`; throws for a code the table lacks (a programming error, never user data). */
export function issueCodeSpec(code: string): IssueCodeSpec {
  const found = BY_CODE.get(code);
  if (!found) throw new Error(`message code ${code} is not in ISSUE_CODES (lib/core/issue-codes.ts)`);
  return found;
}
