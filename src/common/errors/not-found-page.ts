import { Request } from 'express';

/**
 * A browser following a stale or mistyped link outside the API gets a page, not the API's JSON. Static on
 * purpose: the error filter sits below the web module and must not depend on its templates.
 */
export function wantsNotFoundPage(request: Request, statusCode: number): boolean {
  return (
    statusCode === 404 &&
    (request.method === 'GET' || request.method === 'HEAD') &&
    !request.path.startsWith('/api/') &&
    request.accepts(['json', 'html']) === 'html'
  );
}

export const NOT_FOUND_PAGE = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>Page not found – Cyber Norms Tracker</title>
  <link rel="stylesheet" href="/assets/site.css">
</head>
<body>
  <header class="site-header"><div class="wrap header-row"><a class="brand" href="/">Cyber Norms Tracker</a></div></header>
  <main id="main" class="wrap">
    <h1>Page not found</h1>
    <p class="lead">There is no page at this address. It may have moved, or the link may be mistyped.</p>
    <p><a href="/">Go to the start page</a></p>
  </main>
</body>
</html>
`;
