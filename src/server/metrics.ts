// Prometheus metrics (GET /metrics, admin scope). One registry per app so tests don't share counters.
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const commands = new Counter({
    name: 'darktrace_soar_commands_total',
    help: 'Commands executed, by command and outcome code',
    labelNames: ['command', 'code'] as const,
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'darktrace_soar_command_duration_seconds',
    help: 'Command duration in seconds',
    labelNames: ['command'] as const,
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [registry],
  });
  return { registry, commands, duration };
}
export type Metrics = ReturnType<typeof createMetrics>;
