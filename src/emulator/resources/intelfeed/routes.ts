// GET/POST /intelfeed — the Watched Domains list (reference §2.1 #13, §2.2.11; watched_list_post.json).
import { parseDtDate } from '../../../darktrace/signing.js';
import { InputError, type Exchange } from '../../http.js';
import type { Scope } from '../../resource.js';
import type { IntelEntry, WatchedListSlice } from './state.js';

const DEFAULT_SOURCE = 'default';
const ENTRY = /^[^\s"'<>,]+$/;

type IntelScope = Scope<WatchedListSlice, undefined>;

/** No `responsedata` here: the guide lists /intelfeed among the endpoints without it. */
export function getIntel(x: Exchange, { self: list }: IntelScope) {
  const { params } = x;
  const sources = params.bool('sources', false);
  const source = params.str('source');
  const full = params.bool('fulldetails', false);
  const live = list.liveIntel();
  if (sources) return x.json(200, [...new Set(live.map((e) => e.source))]);
  const entries = source === undefined ? live : live.filter((e) => e.source === source);
  if (full) {
    return x.json(200, entries.map((e) => ({
      name: e.name, description: e.description, ...(e.expiry ? { expiry: e.expiry } : {}), strength: e.strength, iagn: e.iagn,
    })));
  }
  x.json(200, [...new Set(entries.map((e) => e.name))]);
}

export function postIntel(x: Exchange, { self: list }: IntelScope) {
  const body = x.body({ json: true, form: true });
  const text = (key: string): string | undefined => {
    const v = body.get(key);
    if (v === undefined || v === null) return undefined;
    if (typeof v === 'string' || typeof v === 'number') return String(v);
    throw new InputError(`Invalid value for ${key}: expected a string`);
  };
  const flag = (key: string): boolean => {
    const v = body.get(key);
    if (v === undefined || v === false || v === 'false') return false;
    if (v === true || v === 'true') return true;
    throw new InputError(`Invalid value for ${key}: expected true or false`);
  };

  const description = text('description');
  if (description !== undefined && description.length >= 256) throw new InputError('description must be shorter than 256 characters');
  if (description?.includes('"')) throw new InputError('description must not contain double quotes');
  const source = text('source');
  if (source !== undefined && (source.length === 0 || source.length >= 64)) throw new InputError('source must be 1-63 characters');
  const expiryText = text('expiry');
  const expiry = expiryText === undefined ? undefined : parseDtDate(expiryText.trim());
  if (expiryText !== undefined && !expiry) throw new InputError('Invalid expiry: expected a date such as 2030-12-31T12:00:00');

  const toAdd = [
    ...(text('addentry') !== undefined ? [text('addentry')!.trim()] : []),
    ...(text('addlist') ?? '').split(/[,\n]/).map((s) => s.trim()).filter(Boolean),
  ];
  const toRemove = text('removeentry')?.trim();
  const removeAll = flag('removeall');
  if (toAdd.length === 0 && toRemove === undefined && !removeAll) {
    throw new InputError('Nothing to do: give addentry, addlist, removeentry or removeall');
  }
  for (const name of [...toAdd, ...(toRemove ? [toRemove] : [])]) {
    if (!ENTRY.test(name) || name.length > 253) throw new InputError(`Invalid entry: ${name}`);
  }
  const live = list.liveIntel();

  if (removeAll) list.intel = []; // every source (reference §2.2.11)
  if (toRemove !== undefined) {
    const holders = new Set(live.filter((e) => e.name === toRemove).map((e) => e.source));
    if (source === undefined && holders.size > 1) throw new InputError(`${toRemove} is in several sources; give source`);
    list.intel = list.intel.filter((e) => !(e.name === toRemove && (source === undefined || e.source === source)));
  }

  let added = 0;
  let updated = 0;
  for (const name of new Set(toAdd)) {
    const src = source ?? DEFAULT_SOURCE;
    const existing = list.intel.find((e) => e.name === name && e.source === src);
    const changes: Partial<IntelEntry> = {
      ...(description !== undefined ? { description } : {}),
      ...(expiry ? { expiry: expiry.toISOString().slice(0, 19) } : {}),
      ...(body.has('hostname') ? { hostname: flag('hostname') } : {}),
      ...(body.has('iagn') ? { iagn: flag('iagn') } : {}),
    };
    if (existing) {
      Object.assign(existing, changes);
      updated++;
    } else {
      list.intel.push({ name, description: '', strength: 100, iagn: false, source: src, hostname: false, ...changes });
      added++;
    }
  }
  x.json(200, { added, response: 'SUCCESS', updated });
}
