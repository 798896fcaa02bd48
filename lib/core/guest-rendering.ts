/**
 * How the stylesheet renders each Windows 11 guest option (catalogue kind `guest`): the XSLT templates it adds, the
 * `<clock>` timer attributes it owns and the `<features>` children it inserts. Each catalogue entry points at its own
 * rendering; stylesheet.ts applies whatever the entries that are on carry, in catalogue order, and names no option.
 * Facts: libvirt docs/formatdomain.rst, src/qemu/qemu_validate.c (Secure Boot needs q35, x86_64 and SMM; the CRB
 * interface takes TPM 2.0 only).
 */

/** One attribute a timer policy sets on the `<timer>` of that name. */
export interface TimerSetting {
  readonly name: string;
  readonly attribute: 'tickpolicy' | 'present';
  readonly value: string;
}

/** What one guest option adds to the stylesheet when it is on. */
export interface GuestRendering {
  /** Templates, one line each, placed after the clock's. */
  readonly templates: readonly string[];
  /** Timer attributes the clock template owns (the timer is added when the domain lacks it). */
  readonly timers: readonly TimerSetting[];
  /**
   * `<features>` children it inserts where libvirt puts them (names from LIBVIRT_FEATURES_ORDER); each needs a named
   * template of that name among `templates`.
   */
  readonly featuresInserted: readonly string[];
}

const rendering = (r: Partial<GuestRendering>): GuestRendering =>
  Object.freeze({ templates: Object.freeze(r.templates ?? []), timers: Object.freeze(r.timers ?? []), featuresInserted: Object.freeze(r.featuresInserted ?? []) });

/** A q35 machine type ('q35', 'pc-q35-7.2', ...), tested on the domain's own <os><type machine>. */
const IS_Q35 = "contains(os/type/@machine,'q35')";
/** libvirt accepts Secure Boot only on q35 with SMM (src/qemu/qemu_validate.c); the loader says it is UEFI. */
const SECURE_BOOT_DOMAIN = `/domain[os/loader and ${IS_Q35}]`;
const MOVED_CDROM = `/domain[${IS_Q35}]/devices/disk[@device='cdrom'][target/@bus='ide']`;
/** An emulated TPM without a version is TPM 1.2 (tpm-tis) for libvirt's QEMU driver; CRB takes only 2.0. */
const TPM_2_EMULATOR = "backend[@type='emulator' and (@version='2.0' or not(@version))]";

export const SATA_CDROM = rendering({
  templates: [
    `<xsl:template match="${MOVED_CDROM}/target/@bus"><xsl:attribute name="bus">sata</xsl:attribute></xsl:template>`,
    // An IDE address (bus 1 for the secondary channel) is invalid on SATA ("bus must be 0 for sata controller"):
    // dropped, libvirt assigns a SATA one.
    `<xsl:template match="${MOVED_CDROM}/address"/>`,
  ],
});

export const SECURE_BOOT = rendering({
  templates: [
    `<xsl:template match="${SECURE_BOOT_DOMAIN}/os/loader"><xsl:copy><xsl:apply-templates select="@*"/><xsl:attribute name="secure">yes</xsl:attribute><xsl:apply-templates select="node()"/></xsl:copy></xsl:template>`,
    `<xsl:template match="${SECURE_BOOT_DOMAIN}/features/smm/@state"><xsl:attribute name="state">on</xsl:attribute></xsl:template>`,
    `<xsl:template name="smm"><xsl:if test="boolean(${SECURE_BOOT_DOMAIN}) and not(/domain/features/smm)"><smm state="on"/></xsl:if></xsl:template>`,
  ],
  featuresInserted: ['smm'],
});

export const TPM_CRB = rendering({
  templates: [
    `<xsl:template match="/domain/devices/tpm[${TPM_2_EMULATOR}]"><xsl:copy><xsl:apply-templates select="@*"/><xsl:attribute name="model">tpm-crb</xsl:attribute><xsl:apply-templates select="node()"/></xsl:copy></xsl:template>`,
    `<xsl:template match="/domain/devices/tpm/backend[@type='emulator' and not(@version)]"><xsl:copy><xsl:apply-templates select="@*"/><xsl:attribute name="version">2.0</xsl:attribute><xsl:apply-templates select="node()"/></xsl:copy></xsl:template>`,
  ],
});

/**
 * The Windows timer policy (virt-manager, Nova and KubeVirt agree). It owns a tick policy on rtc and pit and the
 * presence of hpet; a timer the domain switched off (`present="no"`) keeps everything, since a tick policy means
 * nothing for a timer that is not there and the policy does not switch timers on.
 */
export const WINDOWS_TIMERS = rendering({
  timers: [
    { name: 'rtc', attribute: 'tickpolicy', value: 'catchup' },
    { name: 'pit', attribute: 'tickpolicy', value: 'delay' },
    { name: 'hpet', attribute: 'present', value: 'no' },
  ],
});
