// Logging for code that runs in k6: k6 provides `console` (k6.md §5), which @types/k6 does not declare.
// Only ids and counts are ever logged here, never bodies or headers (they may hold keys or sessions).
declare const console: { warn(message: string): void; log(message: string): void };

export function warn(message: string): void {
  console.warn(message);
}

export function info(message: string): void {
  console.log(message);
}
