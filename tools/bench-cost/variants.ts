// The three scripts bench:cost compares: the same requests bare, the suite's work written plainly, and the
// built suite itself.
import { fileURLToPath } from 'node:url';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

export const VARIANT_PATHS = {
  minimal: here('./variants/minimal.js'),
  plain: here('./variants/plain.js'),
  suite: here('../../dist/appwrite.js'),
} as const;
