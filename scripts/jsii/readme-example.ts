/** The README's Python example: the ```python blocks of its "Use it from Python" section, run by test:python. */
export const PYTHON_SECTION = '## Use it from Python';

export function readmePythonExample(readme: string): string {
  const start = readme.indexOf(`\n${PYTHON_SECTION}\n`);
  if (start < 0) throw new Error(`README.md has no '${PYTHON_SECTION}' section`);
  const next = readme.indexOf('\n## ', start + 1);
  const section = readme.slice(start, next < 0 ? undefined : next);
  const blocks = [...section.matchAll(/```python\n([\s\S]*?)```/g)].map((match) => match[1]);
  if (blocks.length === 0) throw new Error(`README.md's '${PYTHON_SECTION}' section has no \`\`\`python block`);
  return blocks.join('\n');
}
