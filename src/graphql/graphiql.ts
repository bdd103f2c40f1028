import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * GraphiQL served from the service itself (issue 16): its scripts and styles come from the npm
 * packages `graphiql`, `react` and `react-dom` (their prebuilt browser builds), so the page works
 * on a machine with no internet access. Mercurius' own page loads them from unpkg.com.
 */
const packageDir = (name: string) => dirname(require.resolve(`${name}/package.json`));

const ASSETS: Record<string, { file: () => string; type: string }> = {
  'react.js': {
    file: () => join(packageDir('react'), 'umd', 'react.production.min.js'),
    type: 'application/javascript',
  },
  'react-dom.js': {
    file: () => join(packageDir('react-dom'), 'umd', 'react-dom.production.min.js'),
    type: 'application/javascript',
  },
  'graphiql.js': { file: () => join(packageDir('graphiql'), 'graphiql.min.js'), type: 'application/javascript' },
  'graphiql.css': { file: () => join(packageDir('graphiql'), 'graphiql.min.css'), type: 'text/css' },
};

const PAGE = `<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>GraphiQL</title>
  <meta name="robots" content="noindex">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <link rel="stylesheet" href="/graphiql/assets/graphiql.css">
  <style>body { margin: 0; overflow: hidden; } #graphiql { height: 100vh; }</style>
</head>
<body>
  <div id="graphiql">Loading GraphiQL...</div>
  <script src="/graphiql/assets/react.js"></script>
  <script src="/graphiql/assets/react-dom.js"></script>
  <script src="/graphiql/assets/graphiql.js"></script>
  <script src="/graphiql/assets/start.js"></script>
</body>
</html>
`;

// The headers editor is where a bearer token goes; it is sent on the WebSocket's connection_init too.
const START = `(function () {
  var ws = location.protocol === 'https:' ? 'wss:' : 'ws:';
  var fetcher = GraphiQL.createFetcher({ url: location.origin + '/graphql', subscriptionUrl: ws + '//' + location.host + '/graphql' });
  var defaultHeaders = JSON.stringify({ Authorization: 'Bearer <paste a token from the start-up output>' }, null, 2);
  ReactDOM.createRoot(document.getElementById('graphiql')).render(
    React.createElement(GraphiQL, { fetcher: fetcher, isHeadersEditorEnabled: true, shouldPersistHeaders: true, defaultHeaders: defaultHeaders, defaultEditorToolsVisibility: 'headers' })
  );
})();
`;

/** Registers GET /graphiql and its assets. Call only outside production. */
interface Reply {
  code(status: number): Reply;
  type(contentType: string): Reply;
  header(name: string, value: string): Reply;
  send(body: string | Buffer): Reply;
}
// Structural: the Fastify instance Nest's adapter hands out is typed from its own copy of fastify.
interface Routes {
  get(path: string, handler: (request: { params: unknown }, reply: Reply) => Promise<Reply>): unknown;
}

export function registerGraphiql(fastify: Routes): void {
  const cache = new Map<string, Buffer>();
  fastify.get('/graphiql', async (_request, reply) =>
    reply.type('text/html; charset=utf-8').header('cache-control', 'no-store').send(PAGE),
  );
  fastify.get('/graphiql/assets/:name', async (request, reply) => {
    const { name } = request.params as { name: string };
    if (name === 'start.js') return reply.type('application/javascript').send(START);
    const asset = ASSETS[name];
    if (!asset) return reply.code(404).type('text/plain').send('Not found');
    let body = cache.get(name);
    if (!body) cache.set(name, (body = readFileSync(asset.file())));
    return reply.type(asset.type).header('cache-control', 'public, max-age=86400').send(body);
  });
}
