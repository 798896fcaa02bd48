/**
 * State a Windows VM keeps outside its disks: the UEFI variable store (NVRAM: boot entries, Secure Boot keys) and an
 * emulated TPM's swtpm state (BitLocker and Windows Hello keys). Provider 0.8.3's delete undefines with
 * VIR_DOMAIN_UNDEFINE_NVRAM and without KEEP_TPM, so replacing the VM deletes both; the acceptance test measures it.
 */
import { TerraformResourceLifecycle } from 'cdktf';
import { emulatedTpm } from './domain-facts';
import type { Issue } from '../../core';
import type { DomainConfig } from '../../generated/libvirt/domain';

/** The WindowsDomain props that decide how the VM's state is protected (documented on WindowsDomainProps). */
export interface VmStateChoices {
  readonly allowNvramAndTpmLoss?: boolean;
  readonly ignoreStylesheetChanges?: boolean;
}

export const VM_STATE_PROP_NAMES: readonly (keyof VmStateChoices)[] = Object.freeze(['allowNvramAndTpmLoss', 'ignoreStylesheetChanges']);

/** What of the VM's state cannot be recreated, in words; empty when there is nothing. A token counts as present. */
export function irreplaceableState(config: Pick<DomainConfig, 'firmware' | 'nvram' | 'tpm'>): string[] {
  const found: string[] = [];
  if (config.firmware !== undefined || config.nvram !== undefined) found.push('UEFI NVRAM (firmware/nvram)');
  if (emulatedTpm(config as Record<string, unknown>) !== false) found.push('an emulated TPM (swtpm state)');
  return found;
}

/**
 * The lifecycle the VM gets: the user's, plus prevent_destroy when the VM holds irreplaceable state and neither the
 * user's lifecycle nor `allowNvramAndTpmLoss` decides otherwise, plus `xml` in ignore_changes when asked.
 */
export function protectedLifecycle(
  lifecycle: TerraformResourceLifecycle | undefined,
  state: readonly string[],
  props: VmStateChoices,
): { lifecycle?: TerraformResourceLifecycle; protectedNow: boolean } {
  const protectedNow = state.length > 0 && props.allowNvramAndTpmLoss !== true && lifecycle?.preventDestroy === undefined;
  const ignore = lifecycle?.ignoreChanges;
  const ignoreChanges =
    props.ignoreStylesheetChanges === true && ignore !== 'all' ? [...new Set([...(Array.isArray(ignore) ? ignore : []), 'xml'])] : ignore;
  if (!protectedNow && ignoreChanges === ignore) return { lifecycle, protectedNow };
  return {
    lifecycle: { ...lifecycle, ...(protectedNow ? { preventDestroy: true } : {}), ...(ignoreChanges !== undefined ? { ignoreChanges } : {}) },
    protectedNow,
  };
}

/**
 * For HypervAspect, which does not own the domains it patches: a warning when one holds irreplaceable state and
 * nothing stops a stylesheet change from replacing it (neither prevent_destroy nor xml in ignore_changes).
 */
export function stateAtRiskIssue(body: Record<string, unknown>): Issue | undefined {
  const state = irreplaceableState(body as Pick<DomainConfig, 'firmware' | 'nvram' | 'tpm'>);
  const lifecycle = (body.lifecycle ?? {}) as { prevent_destroy?: unknown; ignore_changes?: unknown };
  const ignored = lifecycle.ignore_changes === 'all' || (Array.isArray(lifecycle.ignore_changes) && lifecycle.ignore_changes.includes('xml'));
  if (state.length === 0 || lifecycle.prevent_destroy !== undefined || ignored) return undefined;
  return {
    code: 'STATE_AT_RISK',
    level: 'warning',
    field: 'lifecycle',
    message: `the domain has ${state.join(' and ')}, and a change of its stylesheet replaces it, which deletes them (provider 0.8.3); set lifecycle.preventDestroy = true, or add 'xml' to lifecycle.ignoreChanges and change enlightenments with libvirt-hyperv redefine`,
  };
}
