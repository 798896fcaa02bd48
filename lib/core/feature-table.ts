import { CATALOGUE, FeatureSpec } from './catalogue';
import { HypervPreset } from './presets';

function stateIn(preset: HypervPreset, spec: FeatureSpec): string {
  if (spec.kind === 'hyperv' && preset.settings.mode === 'passthrough') return 'host';
  const state = preset.settings.features[spec.id];
  if (state === undefined) return '–';
  if (state === 'on' && spec.value) {
    const value = preset.settings[spec.value.option];
    return value === undefined ? 'on' : `on (${JSON.stringify(value)})`;
  }
  return state;
}

/** The README's table of features, rendered from the catalogue and the presets. */
export function renderFeatureTable(): string {
  const presets = HypervPreset.all();
  const header = ['option (`enlightenments.`)', 'libvirt', 'QEMU', 'libvirt ≥', 'requires', ...presets.map((p) => `\`${p.name}\``), 'what it does'];
  const rows = CATALOGUE.map((spec) => [
    `\`${spec.id}\``,
    spec.kind === 'timer' ? `\`<timer name='${spec.element}'>\`` : `\`${spec.parent ? `${spec.parent}/` : ''}${spec.element}\``,
    spec.qemuFlag ? `\`${spec.qemuFlag}\`` : '–',
    spec.libvirtSince,
    spec.requires.map((r) => `\`${r}\``).join(', ') || '–',
    ...presets.map((p) => stateIn(p, spec)),
    spec.summary + (spec.cpuVendor ? ` **${spec.cpuVendor[0].toUpperCase()}${spec.cpuVendor.slice(1)} hosts only.**` : ''),
  ]);
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}
