// Checks that a built bundle can run in k6: it may import only k6's own modules and the pinned
// k6-jslib-summary URL, and it may use only the globals k6's runtime (Sobek) provides.
// Facts: ../shared/reference/k6.md §5 (what Sobek supports and lacks).
import { runInNewContext } from 'node:vm';
import { type Node, parse } from 'acorn';
import detectGlobals from 'acorn-globals';
import { simple } from 'acorn-walk';

export const ALLOWED_REMOTE_IMPORTS = ['https://jslib.k6.io/k6-summary/0.1.0/index.js'] as const;

/** Globals k6 adds to ECMAScript (docs "Execution context variables", "Init context", k6.md §5). */
const K6_GLOBALS = [
  'console',
  '__ENV',
  '__VU',
  '__ITER',
  'open',
  'crypto',
  'setTimeout',
  'clearTimeout',
  'setInterval',
  'clearInterval',
  'globalThis',
];

/** ECMAScript built-ins that V8 has and Sobek does not (Sobek tc39 skip list, k6.md §5). */
const MISSING_IN_SOBEK = new Set([
  'SharedArrayBuffer',
  'Atomics',
  'WeakRef',
  'FinalizationRegistry',
  'Float16Array',
  'WebAssembly',
  'Iterator',
  'AsyncIterator',
]);

/** The ECMAScript built-ins of a bare V8 context, less those Sobek lacks, plus k6's own globals. */
function allowedGlobals(): Set<string> {
  const bare = runInNewContext('Object.getOwnPropertyNames(globalThis)') as string[];
  return new Set([...bare.filter((name) => !MISSING_IN_SOBEK.has(name)), ...K6_GLOBALS]);
}

export interface Violation {
  kind: 'import' | 'global';
  name: string;
  /** 1-based line in the bundle. */
  line: number;
}

function isAllowedImport(source: string): boolean {
  return (
    source === 'k6' ||
    source.startsWith('k6/') ||
    (ALLOWED_REMOTE_IMPORTS as readonly string[]).includes(source)
  );
}

function lineOf(source: string, offset: number): number {
  return source.slice(0, offset).split('\n').length;
}

/** Every import and global reference in `source` that k6 could not satisfy. */
export function checkBundle(source: string): Violation[] {
  const program = parse(source, { ecmaVersion: 'latest', sourceType: 'module', allowHashBang: true });
  const violations: Violation[] = [];
  const importFrom = (node: Node & { source?: { value?: unknown } | null }) => {
    const value = node.source?.value;
    if (typeof value === 'string' && !isAllowedImport(value)) {
      violations.push({ kind: 'import', name: value, line: lineOf(source, node.start) });
    }
  };
  simple(program, {
    ImportDeclaration: importFrom,
    ExportNamedDeclaration: importFrom,
    ExportAllDeclaration: importFrom,
    // Sobek has no dynamic import(); anything loaded this way would fail at run time.
    ImportExpression(node) {
      violations.push({ kind: 'import', name: 'import()', line: lineOf(source, node.start) });
    },
  });
  const allowed = allowedGlobals();
  for (const reference of detectGlobals(program)) {
    if (allowed.has(reference.name)) continue;
    const first = reference.nodes[0];
    violations.push({ kind: 'global', name: reference.name, line: first ? lineOf(source, first.start) : 0 });
  }
  return violations;
}

export function describeViolation(file: string, violation: Violation): string {
  const what =
    violation.kind === 'import'
      ? `imports ${violation.name}, which k6 cannot load (allowed: k6, k6/*, ${ALLOWED_REMOTE_IMPORTS.join(', ')})`
      : `uses the global ${violation.name}, which k6 does not provide`;
  return `${file}:${violation.line} ${what}`;
}
