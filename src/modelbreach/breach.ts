// The argument and output every command about one model breach shares.
import { arg, type OutputSpec } from '../registry/index.js';

export const PBID_ARG = arg.int({ description: 'Darktrace model breach ID (pbid).', required: true, min: 1 });

export const BREACH_PREFIX = 'Darktrace.ModelBreach';
export const PBID_OUTPUT: OutputSpec = { contextPath: `${BREACH_PREFIX}.pbid`, type: 'Number', description: 'Model breach ID.' };
