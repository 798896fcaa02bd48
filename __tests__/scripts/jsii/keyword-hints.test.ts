import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { HINTS_MODULE, addKeywordHints, generatedModules, hintCall, withHintCall } from '../../../scripts/jsii/keyword-hints';

const MODULE = ['import publication', '', '__all__ = ["HypervOptions"]', '', 'publication.publish()', '', '_SUBMODULES = {}', ''].join('\n');

describe('withHintCall', () => {
  test('puts the hint call just before publication.publish(), so that publish hides its import', () => {
    const lines = withHintCall(MODULE, 'libvirt_hyperv').split('\n');
    const publish = lines.indexOf('publication.publish()');
    expect(lines.slice(publish - 2, publish)).toEqual(['from libvirt_hyperv._keyword_hints import add_keyword_hints as _add_keyword_hints', '_add_keyword_hints(globals())']);
    expect(lines.filter((line) => line === 'publication.publish()')).toHaveLength(1);
  });

  test('is idempotent', () => {
    const once = withHintCall(MODULE, 'libvirt_hyperv');
    expect(withHintCall(once, 'libvirt_hyperv')).toBe(once);
  });

  test('refuses a module without exactly one publish line (a pacmak layout it does not know)', () => {
    expect(() => withHintCall('import jsii\n', 'libvirt_hyperv', 'x/__init__.py')).toThrow(
      "x/__init__.py: expected one 'publication.publish()' line from jsii-pacmak, found 0; the keyword hints cannot be added",
    );
    expect(() => withHintCall(`${MODULE}publication.publish()\n`, 'libvirt_hyperv')).toThrow(/found 2/);
  });
});

test('addKeywordHints copies the hints module and calls it from every generated module but jsii\'s loader', () => {
  const src = mkdtempSync(join(tmpdir(), 'keyword-hints-'));
  try {
    for (const dir of ['pkg', 'pkg/_jsii', 'pkg/libvirt', 'pkg/libvirt/domain']) mkdirSync(join(src, dir));
    for (const dir of ['pkg', 'pkg/libvirt', 'pkg/libvirt/domain']) writeFileSync(join(src, dir, '__init__.py'), MODULE);
    writeFileSync(join(src, 'pkg/_jsii/__init__.py'), 'import jsii\n');

    const changed = addKeywordHints(src, 'pkg');

    expect(changed).toEqual(generatedModules(join(src, 'pkg')));
    expect(changed.map((file) => file.slice(src.length))).toEqual(['/pkg/__init__.py', '/pkg/libvirt/__init__.py', '/pkg/libvirt/domain/__init__.py']);
    for (const file of changed) expect(readFileSync(file, 'utf8')).toContain(hintCall('pkg'));
    expect(readFileSync(join(src, 'pkg/_jsii/__init__.py'), 'utf8')).toBe('import jsii\n');
    expect(readFileSync(join(src, 'pkg', `${HINTS_MODULE}.py`), 'utf8')).toBe(readFileSync(join(__dirname, '../../../scripts/jsii/keyword_hints.py'), 'utf8'));
  } finally {
    rmSync(src, { recursive: true, force: true });
  }
});
