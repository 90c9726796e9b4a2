// Descriptor search (SPEC §11): keywords matched as case-insensitive substrings of the chosen fields, all or any of
// them, paged with limit/offset. The store runs it in SQL; `matchesSearch` states the rule for tests.
import { LIMITS, type Descriptor } from './model.js';
import { joinPath, oneOf, Problems, show } from './errors.js';
import { isObject } from '../util/json.js';

export const MATCH_STRATEGIES = ['all', 'any'] as const;
export const SEARCH_FIELDS = ['shortName', 'description'] as const;
export type SearchField = (typeof SEARCH_FIELDS)[number];

export interface DescriptorSearch {
  /** Lower-cased (JavaScript toLowerCase, the same for both stores). Empty = every descriptor. */
  keywords: string[];
  keywordMatchStrategy: 'all' | 'any';
  keywordFieldStrategy: SearchField[];
  limit: number;
  offset: number;
}

export interface Page<T> {
  /** All matches, not just this page. */
  count: number;
  offset: number;
  limit: number;
  data: T[];
}

const SEARCH_BODY_FIELDS = ['keywords', 'keywordMatchStrategy', 'keywordFieldStrategy', 'limit', 'offset'];
export const DEFAULT_SEARCH_LIMIT = 25;

function wholeNumber(p: Problems, path: string, raw: unknown, fallback: number, min: number, max: number): number {
  if (raw === undefined || raw === null) return fallback;
  if (typeof raw === 'number' && Number.isSafeInteger(raw) && raw >= min && raw <= max) return raw;
  p.add(path, `must be a whole number from ${min} to ${max}; got ${show(raw)}`);
  return fallback;
}

/** Validates a search body (POST /descriptors/search) or the equivalent list query. */
export function parseSearch(input: unknown): DescriptorSearch {
  const p = new Problems();
  const raw = input === undefined || input === null ? {} : input;
  if (!isObject(raw)) {
    p.add('', `a search must be a JSON object; got ${show(input)}`);
    p.throwIfAny();
  }
  const body = raw as Record<string, unknown>;
  for (const field of Object.keys(body)) if (!SEARCH_BODY_FIELDS.includes(field)) p.add(field, `unknown field (allowed: ${SEARCH_BODY_FIELDS.join(', ')})`);

  let keywords: string[] = [];
  const rawKeywords = body.keywords;
  if (typeof rawKeywords === 'string') keywords = rawKeywords.trim() === '' ? [] : [rawKeywords];
  else if (Array.isArray(rawKeywords)) {
    rawKeywords.forEach((k, i) => {
      if (typeof k !== 'string' || k === '') p.add(joinPath('keywords', i), `must be a non-empty string; got ${show(k)}`);
      else keywords.push(k);
    });
  } else if (rawKeywords !== undefined && rawKeywords !== null) {
    p.add('keywords', `must be a list of strings; got ${show(rawKeywords)}`);
  }
  if (keywords.length > 20) p.add('keywords', `at most 20 keywords; got ${keywords.length}`);
  keywords.forEach((k, i) => { if (k.length > 200) p.add(joinPath('keywords', i), `must be at most 200 characters; got ${k.length}`); });

  let match: 'all' | 'any' = 'all';
  if (body.keywordMatchStrategy !== undefined && body.keywordMatchStrategy !== null) {
    if (body.keywordMatchStrategy === 'all' || body.keywordMatchStrategy === 'any') match = body.keywordMatchStrategy;
    else p.add('keywordMatchStrategy', `must be ${oneOf(MATCH_STRATEGIES)} (case sensitive); got ${show(body.keywordMatchStrategy)}`);
  }

  let fields: SearchField[] = [...SEARCH_FIELDS];
  const rawFields = body.keywordFieldStrategy;
  if (rawFields !== undefined && rawFields !== null) {
    const list = typeof rawFields === 'string' ? [rawFields] : rawFields;
    if (!Array.isArray(list) || list.length === 0) p.add('keywordFieldStrategy', `must be a non-empty list of ${oneOf(SEARCH_FIELDS)}; got ${show(rawFields)}`);
    else {
      fields = [];
      list.forEach((f, i) => {
        if (f === 'shortName' || f === 'description') { if (!fields.includes(f)) fields.push(f); }
        else p.add(typeof rawFields === 'string' ? 'keywordFieldStrategy' : joinPath('keywordFieldStrategy', i), `must be ${oneOf(SEARCH_FIELDS)} (case sensitive); got ${show(f)}`);
      });
    }
  }
  const limit = wholeNumber(p, 'limit', body.limit, DEFAULT_SEARCH_LIMIT, 1, LIMITS.searchLimit);
  const offset = wholeNumber(p, 'offset', body.offset, 0, 0, Number.MAX_SAFE_INTEGER);
  p.throwIfAny();
  return { keywords: keywords.map((k) => k.toLowerCase()), keywordMatchStrategy: match, keywordFieldStrategy: fields, limit, offset };
}

/** The matching rule, stated in JavaScript (the store implements the same in SQL). */
export function matchesSearch(d: Pick<Descriptor, 'shortName' | 'description'>, search: DescriptorSearch): boolean {
  if (search.keywords.length === 0) return true;
  const texts = search.keywordFieldStrategy.map((f) => d[f].toLowerCase());
  const hit = (k: string) => texts.some((t) => t.includes(k));
  return search.keywordMatchStrategy === 'all' ? search.keywords.every(hit) : search.keywords.some(hit);
}

/**
 * The list endpoint's query string (`?keywords=a&keywords=b&limit=10&offset=20`, or `keywords=a,b`) → the same
 * search body, so one validation serves both. Numbers must be written as whole decimal numbers.
 */
export function searchFromQueryString(query: Record<string, string | string[] | undefined>): DescriptorSearch {
  const body: Record<string, unknown> = {};
  for (const [field, raw] of Object.entries(query)) {
    if (raw === undefined) continue;
    const values = Array.isArray(raw) ? raw : [raw];
    if (field === 'keywords' || field === 'keywordFieldStrategy') {
      body[field] = values.flatMap((v) => v.split(',')).map((v) => v.trim()).filter((v) => v !== '');
    } else if (field === 'limit' || field === 'offset') {
      const text = values[values.length - 1];
      body[field] = /^[0-9]{1,15}$/.test(text) ? Number(text) : text;
    } else body[field] = values[values.length - 1];
  }
  return parseSearch(body);
}
