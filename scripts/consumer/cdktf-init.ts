/**
 * A project as `cdktf init --template=typescript --local` leaves it, without running cdktf-cli's interactive init:
 * the template files of cdktf-cli 0.21.0 (node_modules/@cdktf/cli-core/templates/typescript) with its placeholders
 * filled, then what the template's post-install hook (.hooks.sscaff.js) installs: cdktf and constructs@10, and
 * @types/node, typescript, jest, @types/jest, ts-jest and ts-node as devDependencies. The hook takes the latest of
 * those; here they are pinned to this repo's versions, so the test does not change when a release appears.
 */
import { mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'fs';
import * as path from 'path';
import { run } from '../acceptance/toolbox';

const REPO_ROOT = path.resolve(__dirname, '..', '..');
export const CDKTF_TYPESCRIPT_TEMPLATE = path.join(REPO_ROOT, 'node_modules', '@cdktf', 'cli-core', 'templates', 'typescript');

/** The hook's files, which sscaff runs and does not copy. */
const NOT_COPIED = new Set(['.hooks.sscaff.js']);

/** sscaff's placeholders as cdktf init fills them for a local, non-interactive project. */
function fill(text: string, name: string): string {
  return text
    .replace(/\{\{ \$base \}\}/g, name)
    .replace(/\{\{projectId\}\}/g, `${name}-consumer-test`)
    .replace(/\{\{sendCrashReports\}\}/g, 'false')
    .replace(/\{\{futureFlags\}\}/g, '');
}

function copyTemplate(from: string, to: string, name: string, written: string[], relative = ''): void {
  mkdirSync(to, { recursive: true });
  for (const entry of readdirSync(from)) {
    if (NOT_COPIED.has(entry)) continue;
    const source = path.join(from, entry);
    const target = path.join(to, entry.replace(/^\{\{\}\}/, '')); // sscaff's marker for dotfiles: {{}}.gitignore
    if (statSync(source).isDirectory()) {
      copyTemplate(source, target, name, written, path.join(relative, entry));
    } else {
      writeFileSync(target, fill(readFileSync(source, 'utf8'), name));
      written.push(path.join(relative, path.basename(target)));
    }
  }
}

/** Writes the project into `dir` and installs its packages; returns the files written from the template. */
export function scaffoldCdktfApp(dir: string, name: string, versions: Readonly<Record<string, string>>): string[] {
  const written: string[] = [];
  copyTemplate(CDKTF_TYPESCRIPT_TEMPLATE, dir, name, written);
  const pinned = (names: readonly string[]) => names.map((n) => `${n}@${versions[n]}`);
  const flags = ['--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error'];
  const env = { ...process.env, NODE_ENV: 'development', npm_config_update_notifier: 'false' };
  run('npm', ['install', ...flags, ...pinned(['cdktf']), 'constructs@10'], { cwd: dir, env });
  run('npm', ['install', '-D', ...flags, ...pinned(['@types/node', 'typescript', 'jest', '@types/jest', 'ts-jest', 'ts-node'])], { cwd: dir, env });
  return written.sort();
}
