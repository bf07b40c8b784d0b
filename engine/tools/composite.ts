import type { Step } from '../../generated/manifest.js';
import { compileExpression, type CompiledExpression } from '../compile/expression.js';
import { ConfigurationError } from '../errors.js';
import { UpstreamError } from '../upstream/upstream-error.js';
import type { ToolKind } from './kind.js';
import { compileRequest, type CompiledRequest } from './request.js';

interface CompiledStep {
  id: string;
  needs: string[];
  optional: boolean;
  request: CompiledRequest;
  select?: CompiledExpression;
  when?: CompiledExpression;
}

/**
 * `type: composite`: several upstream requests merged into one answer. Each step starts as soon
 * as the steps it `needs` are done, so independent steps run in parallel. An optional step that
 * fails yields null and a note in `failures`, so one broken part does not hide the rest.
 */
export const compositeKind = {
  name: 'composite',
  compile(tool) {
    if (!tool.steps) throw new ConfigurationError(`tool ${tool.name}: a composite tool needs steps`);
    const steps: CompiledStep[] = tool.steps.map((step: Step) => ({
      id: step.id,
      needs: step.needs ?? [],
      optional: step.optional ?? false,
      request: compileRequest(step.request, `tool ${tool.name} step ${step.id}`),
      select: step.select ? compileExpression(step.select) : undefined,
      when: step.when ? compileExpression(step.when) : undefined,
    }));
    assertAcyclic(tool.name, steps);
    return {
      requestShapes: steps.map((s) => ({ method: s.request.method, path: s.request.pathTemplate })),
      async invoke({ input, upstream }) {
        const results: Record<string, unknown> = {};
        const failures: Array<{ step: string; error: string; retryable: boolean }> = [];
        const running = new Map<string, Promise<void>>();
        const run = (step: CompiledStep): Promise<void> => {
          let started = running.get(step.id);
          if (started) return started;
          started = (async () => {
            await Promise.all(step.needs.map((id) => run(steps.find((s) => s.id === id)!)));
            const scope = { input, steps: results };
            if (step.when && (await step.when.evaluate(scope)) !== true) {
              results[step.id] = null;
              return;
            }
            try {
              const response = await upstream.send(await step.request.build(scope));
              const body = response.notFound ? null : response.body;
              results[step.id] = step.select ? await step.select.evaluate({ ...scope, body, status: response.status }) : body;
            } catch (error) {
              if (!step.optional || !(error instanceof UpstreamError)) throw error;
              results[step.id] = null;
              failures.push({ step: step.id, error: error.message, retryable: error.retryable });
            }
          })();
          running.set(step.id, started);
          return started;
        };
        await Promise.all(steps.map(run));
        return { input, steps: results, failures };
      },
    };
  },
} satisfies ToolKind<'composite'>;

function assertAcyclic(tool: string, steps: CompiledStep[]): void {
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (id: string, trail: string[]): void => {
    const step = steps.find((s) => s.id === id);
    if (!step) throw new ConfigurationError(`tool ${tool}: step ${trail.at(-1)} needs unknown step ${id}`);
    if (state.get(id) === 'done') return;
    if (state.get(id) === 'visiting') throw new ConfigurationError(`tool ${tool}: steps form a cycle: ${[...trail, id].join(' → ')}`);
    state.set(id, 'visiting');
    step.needs.forEach((n) => visit(n, [...trail, id]));
    state.set(id, 'done');
  };
  steps.forEach((s) => visit(s.id, []));
}
