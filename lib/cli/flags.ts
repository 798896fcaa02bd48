/**
 * The Hyper-V flags, derived from the core: one `--<feature>` per CATALOGUE entry (with the states it accepts), `--preset`
 * from HypervPreset.all(), and one flag per other HypervOptions key with its choices taken from the core's constants.
 * Nothing here lists features or presets; a new catalogue entry or preset appears as a flag without a CLI change.
 */
import { Command, Option } from 'commander';
import {
  CATALOGUE,
  CLOCK_OFFSETS,
  CPU_VENDORS,
  DomainPlatform,
  FeatureOverrides,
  FeatureSpec,
  HYPERV_MODES,
  HYPERV_OPTION_NAMES,
  HypervOptions,
  HypervPreset,
  Issue,
  LATEST_STYLESHEET_REVISION,
  STYLESHEET_REVISIONS,
  VALUED_FEATURES,
  ValueOption,
  formatIssue,
  kebab,
} from '../core';
import { addHostFlag } from './host-command';

export { kebab } from '../core';

/** The commander attribute name of a flag (`--stimer-direct` → `stimerDirect`), as commander computes it. */
function attributeOf(flag: string): string {
  return new Option(`--${flag} <x>`).attributeName();
}

/** `host` takes files, read by the program (host-flag.ts), not a value passed through. */
type ValueOptionName = Exclude<keyof HypervOptions, 'preset' | 'enlightenments' | 'host'>;
/** The options that are neither features nor the features' values (those come from the catalogue). */
type OtherOptionName = Exclude<ValueOptionName, ValueOption>;

interface ValueFlag {
  readonly argument: string;
  readonly description: string;
  /** Allowed values (the core's constant), listed in --help; the core still does the checking. */
  readonly choices?: readonly string[];
  /** Turns digit strings into numbers; anything else goes to the core as given, which names the problem. */
  readonly integer?: boolean;
}

/**
 * The options that are neither features nor their values. The mapped type makes this table complete: a new
 * HypervOptions key is a compile error here until it gets its flag. Descriptions only; values and checks come from
 * the core.
 */
const OTHER_FLAGS: { readonly [K in OtherOptionName]: ValueFlag } = {
  mode: { argument: 'mode', choices: HYPERV_MODES, description: "<hyperv mode>: 'custom' lists each feature, 'passthrough' takes all the host offers" },
  clockOffset: { argument: 'offset', choices: CLOCK_OFFSETS, description: "<clock offset>; 'keep' leaves the domain's as it is" },
  hostCpuVendor: { argument: 'vendor', choices: CPU_VENDORS, description: "CPU vendor of the hosts; 'amd' refuses evmcs (default: unknown)" },
  libvirtVersion: { argument: 'x.y.z', description: 'oldest libvirt the domain is defined on; newer features are refused' },
  stylesheetRevision: {
    argument: 'n',
    integer: true,
    choices: STYLESHEET_REVISIONS.map(String),
    description: `stylesheet revision to render (default: the newest, ${LATEST_STYLESHEET_REVISION}); pass the one your app pins to see its exact bytes`,
  },
};

/** A feature value's flag, as its catalogue entry describes it. */
const FEATURE_VALUE_FLAGS: ReadonlyMap<string, ValueFlag> = new Map(
  VALUED_FEATURES.map((s) => [s.value.option, { argument: s.value.cliArgument, integer: s.value.valueType === 'integer', description: s.value.cliDescription }]),
);

/** Every value flag, in the order of HYPERV_OPTION_NAMES (which is --help's). */
const VALUE_FLAGS: ReadonlyMap<ValueOptionName, ValueFlag> = new Map(
  HYPERV_OPTION_NAMES.filter((n): n is ValueOptionName => n !== 'preset' && n !== 'enlightenments' && n !== 'host').map((n) => [
    n,
    FEATURE_VALUE_FLAGS.get(n) ?? OTHER_FLAGS[n as OtherOptionName],
  ]),
);

const VALUE_OPTION_NAMES = [...VALUE_FLAGS.keys()];

/** Help headings per catalogue kind; the mapped type makes a new kind a compile error until it has one. */
const FEATURE_GROUPS: { readonly [K in FeatureSpec['kind']]: string } = {
  hyperv: "Enlightenments (on|off|omit; default: the preset's; omit leaves it out of the stylesheet):",
  timer: "Clock (on|off|omit; default: the preset's):",
  guest: "Windows guest options (on applies it, omit leaves the domain as it is; default: the preset's):",
};

/** Every Hyper-V flag as `--name`, for tests and docs. */
export function hypervFlagNames(): string[] {
  return ['--preset', ...VALUE_OPTION_NAMES.map((n) => `--${kebab(n)}`), '--host', ...CATALOGUE.map((s) => `--${kebab(s.id)}`)];
}

/** Adds the Hyper-V flags to a command, in three help groups. */
export function addHypervFlags(command: Command): Command {
  const presets = HypervPreset.all();
  command.addOption(
    new Option('--preset <name>', `starting set of enlightenments: ${presets.map((p) => `'${p.name}': ${p.description}`).join(' ')}`)
      .helpGroup('Preset and values:')
      .default(HypervPreset.RHEL10.name),
  );
  for (const name of VALUE_OPTION_NAMES) {
    const flag = VALUE_FLAGS.get(name)!;
    const choices = flag.choices ? ` (${flag.choices.join('|')})` : '';
    command.addOption(new Option(`--${kebab(name)} <${flag.argument}>`, `${flag.description}${choices}`).helpGroup('Preset and values:'));
  }
  addHostFlag(command);
  for (const spec of CATALOGUE) {
    command.addOption(new Option(`--${kebab(spec.id)} <${spec.states.join('|')}>`, cliSpelling(spec.summary)).helpGroup(FEATURE_GROUPS[spec.kind]));
  }
  return command;
}

/** Parsed commander options → HypervOptions, passing values through unchecked so resolveUnknownOptions does the checking. */
export function hypervOptionsFrom(parsed: Readonly<Record<string, unknown>>): HypervOptions {
  const options: Record<string, unknown> = { preset: String(parsed.preset) };
  for (const name of VALUE_OPTION_NAMES) {
    const value = parsed[attributeOf(kebab(name))];
    if (value === undefined) continue;
    options[name] = VALUE_FLAGS.get(name)!.integer && typeof value === 'string' && /^[0-9]+$/.test(value) ? Number(value) : value;
  }
  const enlightenments: Record<string, unknown> = {};
  for (const spec of CATALOGUE) {
    const value = parsed[attributeOf(kebab(spec.id))];
    if (value !== undefined) enlightenments[spec.id] = value;
  }
  if (Object.keys(enlightenments).length > 0) options.enlightenments = enlightenments as FeatureOverrides;
  return options as HypervOptions;
}

/** Fields that name the domain XML (DomainPlatform: `<domain type>`, `<os><type arch>`), not an option: kept as they are. */
const DOMAIN_FIELDS: ReadonlySet<string> = new Set<keyof DomainPlatform>(['type', 'arch']);

/** An option path of the core (`enlightenments.stimerDirect`, `spinlockRetries`, `preset.x`) as the flag to change. */
export function flagForField(field: string): string {
  if (DOMAIN_FIELDS.has(field)) return field;
  const [head, tail] = field.split('.', 2);
  if (head === 'enlightenments' && tail !== undefined) return `--${kebab(tail)}`;
  return `--${kebab(head)}`;
}

/**
 * A core issue in CLI terms: option paths in the field and the message become flags, so the fix names something the
 * user can type (`set --vpindex to 'on'`).
 */
export function issueForCli(issue: Issue): string {
  return formatIssue({ ...issue, field: flagForField(issue.field), message: cliSpelling(issue.message) });
}

/**
 * Library spellings in core text (messages, summaries) as the flags a CLI user types. Only unambiguous spellings are
 * rewritten: `enlightenments.<id>` paths, the camelCase option names and `HypervPreset.<NAME>`; plain words such as
 * "mode" stay prose.
 */
export function cliSpelling(text: string): string {
  let result = text
    .replace(/\benlightenments\.([A-Za-z]+)/g, (_, id: string) => `--${kebab(id)}`)
    .replace(/\bHypervPreset\.([A-Z0-9_]+)/g, (_, name: string) => `--preset ${name.toLowerCase().replace(/_/g, '-')}`);
  for (const name of VALUE_OPTION_NAMES.filter((n) => /[A-Z]/.test(n))) {
    result = result.replace(new RegExp(`\\b${name}\\b`, 'g'), `--${kebab(name)}`);
  }
  return result;
}
