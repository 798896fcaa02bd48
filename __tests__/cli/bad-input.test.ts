import { mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { HypervPreset } from '../../lib/core';
import { XXE, cli, fixture, readFixture } from './helpers';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'libvirt-hyperv-cli-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, content: string | Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

const LAUGHS = `<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<domain type="kvm"><name>&lol9;</name></domain>
`;

/** [what, file contents or a path maker, the problem the one line must name] */
const BAD_FILES: ReadonlyArray<readonly [string, () => string, RegExp]> = [
  ['malformed XML (unclosed tag)', () => file('unclosed.xml', '<domain type="kvm"><name>x</name>'), /unclosed\.xml:1:\d+: unclosed tag: domain$/],
  ['malformed XML (mismatched tags)', () => file('mismatch.xml', '<domain><name>x</nam></domain>'), /mismatch\.xml:1:\d+: unexpected close tag/],
  ['malformed XML (bare &)', () => file('amp.xml', '<domain><name>a & b</name></domain>'), /amp\.xml:1:\d+: /],
  ['text after the root', () => file('trailing.xml', '<domain/>junk'), /trailing\.xml:1:\d+: text data outside of root node/],
  ['two root elements', () => file('two.xml', '<domain/><domain/>'), /two\.xml:1:\d+: /],
  ['a root other than <domain>', () => file('network.xml', '<network><name>default</name></network>'), /the root element is <network>, expected <domain>/],
  ['a namespaced <domain>', () => file('ns.xml', '<domain xmlns="http://example.com/"/>'), /the root element is <domain> in namespace http:\/\/example\.com\/, expected <domain>/],
  ['an empty file', () => file('empty.xml', ''), /empty\.xml is empty; expected a libvirt domain XML/],
  ['a file of blanks', () => file('blank.xml', ' \n\t\n'), /blank\.xml is empty; expected a libvirt domain XML/],
  ['a path that does not exist', () => join(dir, 'missing.xml'), /cannot read .*missing\.xml: no such file$/],
  ['a directory', () => dir, /cannot read .*: is a directory$/],
  ['a path through a file', () => join(file('plain.txt', 'x'), 'domain.xml'), /cannot read .*plain\.txt\/domain\.xml: /],
  ['a DOCTYPE with an external entity', () => file('xxe.xml', XXE), /xxe\.xml:2:\d+: a DOCTYPE is not allowed: .*remove the <!DOCTYPE \.\.\.> declaration$/],
  ['a DOCTYPE with nested entities (billion laughs)', () => file('laughs.xml', LAUGHS), /laughs\.xml:\d+:\d+: a DOCTYPE is not allowed/],
  ['a DOCTYPE without entities', () => file('doctype.xml', '<!DOCTYPE domain>\n<domain/>'), /doctype\.xml:1:\d+: a DOCTYPE is not allowed/],
  ['bytes that are not UTF-8', () => file('latin1.xml', Buffer.from('<domain><name>caf\xe9</name></domain>', 'latin1')), /latin1\.xml is not UTF-8 text \(line 1, byte 0xE9\); convert it with: iconv -f ISO-8859-1 -t UTF-8 \S*latin1\.xml > domain-utf8\.xml /],
  [
    'ISO-8859-1 bytes under their declaration (libvirt reads UTF-8 whatever the declaration says)',
    () => file('declared.xml', Buffer.from('<?xml version="1.0" encoding="ISO-8859-1"?>\n<domain><name>caf\xe9</name></domain>', 'latin1')),
    /declared\.xml is not UTF-8 text \(line 2, byte 0xE9\); convert it with: iconv -f ISO-8859-1 -t UTF-8 /,
  ],
  ['UTF-16 with a byte order mark', () => file('utf16.xml', Buffer.from('\ufeff<domain/>', 'utf16le')), /utf16\.xml is UTF-16LE text, which libvirt refuses; convert it with: iconv -f UTF-16LE -t UTF-8 /],
  ['an encoding libxml2 does not know', () => file('ebcdic.xml', '<?xml version="1.0" encoding="EBCDIC-XYZ"?><domain/>'), /names encoding "EBCDIC-XYZ", which this tool does not know and libvirt's parser \(libxml2\) refuses unless its iconv has it \("Unsupported encoding"\); .*encoding="UTF-8"/],
  ['elements nested 258 deep (libxml2 refuses more than 257)', () => file('deep.xml', `<domain>${'<m>'.repeat(257)}${'</m>'.repeat(257)}</domain>`), /deep\.xml:1:\d+: elements nested more than 257 deep, which xsltproc and libvirt refuse \("Excessive depth in document"/],
  ['a name over 50,000 bytes', () => file('name.xml', `<domain><${'n'.repeat(50001)}/></domain>`), /name\.xml:1:\d+: a name longer than 50000 bytes, which xsltproc and libvirt refuse \("Name too long"/],
];

function expectOneLine(result: { code: number; out: string; err: string }, problem: RegExp): void {
  expect(result.code).toBe(2);
  expect(result.out).toBe('');
  expect(result.err).toMatch(/^libvirt-hyperv: [^\n]+\n$/);
  expect(result.err.trimEnd()).toMatch(problem);
  expect(result.err).not.toMatch(/\bat .*\.(js|ts):\d+/); // no stack trace
}

describe.each(['apply', 'diff'])('libvirt-hyperv %s on bad input: exit 2, one line, nothing on stdout', (command) => {
  test.each(BAD_FILES.map(([what, path, problem]) => [what, path, problem] as const))('%s', async (_what, path, problem) => {
    for (const engine of ['xsltproc', 'in-process']) {
      expectOneLine(await cli([command, '--host-cpu-vendor', 'intel', '--engine', engine, path()]), problem);
    }
  });

  test('the same through standard input', async () => {
    expectOneLine(await cli([command, '-'], { stdin: XXE }), /^libvirt-hyperv: stdin:2:\d+: a DOCTYPE is not allowed/);
    expectOneLine(await cli([command, '-'], { stdin: '' }), /^libvirt-hyperv: stdin is empty/);
    expectOneLine(await cli([command, '-'], { stdin: '<domain>' }), /^libvirt-hyperv: stdin:1:\d+: unclosed tag: domain/);
  });
});

/** [argv after the command, the problem] for option values; checked on each command that takes them. */
const BAD_OPTIONS: ReadonlyArray<readonly [readonly string[], RegExp]> = [
  [['--stimer-direct', 'maybe'], /HyperV-INVALID_OPTION: --stimer-direct: got "maybe"; use one of 'on', 'off', 'omit'$/],
  [['--preset', 'win2022'], new RegExp(`HyperV-INVALID_OPTION: --preset: unknown preset "win2022"; use one of ${HypervPreset.all().map((p) => `'${p.name}'`).join(', ')}$`)],
  [['--preset', 'windws11'], /HyperV-INVALID_OPTION: --preset: unknown preset "windws11"; did you mean 'windows11'\?; use one of /],
  [['--spinlock-retries', '100'], /HyperV-RETRIES_RANGE: --spinlock-retries: must be an integer from 4095/],
  [['--spinlock-retries', 'lots'], /HyperV-RETRIES_RANGE: --spinlock-retries: .*got "lots"/],
  [['--vendor-id-value', 'a,b'], /HyperV-VENDOR_ID: --vendor-id-value: must not contain a comma/],
  [['--vendor-id-value', 'ThirteenBytes'], /HyperV-VENDOR_ID: --vendor-id-value: must be at most 12 bytes/],
  [['--clock-offset', 'gmt'], /HyperV-INVALID_OPTION: --clock-offset: got "gmt"; use one of 'localtime', 'utc', 'keep'$/],
  [['--host-cpu-vendor', 'arm'], /HyperV-INVALID_OPTION: --host-cpu-vendor: got "arm"; use one of 'intel', 'amd', 'unknown'$/],
  [['--mode', 'auto'], /HyperV-INVALID_OPTION: --mode: got "auto"; use one of 'custom', 'passthrough'$/],
  [['--libvirt-version', 'latest'], /HyperV-INVALID_OPTION: --libvirt-version: expected a version such as '9.0.0'/],
  [['--libvirt-version', '5.0.0'], /HyperV-LIBVIRT_TOO_OLD: --stimer-direct: stimerDirect needs libvirt 5\.7\.0 or later, but --libvirt-version is 5\.0\.0; set --stimer-direct to 'omit', or raise --libvirt-version$/],
  [['--host-cpu-vendor', 'amd'], /HyperV-EVMCS_AMD: --evmcs: .*set --evmcs to 'omit', or use --preset migration-safe$/],
  [['--vapic', 'off'], /HyperV-DEPENDENCY: --evmcs: evmcs requires vapic .*set --vapic to 'on'/],
  [['--stimer-drect', 'on'], /unknown option '--stimer-drect' \(Did you mean --stimer-direct\?\)$/],
  [['--evmsc', 'on'], /unknown option '--evmsc' \(Did you mean --evmcs\?\)$/],
  [['--xyzzy', 'on'], /unknown option '--xyzzy'$/],
];

describe.each([['stylesheet'], ['apply'], ['diff']])('libvirt-hyperv %s with an invalid option value: exit 2, one line', (command) => {
  const operand = command === 'stylesheet' ? [] : [fixture('input-b-windows.xml')];
  test.each(BAD_OPTIONS.map(([argv, problem]) => [argv.join(' '), argv, problem] as const))('%s', async (_name, argv, problem) => {
    expectOneLine(await cli([command, ...argv, ...operand]), problem);
  });
});

describe('usage errors: exit 2, one line', () => {
  test.each([
    [['diff'], /missing required argument 'FILE\|-'$/],
    [['apply'], /missing required argument 'FILE\|-'$/],
    [['apply', '--engine', 'saxon', fixture('input-a-minimal.xml')], /option '--engine <name>' argument 'saxon' is invalid\. Allowed choices are auto, xsltproc, in-process\.$/],
    [['diff', '-U', 'many', fixture('input-a-minimal.xml')], /argument 'many' is invalid\. expected a whole number of context lines/],
    [['stylesheet', 'extra.xml'], /too many arguments for 'stylesheet'/],
    [['render'], /unknown command 'render'/],
  ] as const)('%j', async (argv, problem) => {
    expectOneLine(await cli(argv), problem);
  });

  test('the option error wins over a bad file: options are checked first', async () => {
    expectOneLine(await cli(['diff', '--preset', 'nope', join(dir, 'missing.xml')]), /--preset: unknown preset/);
  });

  test('a good file after bad ones still works (no state carried between runs)', async () => {
    const result = await cli(['apply', '--host-cpu-vendor', 'intel', '-'], { stdin: readFixture('input-a-minimal.xml') });
    expect(result.code).toBe(0);
  });
});
