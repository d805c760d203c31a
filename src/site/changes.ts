// In-process notice that content changed (after the transaction committed), so this
// process's page cache lets go at once. Other processes notice through the content
// version in the database (see cache/page-cache.ts).
type Listener = () => void;

const listeners = new Set<Listener>();

export function onContentChange(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function notifyContentChange(): void {
  for (const l of listeners) l();
}
