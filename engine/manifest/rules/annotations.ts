import { annotationContradictions } from '../annotations.js';
import { eachTool, type LintRule } from './rule.js';

/** Clients decide whether to ask the user before a call from these hints; they must not understate. */
export const annotationContradiction: LintRule = {
  id: 'annotation-contradiction',
  description: 'Explicit annotations do not contradict `effect` and `writes` (see engine/manifest/annotations.ts).',
  check(context, report) {
    eachTool(context, ({ tool, doc }) => {
      for (const problem of annotationContradictions(tool))
        report(doc, ['annotations', problem.hint], `\`${problem.hint}\` contradicts the tool's effect: ${problem.message}`);
    });
  },
};
