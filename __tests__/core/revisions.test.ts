import { existsSync, readFileSync, readdirSync } from 'fs';
import { join } from 'path';
import {
  LATEST_STYLESHEET_REVISION,
  OLDEST_STYLESHEET_REVISION,
  STYLESHEET_REVISIONS,
  STYLESHEET_REVISION_CONTEXT_KEY,
  chooseStylesheetRevision,
  formatIssue,
  planOrThrow,
  renderStylesheetRevision,
  resolveOptions,
  revisionDirectory,
  shippedStylesheets,
} from '../../lib/core';

const XSLT_DIR = join(__dirname, '..', '..', 'xslt');
const golden = (relative: string) => readFileSync(join(XSLT_DIR, relative), 'utf8');

describe('stylesheet revisions', () => {
  const cases = STYLESHEET_REVISIONS.flatMap((revision) => shippedStylesheets().map((s) => [revision, s.file, s.preset] as const));

  test.each(cases)('revision %d renders xslt/revisions/<revision>/%s byte for byte (what pinned apps deploy)', (revision, file, preset) => {
    expect(renderStylesheetRevision(planOrThrow({ preset }).plan, revision)).toBe(golden(`${revisionDirectory(revision)}/${file}`));
  });

  test.each(shippedStylesheets().map((s) => [s.file] as const))('xslt/%s is the newest revision\'s file', (file) => {
    expect(golden(file)).toBe(golden(`${revisionDirectory(LATEST_STYLESHEET_REVISION)}/${file}`));
  });

  test('xslt/revisions/ holds exactly the supported revisions, each with every preset\'s file', () => {
    expect(readdirSync(join(XSLT_DIR, 'revisions')).map(Number).sort((a, b) => a - b)).toEqual([...STYLESHEET_REVISIONS]);
    for (const revision of STYLESHEET_REVISIONS) {
      expect(readdirSync(join(XSLT_DIR, revisionDirectory(revision))).sort()).toEqual(shippedStylesheets().map((s) => s.file).sort());
    }
    expect(existsSync(join(XSLT_DIR, revisionDirectory(LATEST_STYLESHEET_REVISION + 1)))).toBe(false);
  });

  test('revisions are whole numbers from 1, oldest first; the first release pins revision 1', () => {
    expect(STYLESHEET_REVISIONS[0]).toBe(1);
    expect(OLDEST_STYLESHEET_REVISION).toBe(STYLESHEET_REVISIONS[0]);
    expect(LATEST_STYLESHEET_REVISION).toBe(STYLESHEET_REVISIONS[STYLESHEET_REVISIONS.length - 1]);
  });

  test('an unsupported revision is refused by the renderer, naming the supported ones', () => {
    expect(() => renderStylesheetRevision(planOrThrow({}).plan, LATEST_STYLESHEET_REVISION + 1)).toThrow(/renders revision 1 \(newest 1\)/);
  });
});

describe('chooseStylesheetRevision', () => {
  test('the option wins over the context key', () => {
    expect(chooseStylesheetRevision(1, 99)).toEqual({ revision: 1, issues: [] });
  });

  test('the context key pins when the option is absent', () => {
    expect(chooseStylesheetRevision(undefined, LATEST_STYLESHEET_REVISION)).toEqual({ revision: LATEST_STYLESHEET_REVISION, issues: [] });
  });

  test('unpinned: the oldest supported revision, and a warning that says how to pin', () => {
    const choice = chooseStylesheetRevision(undefined, undefined);
    expect(choice.revision).toBe(OLDEST_STYLESHEET_REVISION);
    expect(choice.issues.map(formatIssue)).toEqual([
      expect.stringMatching(new RegExp(`^HyperV-STYLESHEET_REVISION_UNPINNED: stylesheetRevision: .*"context": \\{ "${STYLESHEET_REVISION_CONTEXT_KEY}": 1 \\}`)),
    ]);
    expect(choice.issues[0].level).toBe('warning');
  });

  test.each([[0], [2], [1.5], ['1'], [null], [Number.NaN]])('refuses %p, naming the field (option or context key)', (value) => {
    const fromOption = chooseStylesheetRevision(value, undefined);
    expect(fromOption.revision).toBeUndefined();
    expect(fromOption.issues.map(formatIssue)).toEqual([expect.stringMatching(/^HyperV-STYLESHEET_REVISION: stylesheetRevision: got .*; this version of libvirt-hyperv renders revision 1/)]);
    const fromContext = chooseStylesheetRevision(undefined, value);
    expect(fromContext.issues.map(formatIssue)).toEqual([expect.stringMatching(/^HyperV-STYLESHEET_REVISION: context 'libvirt-hyperv:stylesheetRevision': got /)]);
  });

  test('resolveOptions checks the option and hands it back', () => {
    expect(resolveOptions({ stylesheetRevision: 1 }).stylesheetRevision).toBe(1);
    const refused = resolveOptions({ stylesheetRevision: 7 });
    expect(refused.plan).toBeUndefined();
    expect(refused.issues.filter((i) => i.level === 'error').map((i) => [i.code, i.field])).toEqual([['STYLESHEET_REVISION', 'stylesheetRevision']]);
  });
});
