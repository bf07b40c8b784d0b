import { ConfigurationError } from '../errors.js';
import type { ToolKind } from './kind.js';
import { compileRequest } from './request.js';

/** `type: http`: one upstream request; its parsed body is what `response.select` shapes. */
export const httpKind = {
  name: 'http',
  compile(tool) {
    if (!tool.request) throw new ConfigurationError(`tool ${tool.name}: an http tool needs a request`);
    const request = compileRequest(tool.request, `tool ${tool.name}`);
    return {
      requestShapes: [{ method: request.method, path: request.pathTemplate }],
      async invoke({ input, upstream }) {
        const response = await upstream.send(await request.build({ input }));
        return { input, body: response.notFound ? null : response.body, status: response.status, notFound: response.notFound };
      },
    };
  },
} satisfies ToolKind<'http'>;
