// reads: as the VU's pool user, get a seeded document/row by id and list with a JSON query.
// Appwrite passes reads through the abuse hook but no version limits them (appwrite.md §10.2), so reads
// never wait for a budget.
import exec from 'k6/execution';
import { send } from '../api/client.ts';
import { equal, limit } from '../api/queries.ts';
import type { Config } from '../config/parse.ts';
import { checkResponse } from './checks.ts';
import { vuContext } from './vu.ts';

export const LIST_LIMIT = 10;

export function runReads(config: Config, data: unknown, tags: Record<string, string> = {}): void {
  const ctx = vuContext(config, data, tags);
  const { databaseId, containerId } = ctx.identity;
  const recordId = ctx.identity.seedRecordId(exec.scenario.iterationInTest % ctx.setup.seedCount);

  const get = ctx.dialect.getRecord(databaseId, containerId, recordId);
  const got = send(config.endpoint, get, { headers: ctx.poolHeaders, tags });
  checkResponse(get.name, got.response, 200, { 'returns the record': (body) => body.$id === recordId });

  const list = ctx.dialect.listRecords(databaseId, containerId, [equal('active', [true]), limit(LIST_LIMIT)]);
  const listed = send(config.endpoint, list, { headers: ctx.poolHeaders, tags });
  const key = ctx.dialect.listKey;
  checkResponse(list.name, listed.response, 200, {
    'lists matching records': (body) => {
      const records = body[key];
      return (
        Array.isArray(records) &&
        records.length > 0 &&
        records.length <= LIST_LIMIT &&
        records.every((r) => (r as { active?: unknown }).active === true)
      );
    },
  });
}
