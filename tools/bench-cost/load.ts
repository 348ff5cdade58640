// Loads a k6 script into this Node process with the fake k6 modules: the script's `k6`, `k6/*` and jslib
// imports are pointed at ./fake-k6, and each load gets its own module instance (one per simulated VU),
// as k6 instantiates the script once per VU.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const FAKES: Record<string, string> = {
  k6: 'k6.ts',
  'k6/http': 'http.ts',
  'k6/execution': 'execution.ts',
  'k6/metrics': 'metrics.ts',
  'https://jslib.k6.io/k6-summary/0.1.0/index.js': 'summary.ts',
};

export class UnknownImportError extends Error {
  override name = 'UnknownImportError' as const;
}

/** The script's source with its k6 imports pointed at the fakes; throws on an import k6 would not have. */
export function withFakeK6(source: string, file: string): string {
  const imports = /^(\s*import\s*|\s*(?:import|export)\b[^'";]*?\bfrom\s*)(["'])([^"']+)\2/gm;
  return source.replace(imports, (whole, keyword: string, _q, specifier: string) => {
    const fake = FAKES[specifier];
    if (fake === undefined) {
      if (specifier.startsWith('.') || specifier.startsWith('file:')) return whole;
      throw new UnknownImportError(
        `${file}: imports ${specifier}; expected only k6, k6/* or the pinned jslib`,
      );
    }
    return `${keyword}${JSON.stringify(new URL(`./fake-k6/${fake}`, import.meta.url).href)}`;
  });
}

/**
 * The script without its `//# sourceMappingURL=` line. With source maps on (tsx turns them on), Node keeps
 * an entry per module instance that has one, the script's line lengths among it: 35 KB per instance of the
 * suite's bundle, charged to the script though no k6 VU holds it (k6 reads a script's map once, when it
 * compiles the script for all VUs: js/bundle.go, compiler SourceMapLoader).
 */
export function withoutSourceMapUrl(source: string): string {
  return source.replace(/\n\/\/# sourceMappingURL=[^\n]*\n?$/, '\n');
}

export type ScriptModule = Record<string, unknown>;

export class ScriptLoader {
  private readonly url: string;
  private count = 0;

  constructor(scriptPath: string) {
    const dir = mkdtempSync(join(tmpdir(), 'bench-cost-'));
    const file = join(dir, 'script.mjs');
    writeFileSync(file, withoutSourceMapUrl(withFakeK6(readFileSync(scriptPath, 'utf8'), scriptPath)));
    this.url = pathToFileURL(file).href;
  }

  /** A fresh instance of the script's module: its init code runs again. */
  async instance(): Promise<ScriptModule> {
    this.count++;
    return (await import(`${this.url}?vu=${this.count}`)) as ScriptModule;
  }
}
