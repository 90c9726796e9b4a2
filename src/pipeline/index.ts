export { authorize, createInvoker, findCommand, type ClientSource, type InvokedResult, type InvokeOutcome, type InvokeRequest, type Invoker, type InvokerOptions, type Stage } from './invoke.js';
export { PROBLEM_CODES, Problem, problemFromDarktrace, toProblemInit, type ProblemCode, type ProblemInit } from './problem.js';
