/**
 * `npm run test:go`: the library from Go. jsii-pacmak writes the Go module (npm run package's Go half), twin/go
 * builds against it with cdktf-go 0.21.0 from the Go module proxy (go.sum pins every module), and its synth must
 * equal the TypeScript twin's, byte for byte, for the same declarations and for 1000 VMs; a refused option must give
 * the same message. Without a Go toolchain it says so and passes, as the acceptance test does.
 *
 *   npm run test:go [-- --keep]
 */
import { strict as assert } from 'assert';
import { spawnSync } from 'child_process';
import * as path from 'path';
import { run, show } from '../acceptance/toolbox';
import { runCheckScript } from '../steps';
import { issueMessages } from './compare';
import { packageGo } from './package';
import { AppCommand, TWIN_DIR, assertSameSynth, compileTypescriptTwin, synthApp } from './twins';

const options = new Set(process.argv.slice(2));

if (spawnSync('go', ['version']).error) {
  console.log('Go test SKIPPED: no Go toolchain on PATH');
} else {
  runCheckScript('Go test', { tmpPrefix: 'libvirt-hyperv-go-', keep: options.has('--keep') }, (workdir, steps) => {
    const { step } = steps;
    packageGo(steps);

    const goApp: AppCommand = step('go build twin/go (cdktf-go 0.21.0, constructs-go, jsii-runtime-go; -mod=readonly)', () => {
      const binary = path.join(workdir, 'twin-go');
      run('go', ['build', '-mod=readonly', '-o', binary, '.'], { cwd: path.join(TWIN_DIR, 'go') });
      console.log(`  ${run('go', ['version'], { quiet: true }).stdout.trim()}`);
      return { language: 'Go', command: binary, args: [] };
    });
    const twin = compileTypescriptTwin(workdir);

    step('The declarations (a WindowsDomain per preset, Aspect-patched Domains): Go == TypeScript', () => {
      assertSameSynth(synthApp(goApp, path.join(workdir, 'go'), ['declarations']), synthApp(twin, path.join(workdir, 'ts'), ['declarations']));
    });

    step('1000 WindowsDomains: Go == TypeScript, and the synth times', () => {
      assertSameSynth(synthApp(goApp, path.join(workdir, 'go-scale'), ['scale'], { VMS: '1000' }), synthApp(twin, path.join(workdir, 'ts-scale'), ['scale'], { VMS: '1000' }));
    });

    step('A refused option (evmcs with hostCpuVendor amd): the same error text in Go and TypeScript', () => {
      const go = synthApp(goApp, path.join(workdir, 'go-error'), ['evmcs-amd'], {}, true);
      const ts = synthApp(twin, path.join(workdir, 'ts-error'), ['evmcs-amd'], {}, true);
      assert.notEqual(go.result.status, 0, 'the Go app should fail');
      const messages = issueMessages(go.result.stderr, 'EVMCS_AMD');
      assert.equal(messages.length, 1, `expected one HyperV-EVMCS_AMD message from Go:\n${go.result.stderr}`);
      assert.deepEqual(messages, issueMessages(ts.result.stderr, 'EVMCS_AMD'));
      const [first] = go.result.stderr.split('\n');
      show('Go\'s first line (a panic, as jsii-runtime-go reports every JavaScript error)', first);
      assert.equal(first, `panic: ${messages[0]}`);
    });
  });
}
