/** A REST path template from the OpenAPI document (`/api/v1/projects/{projectId}`) and the methods it has. */
interface Route {
  pattern: RegExp;
  methods: string[];
}

const HTTP_METHODS = new Set(['get', 'put', 'post', 'delete', 'patch', 'options', 'head', 'trace']);

export type RouteMatch = { kind: 'found' } | { kind: 'not_found' } | { kind: 'wrong_method'; allowed: string[] };

/**
 * The REST routes, read from the generated OpenAPI document so they cannot drift from what
 * the handler serves: a path no route has is 404, a route asked with a method it lacks is 405
 * (with the methods it has), which trpc-to-openapi itself would both answer as 404.
 */
export class RestRoutes {
  readonly #routes: Route[];

  constructor(paths: Record<string, object | undefined>) {
    this.#routes = Object.entries(paths).map(([template, operations]) => {
      const methods = Object.keys(operations ?? {})
        .filter((key) => HTTP_METHODS.has(key))
        .map((method) => method.toUpperCase());
      if (methods.includes('GET')) methods.push('HEAD');
      const source = template
        .split(/\{[^}]+\}/)
        .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
        .join('[^/]+');
      return { pattern: new RegExp(`^${source}/?$`), methods };
    });
  }

  match(method: string | undefined, pathname: string): RouteMatch {
    const routes = this.#routes.filter((route) => route.pattern.test(pathname));
    if (routes.length === 0) return { kind: 'not_found' };
    const allowed = [...new Set(routes.flatMap((route) => route.methods))];
    return allowed.includes(method ?? 'GET') ? { kind: 'found' } : { kind: 'wrong_method', allowed };
  }
}
