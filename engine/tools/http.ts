import { ConfigurationError } from '../errors.js';
import { UpstreamError } from '../upstream/upstream-error.js';
import type { ToolKind } from './kind.js';
import { compileRequest } from './request.js';

/** `type: http`: one upstream request; its parsed body is what `response.select` shapes. */
export const httpKind = {
  name: 'http',
  compile(tool) {
    if (!tool.request) throw new ConfigurationError(`tool ${tool.name}: an http tool needs a request`);
    const request = compileRequest(tool.request, `tool ${tool.name}`);
    const emptyWhenNotFound = tool.response.onNotFound === 'empty';
    return {
      requestShapes: [{ method: request.method, path: request.pathTemplate }],
      async invoke({ input, upstream }) {
        const response = await upstream.send(await request.build({ input }));
        if (response.notFound && !emptyWhenNotFound) {
          throw new UpstreamError('not-found', 'Nothing matched: the upstream service has no such record. Check the id (look it up again with a list or search tool); retrying the same request will not help.', false, response.status);
        }
        return { input, body: response.notFound ? null : response.body, status: response.status, notFound: response.notFound };
      },
    };
  },
} satisfies ToolKind<'http'>;
