import { annotationsOf, domainStylesheets, firstDifference, issueMessages, manifestWithoutStacktraces } from '../../../scripts/jsii/compare';

const manifest = (stacktrace: string[]): string =>
  JSON.stringify({
    version: '0.21.0',
    stacks: { twin: { name: 'twin', annotations: [{ constructPath: 'twin/dc01', level: '@cdktf/warn', message: 'HyperV-EVMCS_VENDOR_UNKNOWN: x', stacktrace }] } },
  });

test('annotations compare without their stack traces (language runtime frames)', () => {
  const py = manifest(['Kernel._Kernel_create (/tmp/jsii-kernel-x/program.js:1:1)']);
  const ts = manifest(['new Declarations (app.ts:19:5)']);
  expect(annotationsOf(py, 'twin')).toEqual([{ constructPath: 'twin/dc01', level: '@cdktf/warn', message: 'HyperV-EVMCS_VENDOR_UNKNOWN: x' }]);
  expect(firstDifference(manifestWithoutStacktraces(py), manifestWithoutStacktraces(ts))).toBeUndefined();
  expect(firstDifference(JSON.parse(py), JSON.parse(ts))).toBe('$.stacks.twin.annotations.0.stacktrace.0');
  expect(() => annotationsOf(py, 'other')).toThrow("manifest.json has no stack 'other' (it has: twin)");
});

test('firstDifference names the first differing path, keys in sorted order', () => {
  expect(firstDifference({ a: 1, b: [1, 2] }, { a: 1, b: [1, 2] })).toBeUndefined();
  expect(firstDifference({ a: 1, b: [1, 2] }, { a: 1, b: [1, 3] })).toBe('$.b.1');
  expect(firstDifference({ a: 1 }, { a: 1, c: 2 })).toBe('$.c');
  expect(firstDifference({ a: null }, { a: {} })).toBe('$.a');
  expect(firstDifference([1], { 0: 1 })).toBe('$');
});

test('domainStylesheets maps each libvirt_domain name to its xml.xslt', () => {
  const tf = JSON.stringify({ resource: { libvirt_domain: { a: { name: 'dc01', xml: { xslt: '<xsl/>' } }, b: { name: 'app01' } } } });
  expect([...domainStylesheets(tf)]).toEqual([
    ['dc01', '<xsl/>'],
    ['app01', undefined],
  ]);
  expect(domainStylesheets('{}').size).toBe(0);
});

test('issueMessages finds the same message in Node\'s and Python\'s output', () => {
  const message = "[twin/dc01] HyperV-EVMCS_AMD: enlightenments.evmcs: evmcs runs on intel hosts only and hostCpuVendor is 'amd'";
  const node = `/repo/lib/x.js:88\n    throw new Error(...)\n\nError: ${message}\n    at WindowsDomain.build (x.js:1:1)\n`;
  const python = `jsii.errors.JavaScriptError: \n  Error: ${message}\n      at WindowsDomain.build (x.js:1:1)\n\nTraceback (most recent call last):\nRuntimeError: ${message}\n`;
  expect(issueMessages(node, 'EVMCS_AMD')).toEqual([message]);
  expect(issueMessages(python, 'EVMCS_AMD')).toEqual([message]);
  expect(issueMessages('HyperV-EVMCS_AMD: unscoped', 'EVMCS_AMD')).toEqual(['HyperV-EVMCS_AMD: unscoped']);
  expect(issueMessages(python, 'DEPENDENCY')).toEqual([]);
});
