/** `stimerDirect` → `stimer-direct`, `spinlockRetries` → `spinlock-retries`: how an option or feature is a CLI flag. */
export function kebab(id: string): string {
  return id.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}
