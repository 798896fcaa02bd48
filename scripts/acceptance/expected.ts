/**
 * What `virsh dumpxml` must show, and helpers to cut the `<hyperv>` and `<clock>` blocks out of libvirt's output.
 *
 * libvirt formats its XML itself: single quotes, two-space indentation, `<hyperv mode='custom'>` (it always prints
 * the mode, custom being the default), and the `<hyperv>` children in its own order, not in the order of Red Hat's
 * guide. So blocks are compared as the set of their children, each child a string of its trimmed lines.
 */

/** Red Hat's RHEL 10 guide, "Enabling Hyper-V enlightenments", step 1: the block, verbatim. */
export const RHEL10_HYPERV_BLOCK = `<hyperv>
  <relaxed state='on'/>
  <vapic state='on'/>
  <spinlocks state='on' retries='8191'/>
  <vendor_id state='on' value='KVM Hv'/>
  <vpindex state='on'/>
  <runtime state='on'/>
  <synic state='on'/>
  <stimer state='on'>
    <direct state='on'/>
  </stimer>
  <frequencies state='on'/>
  <reset state='on'/>
  <tlbflush state='on'/>
  <reenlightenment state='on'/>
  <ipi state='on'/>
  <evmcs state='on'/>
</hyperv>`;

/** The guide's step 2 (with nothing else in the clock: the provider's domain XML has no <clock> of its own). */
export const RHEL10_CLOCK_BLOCK = `<clock offset='localtime'>
  <timer name='hypervclock' present='yes'/>
</clock>`;

/** HypervPreset.MIGRATION_SAFE: no evmcs, reenlightenment, reset, vendor_id, stimer direct. */
export const MIGRATION_SAFE_HYPERV_BLOCK = `<hyperv>
  <relaxed state='on'/>
  <vapic state='on'/>
  <spinlocks state='on' retries='8191'/>
  <vpindex state='on'/>
  <runtime state='on'/>
  <synic state='on'/>
  <stimer state='on'/>
  <frequencies state='on'/>
  <tlbflush state='on'/>
  <ipi state='on'/>
</hyperv>`;

/**
 * QEMU refuses hv-vpindex without KVM ("kernel doesn't allow setting HyperV VP_INDEX"), and provider 0.8.3 starts
 * every domain it creates. The lifecycle steps therefore use the RHEL 10 block without vpindex and the features that
 * require it (synic, stimer with direct, tlbflush, ipi): the options below, the block after them.
 */
export const TCG_STARTABLE_ENLIGHTENMENTS = {
  vpindex: 'omit',
  synic: 'omit',
  stimer: 'omit',
  stimerDirect: 'omit',
  tlbflush: 'omit',
  ipi: 'omit',
} as const;

export const TCG_STARTABLE_HYPERV_BLOCK = `<hyperv>
  <relaxed state='on'/>
  <vapic state='on'/>
  <spinlocks state='on' retries='8191'/>
  <vendor_id state='on' value='KVM Hv'/>
  <runtime state='on'/>
  <frequencies state='on'/>
  <reset state='on'/>
  <reenlightenment state='on'/>
  <evmcs state='on'/>
</hyperv>`;

/** The same after the toggle step (evmcs switched off, as for an AMD host). */
export const TCG_STARTABLE_EVMCS_OFF_HYPERV_BLOCK = TCG_STARTABLE_HYPERV_BLOCK.replace("<evmcs state='on'/>", "<evmcs state='off'/>");

/** The element `name` (first occurrence) with its content, de-indented; undefined when absent. */
export function cutBlock(xml: string, name: string): string | undefined {
  const lines = xml.split('\n');
  const start = lines.findIndex((line) => new RegExp(`^\\s*<${name}[\\s/>]`).test(line));
  if (start < 0) return undefined;
  const indent = lines[start].length - lines[start].trimStart().length;
  let end = start;
  if (!/\/>\s*$/.test(lines[start])) {
    end = lines.findIndex((line, i) => i > start && line === `${' '.repeat(indent)}</${name}>`);
    if (end < 0) return undefined;
  }
  return lines
    .slice(start, end + 1)
    .map((line) => line.slice(indent))
    .join('\n');
}

export interface BlockShape {
  /** The opening tag, with libvirt's default mode='custom' dropped. */
  readonly root: string;
  /** Each child with its own children, trimmed lines joined, sorted. */
  readonly children: readonly string[];
}

/** Order-insensitive view of a block: libvirt reorders <hyperv> children, the guide's order is not kept. */
export function blockShape(block: string): BlockShape {
  const lines = block.split('\n');
  const root = lines[0].replace(" mode='custom'", '');
  const children: string[] = [];
  for (const line of lines.slice(1, -1)) {
    if (/^ {2}\S/.test(line)) children.push(line.trim());
    else children[children.length - 1] += line.trim();
  }
  return { root, children: children.sort() };
}
