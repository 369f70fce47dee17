import type { ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginLandingPageLocalDefault } from '@apollo/server/plugin/landingPage/default';
import express from 'express';
import path from 'node:path';

/**
 * A GraphQL explorer that works offline (issue 18 item 6): GraphiQL at `/graphiql`, its
 * scripts and styles served from this server's own npm packages (graphiql's UMD build, React
 * 18's; the fonts are inlined in graphiql's CSS), so nothing comes from a CDN or another host.
 * Apollo Sandbox, loaded from Apollo's CDN, stays the landing page at `/graphql`, with a link
 * here for when the CDN is unreachable. Development only, like the landing page.
 */

/** The files the page loads, by the name it asks for (`/graphiql/assets/<name>`): a package and a file in it. */
const ASSETS: Readonly<Record<string, [string, string]>> = {
  'react.production.min.js': ['react', 'umd/react.production.min.js'],
  'react-dom.production.min.js': ['react-dom', 'umd/react-dom.production.min.js'],
  'graphiql.min.js': ['graphiql', 'graphiql.min.js'],
  'graphiql.min.css': ['graphiql', 'graphiql.min.css'],
};

/** A file of an installed package, by the package's directory (their `exports` do not list the UMD builds). */
function packageFile([pkg, file]: [string, string]): string {
  return path.join(path.dirname(require.resolve(`${pkg}/package.json`)), file);
}

const DEFAULT_QUERY = `# 客户 / Customers: press ▶ (Ctrl-Enter) to run.
# Sign in above first: the Authorization header is then filled in for you.
{
  customers(first: 5, sortKey: NAME) {
    totalCount
    nodes { name city owner { name } lifecycle { stage } value { tier } }
  }
}
`;

function page(): string {
  const login = `<span class="hint">Demo accounts (development only): <code>admin@example.com</code> / <code>admin123</code>, more in the README.</span>`;
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>GraphiQL · Customer operations API</title>
<link rel="stylesheet" href="/graphiql/assets/graphiql.min.css">
<style>
  html, body { height: 100%; margin: 0; font-family: system-ui, sans-serif; }
  body { display: flex; flex-direction: column; }
  #signin { display: flex; gap: .5em; align-items: center; flex-wrap: wrap; padding: .4em .8em; border-bottom: 1px solid #ddd; font-size: 14px; }
  #signin input { font: inherit; padding: .2em .4em; }
  #signin .hint { color: #555; }
  #status { font-weight: 600; }
  #graphiql { flex: 1; min-height: 0; }
</style>
</head>
<body>
<form id="signin">
  <strong>Customer operations API</strong>
  <input id="email" type="email" placeholder="email" autocomplete="username" value="admin@example.com">
  <input id="password" type="password" placeholder="password" autocomplete="current-password" value="admin123">
  <button type="submit">Sign in</button>
  <button type="button" id="signout">Sign out</button>
  <span id="status"></span>
  ${login}
</form>
<div id="graphiql">Loading GraphiQL…</div>
<script src="/graphiql/assets/react.production.min.js"></script>
<script src="/graphiql/assets/react-dom.production.min.js"></script>
<script src="/graphiql/assets/graphiql.min.js"></script>
<script>
  const KEY = 'customer-ops.token';
  const endpoint = new URL('/graphql', location.href).toString();
  const fetcher = GraphiQL.createFetcher({ url: endpoint });
  const root = ReactDOM.createRoot(document.getElementById('graphiql'));
  const status = document.getElementById('status');
  function render() {
    const token = localStorage.getItem(KEY);
    status.textContent = token ? 'Signed in: Authorization header set' : 'Not signed in';
    const headers = token ? JSON.stringify({ Authorization: 'Bearer ' + token }, null, 2) : '{}';
    root.render(React.createElement(GraphiQL, {
      key: token || 'anonymous',
      fetcher,
      defaultQuery: ${JSON.stringify(DEFAULT_QUERY)},
      headers,
      shouldPersistHeaders: false,
      defaultEditorToolsVisibility: 'headers',
    }));
  }
  document.getElementById('signin').addEventListener('submit', async (event) => {
    event.preventDefault();
    status.textContent = 'Signing in…';
    const res = await fetch(endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        query: 'mutation($input: LoginInput!) { login(input: $input) { token userErrors { message } } }',
        variables: { input: { email: document.getElementById('email').value, password: document.getElementById('password').value } },
      }),
    });
    const body = await res.json();
    const login = body.data && body.data.login;
    if (login && login.token) {
      localStorage.setItem(KEY, login.token);
      render();
    } else {
      status.textContent = (login && login.userErrors[0] && login.userErrors[0].message) || (body.errors && body.errors[0].message) || 'Sign-in failed';
    }
  });
  document.getElementById('signout').addEventListener('click', () => {
    localStorage.removeItem(KEY);
    render();
  });
  render();
</script>
</body>
</html>
`;
}

/** `/graphiql` and `/graphiql/assets/*`, the demo admin filled in (served in development only). */
export function graphiqlRouter(): express.Router {
  const router = express.Router();
  const html = page();
  router.get('/', (_req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    res.type('html').send(html);
  });
  router.get('/assets/:name', (req, res) => {
    const file = ASSETS[req.params.name];
    if (!file) {
      res.status(404).type('text').send('Not found');
      return;
    }
    res.setHeader('Cache-Control', 'public, max-age=3600');
    res.sendFile(packageFile(file));
  });
  return router;
}

/**
 * The link the landing page gets, for when Apollo's CDN cannot be reached. Plain markup: the
 * page's Content-Security-Policy allows only its own nonce'd styles.
 */
const LOCAL_EXPLORER_LINK = `<p><a href="/graphiql">Sandbox not loading (offline, behind a proxy)? Use the local GraphiQL →</a></p>`;

/** Apollo's local landing page (Sandbox, embedded) with a link to `/graphiql`. */
export function landingPageWithLocalExplorer(): ApolloServerPlugin {
  const apollo = ApolloServerPluginLandingPageLocalDefault({ embed: true });
  return {
    async serverWillStart(service) {
      const listener = await apollo.serverWillStart?.(service);
      return {
        async renderLandingPage() {
          const landing = await listener!.renderLandingPage!();
          const html = typeof landing.html === 'string' ? landing.html : await landing.html();
          return { html: html.replace('</body>', `${LOCAL_EXPLORER_LINK}</body>`) };
        },
      };
    },
  };
}
