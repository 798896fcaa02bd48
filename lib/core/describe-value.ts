/** A short, printable rendering of a user value for error messages (megabyte strings stay one line). */
export function describeValue(value: unknown): string {
  let text: string;
  if (typeof value === 'string') text = JSON.stringify(value);
  else if (typeof value === 'number' || typeof value === 'boolean' || value === null || value === undefined) text = String(value);
  else if (typeof value === 'bigint') text = `${value}n`;
  else if (Array.isArray(value)) text = 'an array';
  else text = `a ${typeof value}`;
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}
