import { readFileSync, readdirSync, statSync } from 'fs';
import { join } from 'path';
import { ISSUE_CODES, issueCodeSpec, issueOf, renderCodeTable } from '../../lib/core';

const LIB = join(__dirname, '..', '..', 'lib');

/** The TypeScript sources of lib/, generated bindings and the generated types aside. */
function sources(dir = LIB): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'generated' ? [] : sources(path);
    return path.endsWith('.ts') ? [readFileSync(path, 'utf8')] : [];
  });
}

describe('message code table', () => {
  test('codes are unique, each has a level, a meaning and a part that raises it', () => {
    const codes = ISSUE_CODES.map((c) => c.code);
    expect(new Set(codes).size).toBe(codes.length);
    for (const c of ISSUE_CODES) {
      expect(c.code).toMatch(/^[A-Z][A-Z0-9_]*$/);
      expect(c.levels.length).toBeGreaterThan(0);
      expect(c.meaning).not.toBe('');
      expect(c.raisedBy).not.toBe('');
    }
  });

  test('every code in the table is raised somewhere in lib/, and no message spells HyperV-<CODE> by hand', () => {
    const text = sources().join('\n');
    for (const c of ISSUE_CODES) expect([c.code, text.includes(`'${c.code}'`)]).toEqual([c.code, true]);
    const code = text.split('\n').filter((line) => !/^\s*(\*|\/\/|\/\*\*)/.test(line));
    expect(code.filter((line) => /['"]HyperV-[A-Z]|`HyperV-[A-Z_]+: /.test(line))).toEqual([]);
  });

  test('issueOf takes the level from the table and refuses one the table does not allow', () => {
    expect(issueOf('EXISTING_XSLT', 'xml.xslt', 'm')).toEqual({ code: 'EXISTING_XSLT', level: 'warning', field: 'xml.xslt', message: 'm' });
    expect(issueOf('HOST_NO_KVM', 'type', 'm', 'warning').level).toBe('warning');
    expect(() => issueOf('DEPENDENCY', 'x', 'm', 'warning')).toThrow(/DEPENDENCY is not raised at level warning/);
    expect(() => issueCodeSpec('NOPE')).toThrow(/not in ISSUE_CODES/);
  });

  test('the README tables list every code once', () => {
    const tables = renderCodeTable('validation') + renderCodeTable('host');
    for (const c of ISSUE_CODES) expect(tables.split(`| \`${c.code}\` |`)).toHaveLength(2);
  });
});
