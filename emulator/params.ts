// Request parameter validation with utopia-php/framework's wording: a missing required param answers
// `Param "x" is not optional.` and a bad one `Invalid \`x\` param: <validator description>`, both 400
// `general_argument_invalid` (utopia `App::validate`, mapped by `app/controllers/general.php`).
import { AppwriteError } from './errors.ts';
import { uniqueId } from './store.ts';

export type Params = Readonly<Record<string, unknown>>;

function missing(name: string): AppwriteError {
  return new AppwriteError('general_argument_invalid', `Param "${name}" is not optional.`);
}

export function invalid(name: string, description: string): AppwriteError {
  return new AppwriteError('general_argument_invalid', `Invalid \`${name}\` param: ${description}`);
}

const UID_DESCRIPTION =
  "Parameter must contain at most 36 chars. Valid chars are a-z, A-Z, 0-9, period, hyphen, and underscore. Can't start with a special char";
const UID = /^[a-zA-Z0-9][a-zA-Z0-9._-]{0,35}$/;

/** `CustomId` validator: a UID or `unique()`, which the server replaces with a fresh id. */
export function customId(params: Params, name: string): string {
  const value = params[name];
  if (value === undefined || value === null || value === '') throw missing(name);
  if (value === 'unique()') return uniqueId();
  if (typeof value !== 'string' || !UID.test(value)) throw invalid(name, UID_DESCRIPTION);
  return value;
}

/** `UID` validator for keys (attribute keys use the same shape). */
export function key(params: Params, name: string): string {
  const value = params[name];
  if (value === undefined || value === null || value === '') throw missing(name);
  if (typeof value !== 'string' || !UID.test(value)) throw invalid(name, UID_DESCRIPTION);
  return value;
}

export function text(params: Params, name: string, max: number, required = true): string | undefined {
  const value = params[name];
  if (value === undefined || value === null || value === '') {
    if (required) throw missing(name);
    return undefined;
  }
  if (typeof value !== 'string' || value.length > max) {
    throw invalid(name, `Value must be a valid string and at most ${max} chars`);
  }
  return value;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function email(params: Params, name: string, required = true): string | undefined {
  const value = params[name];
  if (value === undefined || value === null || value === '') {
    if (required) throw missing(name);
    return undefined;
  }
  if (typeof value !== 'string' || value.length > 254 || !EMAIL.test(value)) {
    throw invalid(name, 'Value must be a valid email address');
  }
  return value.toLowerCase();
}

/** 1.x password rule: 8–256 chars (reference §3, gotcha 4). */
/** `rule`: the validator's text; sign-up and `/v1/users` in 1.9.0 add the common-password rule. */
export function password(
  params: Params,
  name: string,
  required = true,
  rule = 'Password must be between 8 and 256 characters long.',
): string | undefined {
  const value = params[name];
  if (value === undefined || value === null || value === '') {
    if (required) throw missing(name);
    return undefined;
  }
  if (typeof value !== 'string' || value.length < 8 || value.length > 256) {
    throw invalid(name, rule);
  }
  return value;
}

/** Booleans accept JSON booleans and the strings 'true'/'false' (form bodies, utopia `Boolean(true)`). */
export function boolean(params: Params, name: string, fallback: boolean | undefined): boolean {
  const value = params[name];
  if (value === undefined || value === null) {
    if (fallback === undefined) throw missing(name);
    return fallback;
  }
  if (typeof value === 'boolean') return value;
  if (value === 'true' || value === '1') return true;
  if (value === 'false' || value === '0') return false;
  throw invalid(name, 'Value must be a valid boolean');
}

export function integer(
  params: Params,
  name: string,
  fallback: number | undefined,
  min = Number.MIN_SAFE_INTEGER,
  max = Number.MAX_SAFE_INTEGER,
): number | undefined {
  const value = params[name];
  if (value === undefined || value === null) {
    return fallback;
  }
  const n = typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < min || n > max) {
    throw invalid(name, `Value must be a valid range between ${min} and ${max}`);
  }
  return n;
}

export function stringArray(params: Params, name: string, max = 100): string[] | undefined {
  const value = params[name];
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value) || value.length > max || !value.every((v) => typeof v === 'string')) {
    throw invalid(name, `Value must a valid array no longer than ${max} items and String value`);
  }
  return value as string[];
}

/** `data` may be an object or a JSON string (utopia `JSON` validator accepts both). */
export function object(params: Params, name: string): Record<string, unknown> {
  let value = params[name];
  if (value === undefined || value === null || value === '') throw missing(name);
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value);
    } catch {
      throw invalid(name, 'Value must be a valid JSON string');
    }
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw invalid(name, 'Value must be a valid JSON string');
  }
  return value as Record<string, unknown>;
}

/**
 * The 1.8.1+ `total` list param (`Boolean(true)`: loose, so `'0'`/`'1'` count too); earlier versions
 * have no such param and always count.
 */
export function wantsTotal(search: URLSearchParams, hasTotalParam: boolean): boolean {
  if (!hasTotalParam) return true;
  return boolean({ total: search.get('total') ?? undefined }, 'total', true);
}
