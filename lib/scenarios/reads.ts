// reads: as the VU's pool user, get a seeded document/row by id and list with a JSON query.
// Appwrite passes reads through the abuse hook but no version limits them (appwrite.md §10.2), so reads
// never wait for a budget and their (absent) X-RateLimit-* headers are not read.
import exec from 'k6/execution';
import { type PreparedRequest, prepare, sendPrepared } from '../api/client.ts';
import { equal, limit } from '../api/queries.ts';
import { segment } from '../api/request.ts';
import type { Config } from '../config/parse.ts';
import { ResponseCheck } from './checks.ts';
import { type VuContext, vuContext } from './vu.ts';

export const LIST_LIMIT = 10;

/** What a VU's reads send, built on its first iteration: only the record id changes per iteration. */
interface ReadsPlan {
  ctx: VuContext;
  tags: Record<string, string>;
  get: PreparedRequest;
  /** URL of seed record i, below `get.url`'s collection path. */
  getUrls: string[];
  recordIds: string[];
  getCheck: ResponseCheck;
  list: PreparedRequest;
  listCheck: ResponseCheck;
  listTest: (body: Record<string, unknown>) => boolean;
}

let plan: ReadsPlan | null = null;
const NO_TAGS: Record<string, string> = {};

function planFor(ctx: VuContext, tags: Record<string, string>): ReadsPlan {
  if (plan !== null && plan.ctx === ctx && plan.tags === tags) return plan;
  const { databaseId, containerId } = ctx.identity;
  const options = { headers: ctx.poolHeaders, tags, readRateLimit: false };
  // The route is the same for every id: prepare it once, then fill the id into a copy of its URL.
  const get = prepare(ctx.config.endpoint, ctx.dialect.getRecord(databaseId, containerId, '_'), options);
  const list = ctx.dialect.listRecords(databaseId, containerId, [equal('active', [true]), limit(LIST_LIMIT)]);
  const key = ctx.dialect.listKey;
  plan = {
    ctx,
    tags,
    get: { ...get, url: get.url.slice(0, -'_'.length) },
    getUrls: [],
    recordIds: [],
    getCheck: new ResponseCheck(get.name, 200, ['returns the record']),
    list: prepare(ctx.config.endpoint, list, options),
    listCheck: new ResponseCheck(list.name, 200, ['lists matching records']),
    listTest: (body) => {
      const records = body[key];
      return (
        Array.isArray(records) &&
        records.length > 0 &&
        records.length <= LIST_LIMIT &&
        records.every((r) => (r as { active?: unknown }).active === true)
      );
    },
  };
  return plan;
}

export function runReads(config: Config, data: unknown, tags: Record<string, string> = NO_TAGS): void {
  const p = planFor(vuContext(config, data), tags);
  const index = exec.scenario.iterationInTest % p.ctx.setup.seedCount;
  let recordId = p.recordIds[index];
  let url = p.getUrls[index];
  if (recordId === undefined || url === undefined) {
    recordId = p.ctx.identity.seedRecordId(index);
    url = p.get.url + segment(recordId);
    p.recordIds[index] = recordId;
    p.getUrls[index] = url;
  }

  const got = sendPrepared(p.get, null, p.get.params, url);
  const id = recordId;
  p.getCheck.run(got.response, [(body) => body.$id === id]);

  const listed = sendPrepared(p.list, null);
  p.listCheck.run(listed.response, [p.listTest]);
}
