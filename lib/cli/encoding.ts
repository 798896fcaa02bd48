/**
 * Turns the bytes of a domain XML file into text the way libvirt does. Measured with libvirt 9.0 (`virsh -c
 * test:///default define`): libvirt reads the bytes as UTF-8 whatever the XML declaration names (a file declared
 * ISO-8859-1 that holds UTF-8, as `iconv -t UTF-8` leaves it, is defined; the ISO-8859-1 original is refused with
 * "Input is not proper UTF-8"), refuses UTF-16 (it takes a C string), accepts a UTF-8 byte order mark, and refuses
 * a declaration naming an encoding libxml2 does not know ("Unsupported encoding X"). xsltproc, by contrast, honours
 * the declaration; the engines therefore get the root element alone (lib/cli/input.ts), as UTF-8 without one.
 */
import { CliError } from './errors';

const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/** Byte patterns of wider encodings at the start of a file: byte order marks, or `<` followed by NUL. */
function wideEncoding(bytes: Buffer): string | undefined {
  const starts = (...b: number[]) => b.every((x, i) => bytes[i] === x);
  if (starts(0x00, 0x00, 0xfe, 0xff) || starts(0xff, 0xfe, 0x00, 0x00) || starts(0x3c, 0x00, 0x00, 0x00) || starts(0x00, 0x00, 0x00, 0x3c)) return 'UTF-32';
  if (starts(0xfe, 0xff) || starts(0x00, 0x3c)) return 'UTF-16BE';
  if (starts(0xff, 0xfe) || starts(0x3c, 0x00)) return 'UTF-16LE';
  return undefined;
}

/** The encoding an XML declaration at the start of `head` names, if any. */
export function declaredEncoding(head: string): string | undefined {
  return /^<\?xml\s[^?]*?\bencoding\s*=\s*(?:"([^"]*)"|'([^']*)')/.exec(head)?.slice(1).find((x) => x !== undefined);
}

/** Whether Node knows the encoding called `label` (libxml2 knows these names too, through its own tables or iconv). */
function knownEncoding(label: string): boolean {
  try {
    new TextDecoder(label);
    return true;
  } catch {
    return /^(ucs-?[24]|utf-?32(be|le)?|iso-?10646-ucs-[24])$/i.test(label);
  }
}

/** Line and column of byte `offset`, for messages. */
function positionOf(bytes: Buffer, offset: number): string {
  const before = bytes.subarray(0, offset);
  const line = before.filter((b) => b === 0x0a).length + 1;
  return `line ${line}, byte 0x${bytes[offset].toString(16).toUpperCase().padStart(2, '0')}`;
}

/** Offset of the first byte that is not part of a valid UTF-8 sequence (bytes.length when there is none). */
function firstInvalidUtf8(bytes: Buffer): number {
  for (let i = 0; i < bytes.length; ) {
    const b = bytes[i];
    const length = b < 0x80 ? 1 : b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
    if (length === 0) return i;
    // Exactly the sequence, decoded on its own: overlong forms and surrogates fail here too.
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(i, i + length));
    } catch {
      return i;
    }
    i += length;
  }
  return bytes.length;
}

const convertAdvice = (name: string, from: string) =>
  `convert it with: iconv -f ${from} -t UTF-8 ${name === 'stdin' ? '' : `${name} `}> domain-utf8.xml (libvirt reads domain XML as UTF-8 whatever the declaration says)`;

/** Decodes `bytes` as libvirt reads them, or throws one line naming the problem and a fix that works. */
export function decodeDomainBytes(bytes: Buffer, name: string): string {
  const wide = wideEncoding(bytes);
  if (wide) throw new CliError(`${name} is ${wide} text, which libvirt refuses; ${convertAdvice(name, wide)}`);
  const body = bytes.subarray(0, 3).equals(UTF8_BOM) ? bytes.subarray(3) : bytes;
  const declared = declaredEncoding(body.subarray(0, 200).toString('latin1'));
  if (declared !== undefined && !knownEncoding(declared)) {
    throw new CliError(
      `${name}: the XML declaration names encoding ${JSON.stringify(declared)}, which this tool does not know and libvirt's parser (libxml2) refuses unless its iconv has it ("Unsupported encoding"); convert the file to UTF-8 and write encoding="UTF-8" in the declaration (or remove the declaration)`,
    );
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(body);
  } catch {
    const from = declared !== undefined && !/^utf-?8$/i.test(declared) ? declared : 'ISO-8859-1';
    const guess = declared !== undefined && !/^utf-?8$/i.test(declared) ? '' : ' (if it is not ISO-8859-1, name its encoding after -f)';
    throw new CliError(`${name} is not UTF-8 text (${positionOf(body, firstInvalidUtf8(body))}); ${convertAdvice(name, from)}${guess}`);
  }
}
