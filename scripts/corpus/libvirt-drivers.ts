/**
 * libvirt itself, in batches: its test driver (`test:///default`, define + dumpxml) and its QEMU driver
 * (`qemu:///embed`, define --validate), both without a daemon. Many domains go through one virsh process (commands
 * separated by ';'), since starting virsh, and for the QEMU driver loading QEMU's capabilities, dominates the time.
 *
 * Every domain gets its own name and loses its uuid, so that any set of domains can be defined side by side.
 */
import { spawnSync } from 'child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { parseXml, serialize } from './compare';

/** One virsh argument stays well under Linux's 128 KiB limit for a single argument. */
const MAX_COMMAND_BYTES = 100_000;

/** `xml` with `/domain/name` set to `name`, no `/domain/uuid`, and (kvmAsQemu) type kvm turned into qemu. */
export function renamed(xml: string, name: string, kvmAsQemu = false): string | undefined {
  let doc: ReturnType<typeof parseXml>;
  try {
    doc = parseXml(xml);
  } catch {
    return undefined;
  }
  const domain = doc.documentElement!;
  if (domain.nodeName !== 'domain') return undefined;
  const elements = Array.from(domain.childNodes).filter((n) => n.nodeType === 1);
  for (const uuid of elements.filter((c) => c.nodeName === 'uuid')) domain.removeChild(uuid);
  const named = elements.find((c) => c.nodeName === 'name');
  const nameElement = doc.createElement('name');
  nameElement.appendChild((doc as unknown as { createTextNode(t: string): typeof nameElement }).createTextNode(name));
  if (named) domain.replaceChild(nameElement, named);
  else domain.appendChild(nameElement);
  if (kvmAsQemu && domain.getAttribute('type') === 'kvm') domain.setAttribute('type', 'qemu');
  return serialize(doc);
}

/** Runs virsh on `uri` with the commands, in as few processes as the argument limit allows; returns stdout of each. */
function virshBatches(uri: string, commands: readonly string[]): string[] {
  const outputs: string[] = [];
  let batch: string[] = [];
  let bytes = 0;
  const flush = () => {
    if (batch.length === 0) return;
    const r = spawnSync('virsh', ['-q', '-c', uri, batch.join(' ; ')], { encoding: 'utf8', maxBuffer: 1024 * 1024 * 1024 });
    if (r.error) throw new Error(`virsh could not run: ${r.error.message}; apt-get install -y libvirt-clients`);
    outputs.push(r.stdout);
    batch = [];
    bytes = 0;
  };
  for (const c of commands) {
    if (bytes + c.length + 3 > MAX_COMMAND_BYTES) flush();
    batch.push(c);
    bytes += c.length + 3;
  }
  flush();
  return outputs;
}

/** A folder in the system's temporary directory, removed after `use`. */
function withTempDir<T>(use: (dir: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), 'libvirt-hyperv-drivers-'));
  try {
    return use(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const MARK = '@@libvirt-hyperv@@';

/**
 * Defines each domain on the test driver and returns `virsh dumpxml` of it, or undefined where libvirt refused it
 * (or it is not a well-formed domain). The domains are renamed `lvh-N` first.
 */
export function testDriverDump(xmls: readonly string[]): Array<string | undefined> {
  return withTempDir((dir) => {
    const commands: string[] = [];
    xmls.forEach((xml, i) => {
      const prepared = renamed(xml, `lvh-${i}`);
      if (prepared === undefined) return;
      const file = join(dir, `${i}.xml`);
      writeFileSync(file, prepared);
      // Define and dump together, so that one batch boundary never separates them.
      commands.push(`echo ${MARK}${i} ; define ${file} ; dumpxml lvh-${i}`);
    });
    const result: Array<string | undefined> = xmls.map(() => undefined);
    for (const out of virshBatches('test:///default', commands)) {
      for (const chunk of out.split(`${MARK}`).slice(1)) {
        const index = Number(/^\d+/.exec(chunk)![0]);
        const at = chunk.indexOf('<domain');
        if (at >= 0) result[index] = chunk.slice(at);
      }
    }
    return result;
  });
}

/** An embedded QEMU driver in a temporary root, removed after `use`. */
function withQemuDriver<T>(use: (uri: string, root: string) => T): T {
  return withTempDir((root) => {
    mkdirSync(join(root, 'etc'), { recursive: true });
    // As root, libvirt would run QEMU as libvirt-qemu; the capabilities it probes then never match what it checks
    // later (/dev/kvm is root's), and it probes QEMU again for every domain: minutes instead of seconds.
    if (process.getuid?.() === 0) writeFileSync(join(root, 'etc', 'qemu.conf'), 'user = "root"\ngroup = "root"\n');
    return use(`qemu:///embed?root=${root}`, root);
  });
}

/**
 * Whether libvirt's QEMU driver accepts each domain (`virsh -c qemu:///embed?root=... define --validate`: its
 * parser, the RNG schema and qemu_validate.c against the installed QEMU's capabilities). A domain of type kvm is
 * defined as type qemu (TCG), so that the answer does not depend on the machine having a usable /dev/kvm; the
 * checks of the XML are the same for both types.
 */
export function qemuDriverAccepts(xmls: readonly string[]): boolean[] {
  return withQemuDriver((uri, root) => {
    const commands: string[] = [];
    const prepared = xmls.map((xml, i) => {
      const text = renamed(xml, `lvh-${i}`, true);
      if (text === undefined) return false;
      const file = join(root, `${i}.xml`);
      writeFileSync(file, text);
      commands.push(`define --validate ${file}`);
      return true;
    });
    virshBatches(uri, commands);
    const defined = new Set(virshBatches(uri, ['list --all --name']).join('\n').split('\n').map((l) => l.trim()));
    return xmls.map((_, i) => prepared[i] && defined.has(`lvh-${i}`));
  });
}

/** libvirt's QEMU driver's error for one domain ('' when it accepts it), to explain a refusal. */
export function qemuDriverError(xml: string): string {
  return withQemuDriver((uri, root) => {
    const text = renamed(xml, 'lvh-explain', true);
    if (text === undefined) return 'not a well-formed <domain>';
    const file = join(root, 'domain.xml');
    writeFileSync(file, text);
    const r = spawnSync('virsh', ['-q', '-c', uri, `define --validate ${file}`], { encoding: 'utf8' });
    return r.status === 0 ? '' : r.stderr.trim().split('\n').pop() ?? '';
  });
}
