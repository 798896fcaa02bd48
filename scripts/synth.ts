/**
 * `npm run synth`: runs the app named in cdktf.json exactly as cdktf-cli's synth does (its `app` command, with
 * CDKTF_OUTDIR set), then prints the app's annotations the way cdktf-cli does. No terraform, cdktf-cli or network.
 */
import { spawnSync } from 'child_process';
import { readFileSync } from 'fs';
import * as path from 'path';
import { printAnnotations } from './annotations';

const ROOT = path.resolve(__dirname, '..');

function main(): number {
  const config = JSON.parse(readFileSync(path.join(ROOT, 'cdktf.json'), 'utf8')) as { app: string; output?: string };
  const outdir = path.resolve(ROOT, process.env.CDKTF_OUTDIR ?? config.output ?? 'cdktf.out');
  const app = spawnSync(config.app, { cwd: ROOT, shell: true, stdio: 'inherit', env: { ...process.env, CDKTF_OUTDIR: outdir } });
  if (app.status !== 0) return app.status ?? 1;
  return printAnnotations(path.join(outdir, 'manifest.json'));
}

process.exitCode = main();
