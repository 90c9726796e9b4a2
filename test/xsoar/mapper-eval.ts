// A small evaluator of the part of XSOAR's mapping language the pack generates (src/xsoar/pack/fields.ts): DT paths
// (arrays along the path flattened, as DT does), complex values (root, accessor, `inList` filters, the `uniq`, `join`
// and `multiply` transformers) and `${.=<JavaScript>}` DT expressions over the event (`val`; XSOAR evaluates them as
// JavaScript, so this does too, with the clock given). Anything else throws: a mapper using more than this subset
// fails the tests until the evaluator learns it.
type Obj = Record<string, unknown>;
const isObject = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** DT path: every value reached, arrays flattened at each step. */
export function dtValues(root: unknown, path: string): unknown[] {
  let current: unknown[] = [root];
  for (const segment of path.split('.').filter(Boolean)) {
    current = current
      .flatMap((v) => (Array.isArray(v) ? v : [v]))
      .flatMap((v) => (isObject(v) && segment in v && v[segment] !== undefined && v[segment] !== null ? [v[segment]] : []));
  }
  return current.flatMap((v) => (Array.isArray(v) ? v : [v]));
}

/** A DT path's value as XSOAR gives it: one value, or a list when the path reaches several. */
function single(values: unknown[]): unknown {
  if (values.length === 0) return undefined;
  return values.length === 1 ? values[0] : values;
}

const EXPRESSION = /^\$\{\.=([\s\S]+)\}$/;

export function evaluateExpression(expression: string, event: unknown, now: number): unknown {
  const match = EXPRESSION.exec(expression);
  if (!match) throw new Error(`not a DT expression: ${expression}`);
  const FixedDate = class extends Date { static override now() { return now; } };
  return new Function('val', 'Date', `return (${match[1]});`)(event, FixedDate);
}

interface Clause { operator: string; left: { value: { simple: string }; iscontext?: boolean }; right?: { value: { simple: string } } }

function passes(item: unknown, filters: Clause[][]): boolean {
  // AND of ORs, as XSOAR's filters.
  return filters.every((group) => group.some((clause) => {
    if (clause.operator !== 'inList') throw new Error(`filter operator ${clause.operator} is not in the evaluated subset`);
    const left = clause.left.iscontext ? single(dtValues(item, clause.left.value.simple)) : clause.left.value.simple;
    const list = String(clause.right?.value.simple ?? '').split(',').map((s) => s.trim());
    return list.includes(String(left));
  }));
}

interface Transformer { operator: string; args?: Record<string, { value: { simple: string } }> }

function transform(value: unknown, transformers: Transformer[]): unknown {
  let v = value;
  for (const t of transformers) {
    if (v === undefined) return undefined;
    switch (t.operator) {
      case 'uniq': v = Array.isArray(v) ? [...new Set(v)] : v; break;
      case 'join': v = (Array.isArray(v) ? v : [v]).map(String).join(t.args?.separator?.value.simple ?? ','); break;
      case 'multiply': v = Number(v) * Number(t.args?.by?.value.simple); break;
      default: throw new Error(`transformer ${t.operator} is not in the evaluated subset`);
    }
  }
  return v;
}

export interface SerialisedValue {
  simple?: string;
  complex?: { root: string; accessor?: string; filters?: Clause[][]; transformers?: Transformer[] } | null;
}

/** The value a mapper entry (or the classifier's transformer) gives for an event. */
export function evaluate(entry: SerialisedValue, event: unknown, now: number): unknown {
  if (entry.complex) {
    const { root, accessor = '', filters = [], transformers = [] } = entry.complex;
    let items = dtValues(event, root);
    if (filters.length) items = items.filter((item) => passes(item, filters));
    if (accessor) items = items.flatMap((item) => dtValues(item, accessor));
    return transform(single(items), transformers);
  }
  const simple = entry.simple ?? '';
  if (simple === '') return undefined;
  if (EXPRESSION.test(simple)) return evaluateExpression(simple, event, now);
  return single(dtValues(event, simple));
}

/** Whether a mapped value fills a field (XSOAR leaves a field empty for nothing, '' or []). */
export const fills = (v: unknown) => !(v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0) || (typeof v === 'number' && Number.isNaN(v)));
