/**
 * Fetches Debian's libvirt source package with apt into .cache/corpus/, without touching the system's apt state:
 * a private sources.list (the machine's own `deb` entries turned into `deb-src`), private lists and cache
 * directories, and the download into the cache folder. The system configuration (proxies, keys in
 * trusted.gpg.d) still applies, which is what makes it work wherever `apt-get install` works.
 *
 * By default it takes the source of the libvirt installed here (so the corpus matches the RNG schema in
 * /usr/share/libvirt/schemas), and the newest one the sources offer when that version is gone from the archive.
 */
import { spawnSync } from 'child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'fs';
import { join } from 'path';

export interface CorpusSource {
  /** The extracted source tree. */
  readonly dir: string;
  /** The Debian source version, e.g. 9.0.0-4+deb12u2. */
  readonly version: string;
  /** What happened: 'cached' or 'downloaded'. */
  readonly how: 'cached' | 'downloaded';
}

function run(command: string, args: string[], cwd?: string): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(command, args, { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.error) throw new Error(`could not run ${command}: ${r.error.message}`);
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function aptConfig(key: string, fallback: string): string {
  const r = spawnSync('apt-config', ['dump', key], { encoding: 'utf8' });
  const m = new RegExp(`^${key.replace(/:/g, '\\:')} "([^"]*)";$`, 'm').exec(r.stdout ?? '');
  return m ? m[1] : fallback;
}

/** One `deb` entry of the machine's sources, as a one-line `deb-src` entry (options such as signed-by kept). */
function oneLineEntries(text: string): string[] {
  const out: string[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.replace(/#.*$/, '').trim();
    const m = /^deb\s+(\[[^\]]*\]\s+)?(\S+)\s+(\S+)(.*)$/.exec(line);
    if (m) out.push(`deb-src ${m[1] ?? ''}${m[2]} ${m[3]}${m[4]}`.replace(/\s+/g, ' ').trim());
  }
  return out;
}

/** The same for deb822 `.sources` stanzas (Types, URIs, Suites, Components, Signed-By, Enabled). */
function deb822Entries(text: string): string[] {
  const out: string[] = [];
  for (const stanza of text.split(/\n\s*\n/)) {
    const fields = new Map<string, string>();
    let last = '';
    for (const raw of stanza.split('\n')) {
      if (/^\s*#/.test(raw)) continue;
      if (/^\s/.test(raw) && last) fields.set(last, `${fields.get(last)} ${raw.trim()}`);
      const m = /^([A-Za-z-]+):\s*(.*)$/.exec(raw);
      if (m) fields.set((last = m[1].toLowerCase()), m[2].trim());
    }
    if (!(fields.get('types') ?? '').split(/\s+/).includes('deb') || fields.get('enabled') === 'no') continue;
    const signedBy = fields.get('signed-by');
    // A keyring path can go into a one-line entry; an inline key block cannot, and trusted.gpg.d then applies.
    const options = signedBy && !signedBy.includes('BEGIN PGP') ? `[signed-by=${signedBy.split(/\s+/)[0]}] ` : '';
    for (const uri of (fields.get('uris') ?? '').split(/\s+/).filter(Boolean)) {
      for (const suite of (fields.get('suites') ?? '').split(/\s+/).filter(Boolean)) {
        out.push(`deb-src ${options}${uri} ${suite} ${fields.get('components') ?? ''}`.trim());
      }
    }
  }
  return out;
}

/** `deb-src` lines derived from the machine's enabled apt sources (sources.list, *.list, *.sources). */
export function derivedSourceLines(): string[] {
  const etc = join('/', aptConfig('Dir::Etc', 'etc/apt'));
  const list = join(etc, aptConfig('Dir::Etc::sourcelist', 'sources.list'));
  const parts = join(etc, aptConfig('Dir::Etc::sourceparts', 'sources.list.d'));
  const lines: string[] = [];
  if (existsSync(list)) lines.push(...oneLineEntries(readFileSync(list, 'utf8')));
  if (existsSync(parts)) {
    for (const f of readdirSync(parts).sort()) {
      if (f.endsWith('.list')) lines.push(...oneLineEntries(readFileSync(join(parts, f), 'utf8')));
      if (f.endsWith('.sources')) lines.push(...deb822Entries(readFileSync(join(parts, f), 'utf8')));
    }
  }
  return [...new Set(lines)];
}

/** The source version of the installed libvirt (libvirt0 ships the RNG schemas), or undefined. */
export function installedLibvirtSourceVersion(): string | undefined {
  const r = spawnSync('dpkg-query', ['-W', '-f', '${source:Version}', 'libvirt0'], { encoding: 'utf8' });
  return r.status === 0 && r.stdout.trim() ? r.stdout.trim() : undefined;
}

/**
 * Returns the extracted libvirt source under `cacheDir`, fetching it first unless a previous run left it there
 * (or `refresh` is set). Throws with apt's own words when it cannot.
 */
export function fetchLibvirtSource(cacheDir: string, options: { refresh?: boolean; log?: (line: string) => void } = {}): CorpusSource {
  const log = options.log ?? (() => undefined);
  const stamp = join(cacheDir, 'source.json');
  if (!options.refresh && existsSync(stamp)) {
    const cached = JSON.parse(readFileSync(stamp, 'utf8')) as { dir: string; version: string };
    if (existsSync(join(cached.dir, 'tests'))) return { ...cached, how: 'cached' };
  }

  const apt = join(cacheDir, 'apt');
  rmSync(apt, { recursive: true, force: true });
  for (const d of ['etc/sources.list.d', 'etc/preferences.d', 'lists/partial', 'cache/archives/partial']) mkdirSync(join(apt, d), { recursive: true });
  const lines = derivedSourceLines();
  if (lines.length === 0) throw new Error('no enabled `deb` entries in the apt sources of this machine, so no deb-src line can be derived');
  writeFileSync(join(apt, 'etc/sources.list'), `${lines.join('\n')}\n`);
  log(`apt sources (private): ${lines.join(' | ')}`);

  const aptOptions = [
    '-o', `Dir::Etc::SourceList=${join(apt, 'etc/sources.list')}`,
    '-o', `Dir::Etc::SourceParts=${join(apt, 'etc/sources.list.d')}`,
    '-o', `Dir::Etc::Preferences=${join(apt, 'etc/preferences')}`,
    '-o', `Dir::Etc::PreferencesParts=${join(apt, 'etc/preferences.d')}`,
    '-o', `Dir::State::Lists=${join(apt, 'lists')}`,
    '-o', `Dir::Cache=${join(apt, 'cache')}`,
    // The download lands in a root-owned folder the _apt sandbox user cannot write; say so instead of warning.
    ...(process.getuid?.() === 0 ? ['-o', 'APT::Sandbox::User=root'] : []),
  ];
  const update = run('apt-get', [...aptOptions, '-q', 'update']);
  // A third-party repository without sources makes update fail; only the outcome of `source` matters.
  if (update.status !== 0) log(`apt-get update (private) exited ${update.status}: ${update.stderr.trim().split('\n').slice(-3).join(' / ')}`);

  const download = join(cacheDir, 'download');
  rmSync(download, { recursive: true, force: true });
  mkdirSync(download, { recursive: true });
  const installed = installedLibvirtSourceVersion();
  const attempts = installed ? [`libvirt=${installed}`, 'libvirt'] : ['libvirt'];
  let fetched: string | undefined;
  let lastError = '';
  for (const spec of attempts) {
    const r = run('apt-get', [...aptOptions, '-q', 'source', '--download-only', spec], download);
    if (r.status === 0) {
      fetched = spec;
      break;
    }
    lastError = r.stderr.trim();
    log(`apt-get source ${spec} failed: ${lastError.split('\n').slice(-1)[0]}`);
  }
  if (!fetched) {
    throw new Error(`apt-get source --download-only libvirt failed: ${lastError}\n(apt-get update said: ${update.stderr.trim().slice(-500)})`);
  }
  const dsc = readdirSync(download).find((f) => /^libvirt_.*\.dsc$/.test(f));
  if (!dsc) throw new Error(`apt-get source left no libvirt .dsc in ${download}`);
  const version = dsc.replace(/^libvirt_/, '').replace(/\.dsc$/, '');

  const dir = join(cacheDir, `libvirt-${version}`);
  rmSync(dir, { recursive: true, force: true });
  if (spawnSync('sh', ['-c', 'command -v dpkg-source']).status === 0) {
    // dpkg-source is how `apt-get source` itself unpacks (upstream tarball plus Debian's patches); apt already
    // checked the files against the signed Sources index, so the .dsc signature check is skipped.
    const extract = run('dpkg-source', ['--no-check', '-x', dsc, dir], download);
    if (extract.status !== 0) throw new Error(`dpkg-source -x ${dsc} failed: ${extract.stderr.trim()}`);
  } else {
    // Without dpkg-dev: the upstream tarball alone (the test data is upstream's; Debian's patches are not applied).
    const orig = readdirSync(download).find((f) => /^libvirt_.*\.orig\.tar\.\w+$/.test(f));
    if (!orig) throw new Error(`no upstream tarball next to ${dsc}, and dpkg-source (package dpkg-dev) is not installed`);
    mkdirSync(dir, { recursive: true });
    const untar = run('tar', ['-xf', join(download, orig), '-C', dir, '--strip-components=1']);
    if (untar.status !== 0) throw new Error(`tar -xf ${orig} failed: ${untar.stderr.trim()}`);
    log(`dpkg-source not installed: unpacked ${orig} without Debian's patches`);
  }
  writeFileSync(stamp, `${JSON.stringify({ dir, version }, null, 2)}\n`);
  return { dir, version, how: 'downloaded' };
}
