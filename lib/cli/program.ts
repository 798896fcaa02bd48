/**
 * The `libvirt-hyperv` command line: `stylesheet`, `apply` and `diff`. It parses, calls the core and the preview
 * engines, and prints; the decisions live in lib/core. Output discipline: stdout carries only the artefact asked for
 * (or help); errors are one line on stderr; exit codes follow diff(1).
 */
import { existsSync, readFileSync } from 'fs';
import { dirname, join } from 'path';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { HostProfile, HypervPlan, LATEST_STYLESHEET_REVISION, closestName, domainIssues, renderLayoutStylesheet, renderStylesheetRevision, resolveUnknownOptions } from '../core';
import { ENGINE_CHOICES, EngineChoice, pickEngine } from './engine';
import { CliError, EXIT_CHANGED, EXIT_OK, EXIT_TROUBLE, firstErrorOf, oneLine } from './errors';
import { addHypervFlags, issueForCli } from './flags';
import { checkHosts, domainFactsFromXml } from './domain-facts';
import { addHostCommand, hostProfilesFrom, optionsWithHostPreset } from './host-command';
import { DomainInput, readDomainInput } from './input';
import { redefineDomain } from './redefine';
import { virshOn } from './virsh';
import type { CliIo } from './io';
import { unifiedDiff, wantsColour } from './unified-diff';

export const PROGRAM_NAME = 'libvirt-hyperv';

/** The package version, from the nearest package.json up from here (lib/cli in a checkout, dist/lib/cli packed). */
function packageVersion(): string {
  for (let dir = __dirname; dir !== dirname(dir); dir = dirname(dir)) {
    const file = join(dir, 'package.json');
    if (existsSync(file)) {
      const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string };
      if (pkg.name === PROGRAM_NAME && pkg.version) return pkg.version;
    }
  }
  return 'unknown';
}

const EXIT_CODES = `
Exit codes (those of diff(1)):
  0  success; for diff: the stylesheet changes nothing
  1  diff only: the stylesheet changes the domain
  2  trouble: bad option value, unreadable or malformed input, engine failure (one line on stderr)`;

/**
 * Resolves the flags through the core into the stylesheet to run; errors become one line, warnings are returned for
 * stderr. Without --stylesheet-revision the CLI renders the newest revision: what it prints is a new file the user
 * commits (its bytes then stay whatever the library does later), unlike a construct, which renders at every synth.
 */
export function stylesheetFrom(
  parsed: Readonly<Record<string, unknown>>,
): { stylesheet: string; plan: HypervPlan; warnings: string[]; host?: readonly HostProfile[] } {
  const host = hostProfilesFrom(parsed);
  const { plan, issues, stylesheetRevision } = resolveUnknownOptions({ ...optionsWithHostPreset(parsed, host), ...(host ? { host } : {}) });
  const errors = issues.filter((i) => i.level === 'error');
  if (!plan || errors.length > 0) {
    throw firstErrorOf(errors, issueForCli);
  }
  const stylesheet = renderStylesheetRevision(plan, stylesheetRevision ?? LATEST_STYLESHEET_REVISION);
  return { stylesheet, plan, host, warnings: issues.filter((i) => i.level === 'warning').map((i) => `warning: ${issueForCli(i)}`) };
}

function readStylesheetFile(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    throw new CliError(`--stylesheet: cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? String(e)}; give the path of an XSLT file`);
  }
}

/** Warnings that depend on the domain read (its type and arch), in the same words as the constructs give them. */
function domainWarnings(plan: HypervPlan, input: DomainInput): string[] {
  return domainIssues(plan, input.domain).map((i) => `warning: ${issueForCli(i)}`);
}

function contextLines(value: string): number {
  if (!/^[0-9]+$/.test(value)) throw new InvalidArgumentError('expected a whole number of context lines, such as 3');
  return Number(value);
}

/** `unknown option '--evmsc'` with `(Did you mean --evmcs?)` when one of the program's flags is close. */
function withFlagSuggestion(message: string, program: Command): string {
  const unknown = /^unknown option '(--[^']+)'/.exec(message);
  if (!unknown) return message;
  const flags = [program, ...program.commands].flatMap((command) => command.options.map((option) => option.long ?? ''));
  const hint = closestName(unknown[1], flags.filter((flag) => flag !== ''));
  return hint ? `${message.trimEnd()} (Did you mean ${hint}?)` : message;
}

/** What a command produced; nothing is written until the command has succeeded, so a failure leaves stdout empty. */
interface Outcome {
  readonly code: number;
  readonly out: string;
  readonly notes: readonly string[];
}

/** Builds the program on `io`. `report` receives each command's outcome. */
export function buildProgram(io: CliIo, report: (outcome: Outcome) => void): Command {
  const program = new Command(PROGRAM_NAME)
    .description('Preview the Hyper-V enlightenment stylesheet that libvirt-hyperv puts in xml.xslt, and what it does to a domain')
    .version(packageVersion(), '-V, --version')
    .exitOverride()
    .configureOutput({
      writeOut: io.out,
      writeErr: io.err,
      // Commander's own errors (unknown flag, missing FILE) become one line like ours; a misspelt flag gets the
      // suggestion the core gives for misspelt option names (one edit-distance rule for construct props and flags).
      outputError: (text, write) => write(`${PROGRAM_NAME}: ${oneLine(withFlagSuggestion(text.replace(/^error: /, ''), program))}\n`),
      getOutHelpWidth: () => io.columns ?? 100,
      getErrHelpWidth: () => 100,
      getOutHasColors: () => false,
      getErrHasColors: () => false,
    })
    .showSuggestionAfterError(false)
    .addHelpText('after', `${EXIT_CODES}\n\nRun '${PROGRAM_NAME} <command> --help' for a command's flags and examples.`);

  const engineOption = () =>
    new Option('--engine <name>', 'XSLT processor: xsltproc with the provider\'s flags (--nomkdir --nonet --nowrite), or xslt-processor in-process; auto takes xsltproc when it is on PATH')
      .choices(ENGINE_CHOICES)
      .default('auto')
      .helpGroup('Engine:');

  addHypervFlags(
    program
      .command('stylesheet')
      .description('Print the XSLT stylesheet for these options (the default is byte-identical to xslt/windows-enlightenments.xsl)'),
  )
    .addHelpText(
      'after',
      `
Examples:
  $ ${PROGRAM_NAME} stylesheet > windows-enlightenments.xsl
  $ ${PROGRAM_NAME} stylesheet --preset migration-safe > hyperv.xsl
  $ ${PROGRAM_NAME} stylesheet --evmcs omit --host-cpu-vendor amd
  Then in HCL: xml { xslt = file("windows-enlightenments.xsl") }
${EXIT_CODES}`,
    )
    .action((_options: unknown, command: Command) => {
      const { stylesheet, plan, warnings, host } = stylesheetFrom(command.opts());
      const hostWarnings = checkHosts(plan, host, () => ({}));
      report({ code: EXIT_OK, out: stylesheet, notes: [...warnings, ...hostWarnings] });
    });

  addHypervFlags(
    program
      .command('apply')
      .description('Print the domain XML as the provider would define it: FILE (or - for stdin) run through the stylesheet')
      .argument('<FILE|->', 'domain XML file, or - to read standard input'),
  )
    .addOption(engineOption())
    .addHelpText(
      'after',
      `
Examples:
  $ ${PROGRAM_NAME} apply domain.xml > domain-hyperv.xml
  $ virsh dumpxml win11 | ${PROGRAM_NAME} apply --preset migration-safe - > win11.xml
  $ ${PROGRAM_NAME} apply --engine xsltproc domain.xml | virt-xml-validate /dev/stdin domain
${EXIT_CODES}`,
    )
    .action(async (file: string, _options: unknown, command: Command) => {
      const { stylesheet, plan, warnings, host } = stylesheetFrom(command.opts());
      const input = await readDomainInput(file, io);
      warnings.push(...checkHosts(plan, host, () => domainFactsFromXml(input.xml, input.name)));
      const engine = pickEngine(command.opts().engine as EngineChoice);
      const output = await engine.transform(stylesheet, input);
      report({ code: EXIT_OK, out: output, notes: [...(engine.note ? [engine.note] : []), ...warnings, ...domainWarnings(plan, input)] });
    });

  addHypervFlags(
    program
      .command('diff')
      .description('Print a unified diff of the domain before and after the stylesheet (exit 1 when it changes something)')
      .argument('<FILE|->', 'domain XML file, or - to read standard input'),
  )
    .addOption(engineOption())
    .addOption(new Option('-U, --unified <lines>', 'lines of context').argParser(contextLines).default(3).helpGroup('Engine:'))
    .addHelpText(
      'after',
      `
The "before" side is FILE laid out the way the stylesheet lays out its output (whitespace-only text stripped,
re-indented, by the same engine), so the diff shows only what the stylesheet changes. Colour on a terminal unless
NO_COLOR is set.

Examples:
  $ virsh dumpxml win11 | ${PROGRAM_NAME} diff -
  $ ${PROGRAM_NAME} diff --preset migration-safe domain.xml
  $ ${PROGRAM_NAME} apply domain.xml > new.xml && ${PROGRAM_NAME} diff new.xml   # exit 0: nothing left to change
${EXIT_CODES}`,
    )
    .action(async (file: string, _options: unknown, command: Command) => {
      const opts = command.opts();
      const { stylesheet, plan, warnings, host } = stylesheetFrom(opts);
      const input = await readDomainInput(file, io);
      warnings.push(...checkHosts(plan, host, () => domainFactsFromXml(input.xml, input.name)));
      const engine = pickEngine(opts.engine as EngineChoice);
      const before = await engine.transform(renderLayoutStylesheet(), input);
      const after = await engine.transform(stylesheet, input);
      const text = unifiedDiff(
        { label: input.name, text: before },
        { label: `${input.name} (with the Hyper-V stylesheet, preset ${plan.presetName})`, text: after },
        { context: opts.unified as number, colour: wantsColour(io.stdoutIsTTY, io.env) },
      );
      report({ code: text === '' ? EXIT_OK : EXIT_CHANGED, out: text, notes: [...(engine.note ? [engine.note] : []), ...warnings, ...domainWarnings(plan, input)] });
    });

  addHypervFlags(
    program
      .command('redefine')
      .description(
        "Change a VM's enlightenments in place: run the stylesheet over its persistent definition (virsh dumpxml --inactive) with xsltproc and virsh define the result; NVRAM and TPM state stay, the change applies at the next cold boot",
      )
      .argument('<DOMAIN>', 'name or UUID of the libvirt domain'),
  )
    .addOption(new Option('-c, --connect <uri>', 'libvirt connection URI, as for virsh -c (for example qemu:///system)').makeOptionMandatory().helpGroup('Target:'))
    .addOption(new Option('--stylesheet <file>', 'use this stylesheet file instead of the Hyper-V flags (for example the xml.xslt your app synthesizes)').helpGroup('Target:'))
    .addHelpText(
      'after',
      `
Terraform does not see a redefinition: provider 0.8.3 never reads the XML back. Declare the VM with
ignoreStylesheetChanges: true (lifecycle.ignore_changes = [xml]) so that the same stylesheet change in your app plans
nothing, then run this with the same options (or --stylesheet with the synthesized xml.xslt). stdout gets the unified
diff of the persistent definition; a running VM keeps its old definition until it is shut down and started again.

Examples:
  $ ${PROGRAM_NAME} redefine --connect qemu:///system --evmcs off win11
  $ ${PROGRAM_NAME} redefine -c qemu:///system --stylesheet windows-enlightenments.xsl win11
  $ virsh dumpxml --inactive win11 | ${PROGRAM_NAME} diff --evmcs off -    # preview first
${EXIT_CODES.replace('1  diff only: the stylesheet changes the domain', '1  (not used by redefine)')}`,
    )
    .action(async (domain: string, _options: unknown, command: Command) => {
      const opts = command.opts();
      const flagged = command.options.filter((o) => o.helpGroupHeading !== 'Target:' && command.getOptionValueSource(o.attributeName()) === 'cli');
      let stylesheet: string;
      let notes: string[] = [];
      if (opts.stylesheet !== undefined) {
        if (flagged.length > 0) throw new CliError(`--stylesheet and ${flagged[0].long}: the stylesheet file decides everything; drop ${flagged.map((o) => o.long).join(', ')}, or drop --stylesheet`);
        stylesheet = readStylesheetFile(String(opts.stylesheet));
      } else {
        ({ stylesheet, warnings: notes } = stylesheetFrom(opts));
      }
      const result = redefineDomain(virshOn(String(opts.connect)), domain, stylesheet);
      const text = unifiedDiff(
        { label: `${domain} (persistent definition before)`, text: result.before },
        { label: `${domain} (defined)`, text: result.after },
        { context: 3, colour: wantsColour(io.stdoutIsTTY, io.env) },
      );
      const outcome = result.defined
        ? `redefined ${domain}: NVRAM and TPM state are kept; the change applies at the next cold boot (shut down, then start; a reboot from inside the guest keeps the running definition)`
        : `${domain} already has what the stylesheet gives: nothing redefined`;
      report({ code: EXIT_OK, out: text, notes: [...notes, outcome] });
    });

  addHostCommand(program, report);

  return program;
}

/**
 * Runs the command line `argv` (without node and script) on `io` and resolves to the exit code. Never throws and
 * never exits the process: the bin sets process.exitCode.
 */
export async function run(argv: readonly string[], io: CliIo): Promise<number> {
  let outcome: Outcome | undefined;
  const program = buildProgram(io, (o) => {
    outcome = o;
  });
  try {
    await program.parseAsync([...argv], { from: 'user' });
  } catch (e) {
    if (e instanceof CommanderError) {
      // Help and --version (commander's exit code 0) have written to stdout; any other commander exit is a usage error.
      return e.exitCode === 0 ? EXIT_OK : EXIT_TROUBLE;
    }
    const message = e instanceof CliError ? e.message : `unexpected failure: ${e instanceof Error ? e.message : String(e)}`;
    io.err(`${PROGRAM_NAME}: ${oneLine(message)}\n`);
    return EXIT_TROUBLE;
  }
  if (!outcome) return EXIT_TROUBLE;
  for (const note of outcome.notes) io.err(`${PROGRAM_NAME}: ${note}\n`);
  io.out(outcome.out);
  return outcome.code;
}

