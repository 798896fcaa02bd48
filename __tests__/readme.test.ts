import { readFileSync } from 'fs';
import { README, updateReadme } from '../scripts/update-readme';

test('README.md carries the current generated feature table (npm run docs)', () => {
  const text = readFileSync(README, 'utf8');
  expect(text).toBe(updateReadme(text));
});
