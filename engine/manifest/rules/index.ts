import { annotationContradiction } from './annotations.js';
import { baseUrl } from './base-url.js';
import { inputDescription, scopeDescription, toolDescription, toolTitle } from './descriptions.js';
import { duplicateToolName } from './duplicate-tool-name.js';
import { exampleInput, exampleOutput } from './examples.js';
import { inputInItem, pathParamRequired, undeclaredInput, unusedInput } from './input-references.js';
import { invalidExpression } from './invalid-expression.js';
import { invalidJsonSchema } from './json-schema.js';
import { pathTemplate } from './path-template.js';
import { deleteNotPermitted, effectWrites, readMethod, writeMethod } from './methods.js';
import { notSupportedRequest, notSupportedWrite, policyConflict } from './not-supported.js';
import type { LintRule } from './rule.js';
import { unknownScope } from './scopes.js';
import { credentialInTool, envReference, inlineSecret, secretDefault } from './secrets.js';
import { duplicateStepId, stepCycle, stepNeeds, stepNotInNeeds, undeclaredStep } from './step-graph.js';
import { toolKind } from './tool-kind.js';
import { truncateProperty } from './truncate.js';
import { writeContextParam, writeNotPermitted } from './write-policy.js';

/** Every lint rule, in the order they run. Adding a rule is adding it here; nothing self-registers. */
export const lintRules: readonly LintRule[] = [
  // Names and structure
  duplicateToolName,
  toolKind,
  unknownScope,
  // Templates and expressions
  invalidExpression,
  pathTemplate,
  undeclaredInput,
  unusedInput,
  inputInItem,
  pathParamRequired,
  duplicateStepId,
  stepNeeds,
  stepCycle,
  undeclaredStep,
  stepNotInNeeds,
  // Policy
  writeNotPermitted,
  writeContextParam,
  notSupportedWrite,
  notSupportedRequest,
  policyConflict,
  readMethod,
  writeMethod,
  effectWrites,
  deleteNotPermitted,
  annotationContradiction,
  // Documentation for the model
  toolDescription,
  toolTitle,
  inputDescription,
  scopeDescription,
  // Schemas and examples
  invalidJsonSchema,
  exampleInput,
  exampleOutput,
  truncateProperty,
  // Upstream configuration
  inlineSecret,
  secretDefault,
  credentialInTool,
  envReference,
  baseUrl,
];
