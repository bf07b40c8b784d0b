import { analyzeTool } from './analysis.js';
import { eachTool, listOf, type LintRule } from './rule.js';

/** Composite steps are addressed by id (`needs`, `steps.<id>`), so ids must be unique. */
export const duplicateStepId: LintRule = {
  id: 'duplicate-step-id',
  description: 'Step ids are unique within a composite tool.',
  check(context, report) {
    eachTool(context, (tool) => {
      const seen = new Set<string>();
      tool.tool.steps?.forEach((step, i) => {
        if (seen.has(step.id)) report(tool.doc, ['steps', i, 'id'], `Another step already has the id \`${step.id}\`; give each step its own id.`);
        seen.add(step.id);
      });
    });
  },
};

export const stepNeeds: LintRule = {
  id: 'step-needs',
  description: '`needs` names steps of the same tool.',
  check(context, report) {
    eachTool(context, (tool) => {
      const ids = (tool.tool.steps ?? []).map((s) => s.id);
      tool.tool.steps?.forEach((step, i) =>
        step.needs?.forEach((need, j) => {
          if (!ids.includes(need)) report(tool.doc, ['steps', i, 'needs', j], `\`${need}\` is not a step of this tool; use one of ${listOf(ids.filter((id) => id !== step.id))}.`);
        }),
      );
    });
  },
};

/** Steps run once what they need has run; a cycle would never start. */
export const stepCycle: LintRule = {
  id: 'step-cycle',
  description: '`needs` forms no cycle.',
  check(context, report) {
    eachTool(context, (tool) => {
      const steps = tool.tool.steps ?? [];
      const index = new Map(steps.map((s, i) => [s.id, i]));
      const reported = new Set<number>();
      steps.forEach((_, start) => {
        const cycle = findCycle(start, (i) => (steps[i]?.needs ?? []).flatMap((n) => (index.has(n) ? [index.get(n)!] : [])));
        if (!cycle || cycle.some((i) => reported.has(i))) return;
        cycle.forEach((i) => reported.add(i));
        const [from, to] = [cycle[0]!, cycle[1] ?? cycle[0]!];
        const names = [...cycle, from].map((i) => steps[i]!.id).join(' → ');
        const j = steps[from]!.needs!.indexOf(steps[to]!.id);
        report(tool.doc, ['steps', from, 'needs', j], `The steps need each other in a cycle (${names}); remove one of these \`needs\` so that some step can run first.`);
      });
    });
  },
};

/** Steps on a cycle through `start`, in `needs` order starting at `start`; undefined if none. */
function findCycle(start: number, next: (i: number) => number[]): number[] | undefined {
  const path: number[] = [];
  const done = new Set<number>();
  const visit = (i: number): number[] | undefined => {
    if (i === start && path.length > 0) return [...path];
    if (done.has(i) || path.includes(i)) return undefined;
    path.push(i);
    for (const n of next(i)) {
      const found = visit(n);
      if (found) return found;
    }
    path.pop();
    done.add(i);
    return undefined;
  };
  return visit(start);
}

export const undeclaredStep: LintRule = {
  id: 'undeclared-step',
  description: '`steps.<id>` names a step of the same composite tool.',
  check(context, report) {
    eachTool(context, (tool) => {
      const ids = (tool.tool.steps ?? []).map((s) => s.id);
      for (const site of analyzeTool(tool).expressions)
        for (const name of site.refs.steps) {
          if (site.steps.kind === 'none') report(tool.doc, site.path, `\`steps.${name}\`: an http tool has no steps; read the answer as \`body\`, or make the tool \`type: composite\`.`);
          else if (!ids.includes(name)) report(tool.doc, site.path, `\`steps.${name}\` is not a step of this tool; use one of ${listOf(ids)}.`);
        }
    });
  },
};

/** A step may only read results that exist when it runs: those of the steps it needs. */
export const stepNotInNeeds: LintRule = {
  id: 'step-not-in-needs',
  description: 'A step reads `steps.<id>` only for steps listed in its `needs`.',
  check(context, report) {
    eachTool(context, (tool) => {
      const ids = new Set((tool.tool.steps ?? []).map((s) => s.id));
      for (const site of analyzeTool(tool).expressions) {
        const scope = site.steps;
        if (scope.kind !== 'needs') continue;
        for (const name of site.refs.steps) {
          if (!ids.has(name) || scope.needs.includes(name)) continue;
          const message =
            name === scope.stepId
              ? `The step \`${name}\` reads its own result \`steps.${name}\`; use \`body\` for this step's answer.`
              : `The step \`${scope.stepId}\` reads \`steps.${name}\` but does not list it in \`needs\`; add \`${name}\` to its needs so that it runs first.`;
          report(tool.doc, site.path, message);
        }
      }
    });
  },
};
