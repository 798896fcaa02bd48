import * as ts from 'typescript';
import { readFileSync, writeFileSync } from 'fs';
const HYPERV = ['preset','enlightenments','mode','spinlockRetries','vendorIdValue','clockOffset','hostCpuVendor','libvirtVersion','stylesheetRevision','host'];
const STATE = ['allowNvramAndTpmLoss','ignoreStylesheetChanges'];
for (const file of process.argv.slice(2)) {
  const text = readFileSync(file, 'utf8');
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, true);
  const edits: { start: number; end: number; text: string }[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isNewExpression(node) && node.expression.getText(sf) === 'WindowsDomain' && node.arguments && node.arguments.length >= 3) {
      const arg = node.arguments[2];
      if (!ts.isObjectLiteralExpression(arg)) { console.log(`MANUAL ${file}:${sf.getLineAndCharacterOfPosition(arg.getStart()).line + 1} non-literal`); }
      else {
        const dom: string[] = [], hv: string[] = [], st: string[] = [];
        let spread = false;
        for (const p of arg.properties) {
          const t = p.getText(sf);
          if (ts.isSpreadAssignment(p)) { spread = true; dom.push(t); continue; }
          const name = p.name ? p.name.getText(sf).replace(/['"]/g, '') : '';
          if (HYPERV.includes(name)) hv.push(t); else if (STATE.includes(name)) st.push(t); else dom.push(t);
        }
        if (spread) console.log(`CHECK ${file}:${sf.getLineAndCharacterOfPosition(arg.getStart()).line + 1} spread`);
        const multi = arg.getText(sf).includes('\n');
        let out: string;
        if (!multi) {
          const parts = [`domain: { ${dom.join(', ')} }`, ...(hv.length ? [`hyperv: { ${hv.join(', ')} }`] : []), ...st];
          out = `{ ${parts.join(', ')} }`;
        } else {
          const line = sf.getLineAndCharacterOfPosition(arg.properties[0].getStart()).character;
          const ind = ' '.repeat(line);
          const ind0 = ' '.repeat(Math.max(0, line - 2));
          const parts = [`domain: {\n${dom.map((d) => `${ind}  ${d},`).join('\n')}\n${ind}}`, ...(hv.length ? [`hyperv: { ${hv.join(', ')} }`] : []), ...st];
          out = `{\n${parts.map((p) => `${ind}${p},`).join('\n')}\n${ind0}}`;
        }
        edits.push({ start: arg.getStart(sf), end: arg.getEnd(), text: out });
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  let result = text;
  for (const e of edits.sort((a, b) => b.start - a.start)) result = result.slice(0, e.start) + e.text + result.slice(e.end);
  if (edits.length) { writeFileSync(file, result); console.log(`${file}: ${edits.length}`); }
}
