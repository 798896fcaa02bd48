import { ISSUE_CODES, IssueCodeSpec } from './issue-codes';

const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
const row = (c: IssueCodeSpec) => line([`\`${c.code}\``, c.levels.join(' or '), c.raisedBy, c.meaning]);

/**
 * The README's tables of message codes, rendered from the code table: `validation` lists the codes of the options,
 * rules, revisions and constructs (and points at the host codes); `host` lists the host profiles' codes.
 */
export function renderCodeTable(table: IssueCodeSpec['table']): string {
  const header = ['code', 'level', 'raised by', 'when'];
  const rows = ISSUE_CODES.filter((c) => c.table === table).map(row);
  if (table === 'validation') {
    const levels = [...new Set(ISSUE_CODES.filter((c) => c.table === 'host').flatMap((c) => c.levels))];
    rows.push(line(['`HOST_*`', levels.join(' or '), 'host checks', 'what a host in the `host` option would refuse at start: see "Know the host" below']));
  }
  return [line(header), line(header.map(() => '---')), ...rows].join('\n');
}
