// Attributes (Databases) and columns (TablesDB): definition, validation, create, get, list.
import { type Context, type Handler, json } from '../../context.ts';
import { AppwriteError } from '../../errors.ts';
import * as m from '../../messages-1.9.ts';
import { attributeModel } from '../../models.ts';
import * as p from '../../params.ts';
import type { AttributeRecord, AttributeType, CollectionRecord } from '../../store.ts';
import type { Scope } from './scope.ts';

export function fieldResource(s: Scope) {
  const { flavor, n, statusOf, collection, msg } = s;
  function buildAttribute(
    ctx: Context,
    c: CollectionRecord,
    params: p.Params,
    type: AttributeType,
    inline: boolean,
  ): AttributeRecord {
    const key = p.key(params, 'key');
    const required = p.boolean(params, 'required', undefined);
    const array = p.boolean(params, 'array', false);
    let size: number | undefined;
    let min: number | undefined;
    let max: number | undefined;
    let fallback: string | number | boolean | null = null;
    const given = params.default;
    if (type === 'string') {
      size = p.integer(params, 'size', undefined, 1, 1_073_741_824);
      if (size === undefined)
        throw new AppwriteError('general_argument_invalid', 'Param "size" is not optional.');
      if (given !== undefined && given !== null) {
        if (typeof given !== 'string' || given.length > size) {
          throw p.invalid('default', `Value must be a valid string and at most ${size} chars`);
        }
        fallback = given;
      }
    } else if (type === 'integer') {
      // Appwrite's defaults are PHP_INT_MIN/MAX, sent as ±9223372036854775807/8 (recorded:
      // databases-legacy.jsonl seq 6), which JSON readers see as ±2^63.
      min = p.integer(params, 'min', -(2 ** 63));
      max = p.integer(params, 'max', 2 ** 63);
      if (min !== undefined && max !== undefined && min > max) {
        throw new AppwriteError(
          n.thing === 'row' ? 'column_value_invalid' : 'attribute_value_invalid',
          'Minimum value must be lesser than maximum value',
        );
      }
      if (given !== undefined && given !== null) {
        fallback = p.integer(params, 'default', undefined, min, max) ?? null;
      }
    } else if (given !== undefined && given !== null) {
      fallback = p.boolean(params, 'default', undefined);
    }
    if (fallback !== null && (required || array)) {
      throw new AppwriteError(n.defaultUnsupported, 'Cannot set default value for required attribute');
    }
    if (c.attributes.has(key))
      throw new AppwriteError(
        n.exists.attribute,
        ...msg(ctx, () => m.fieldExists(flavor === 'rows' ? 'Column' : 'Attribute', key)),
      );
    return {
      key,
      type,
      required,
      array,
      ...(size === undefined ? {} : { size }),
      ...(min === undefined ? {} : { min }),
      ...(max === undefined ? {} : { max }),
      default: fallback,
      createdAt: ctx.settings.clock(),
      ...(inline ? { inline } : {}),
    };
  }

  function addAttribute(ctx: Context, type: AttributeType): ReturnType<Handler> {
    const c = collection(ctx);
    const record = buildAttribute(ctx, c, ctx.body, type, false);
    c.attributes.set(record.key, record);
    // 202: the databases worker creates the column later (status `processing` → `available`).
    return json(202, attributeModel(record, statusOf(ctx)(record), ctx.settings.dialect));
  }

  return {
    buildAttribute,
    ...({
      createString: (ctx) => addAttribute(ctx, 'string'),
      createInteger: (ctx) => addAttribute(ctx, 'integer'),
      createBoolean: (ctx) => addAttribute(ctx, 'boolean'),
      getAttribute(ctx) {
        const a = collection(ctx).attributes.get(ctx.path.key ?? '');
        if (a === undefined) throw new AppwriteError(n.notFound.attribute);
        return json(200, attributeModel(a, statusOf(ctx)(a), ctx.settings.dialect));
      },
      listAttributes(ctx) {
        const list = [...collection(ctx).attributes.values()].map((a) =>
          attributeModel(a, statusOf(ctx)(a), ctx.settings.dialect),
        );
        return json(200, { total: list.length, [n.attributes]: list });
      },
    } satisfies Record<string, Handler>),
  };
}
