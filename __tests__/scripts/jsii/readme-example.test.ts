import { readFileSync } from 'fs';
import { join } from 'path';
import { readmePythonExample } from '../../../scripts/jsii/readme-example';

test('the example is the ```python blocks of the "Use it from Python" section only', () => {
  const readme = ['# x', '```python', 'elsewhere()', '```', '## Use it from Python', '```sh', 'pip install x', '```', '```python', 'a = 1', '```', 'text', '```python', 'b = 2', '```', '## Next', '```python', 'not_this()', '```', ''].join('\n');
  expect(readmePythonExample(readme)).toBe('a = 1\n\nb = 2\n');
});

test('a README without the section, or without a python block in it, is an error', () => {
  expect(() => readmePythonExample('# x\n')).toThrow("README.md has no '## Use it from Python' section");
  expect(() => readmePythonExample('# x\n## Use it from Python\ntext\n## Next\n')).toThrow(/has no ```python block/);
});

test('the README\'s example is an app of the installed package that synthesizes', () => {
  const example = readmePythonExample(readFileSync(join(__dirname, '../../../README.md'), 'utf8'));
  expect(example).toMatch(/^from libvirt_hyperv import /m);
  expect(example).toContain('app.synth()');
});
