/** @jsxImportSource hono/jsx */
/**
 * /doc for a browser: the same OpenAPI document the JSON answer carries, as a readable, searchable page;
 * each operation lists its parameters and schemas and has a form that sends a real request (script) to this
 * simulator. The JSON stays at /doc (Accept: application/json) and /doc/openapi.json.
 */
import { Layout, tr, type PageContext } from '../ui.tsx';

type Json = Record<string, unknown>;
interface Param {
  name: string;
  in: string;
  required?: boolean;
  description?: string;
  schema?: Json;
}
interface Operation {
  summary?: string;
  description?: string;
  tags?: string[];
  parameters?: Param[];
  requestBody?: { content?: Record<string, { schema?: Json }> };
  responses?: Record<string, { description?: string; content?: Record<string, { schema?: Json }> }>;
}

const METHODS = ['get', 'post', 'put', 'delete'] as const;

export function DocPage(props: { ctx: PageContext; doc: Json }) {
  const { ctx, doc } = props;
  const { lang } = ctx;
  const info = (doc.info ?? {}) as { title?: string; version?: string; description?: string };
  const paths = (doc.paths ?? {}) as Record<string, Partial<Record<(typeof METHODS)[number], Operation>>>;
  const ops = Object.entries(paths).flatMap(([path, item]) => METHODS.filter((m) => item[m]).map((m) => ({ path, method: m, op: item[m]! })));
  return (
    <Layout ctx={ctx} title={tr(lang, 'Tài liệu API', 'API documentation')} section="doc">
      <h1>
        {info.title ?? 'OpenAPI'} <span class="muted">{info.version ?? ''}</span>
      </h1>
      {info.description ? <p class="wrap">{info.description}</p> : null}
      <p>
        {tr(lang, 'Tài liệu OpenAPI ', 'OpenAPI ')}
        <code>{String(doc.openapi ?? '')}</code>
        {tr(lang, ' dạng JSON: ', ' as JSON: ')}
        <a href="/doc/openapi.json">/doc/openapi.json</a>
        {tr(lang, '. Các đường dẫn gắn nhãn “simulator-only” không có trên Cổng thật.', '. Operations tagged “simulator-only” do not exist on the real portal.')}
      </p>
      <nav aria-label={tr(lang, 'Các thao tác', 'Operations')}>
        <ul>
          {ops.map(({ path, method }, i) => (
            <li>
              <a href={`#op-${i}`}>
                <span class="mono">{method.toUpperCase()}</span> <span class="mono">{path}</span>
              </a>
            </li>
          ))}
        </ul>
      </nav>
      {ops.map(({ path, method, op }, i) => {
        const params = op.parameters ?? [];
        const body = op.requestBody?.content ?? {};
        return (
          <details class="op" id={`op-${i}`}>
            <summary>
              <span class="method mono">{method.toUpperCase()}</span> <span class="mono">{path}</span> — {op.summary ?? ''} {op.tags?.includes('simulator-only') ? <span class="badge b-warning">simulator-only</span> : null}
            </summary>
            {op.description ? <p class="wrap">{op.description}</p> : null}
            {params.length ? (
              <table>
                <thead>
                  <tr>
                    <th scope="col">{tr(lang, 'Tham số', 'Parameter')}</th>
                    <th scope="col">{tr(lang, 'Ở đâu', 'In')}</th>
                    <th scope="col">{tr(lang, 'Mô tả', 'Description')}</th>
                  </tr>
                </thead>
                <tbody>
                  {params.map((p) => (
                    <tr>
                      <td>
                        <code>{p.name}</code>
                      </td>
                      <td>{p.in}</td>
                      <td class="wrap">{p.description ?? ''}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            ) : null}
            {Object.entries(body).map(([type, c]) => (
              <>
                <h3>
                  {tr(lang, 'Thân yêu cầu', 'Request body')} <code>{type}</code>
                </h3>
                <pre tabindex={0}>{JSON.stringify(c.schema ?? {}, null, 2)}</pre>
              </>
            ))}
            {Object.entries(op.responses ?? {}).map(([code, r]) => (
              <>
                <h3>
                  {tr(lang, 'Trả lời', 'Response')} {code}: {r.description ?? ''}
                </h3>
                {Object.entries(r.content ?? {}).map(([type, c]) => (
                  <pre tabindex={0} aria-label={type}>{JSON.stringify(c.schema ?? {}, null, 2)}</pre>
                ))}
              </>
            ))}
            <form data-try data-path={path} data-method={method.toUpperCase()} aria-label={tr(lang, `Thử ${method.toUpperCase()} ${path}`, `Try ${method.toUpperCase()} ${path}`)}>
              <h3>{tr(lang, 'Thử gửi yêu cầu (cần JavaScript)', 'Try it (needs JavaScript)')}</h3>
              {params.map((p) => (
                <p>
                  <label>
                    <code>{p.name}</code> ({p.in}){' '}
                    <input type="text" name={p.name} data-in={p.in} />
                  </label>
                </p>
              ))}
              {Object.keys(body).length ? (
                <p>
                  <label>
                    {tr(lang, 'Thân JSON', 'JSON body')}
                    <br />
                    <textarea name="body" rows={4} cols={80}></textarea>
                  </label>
                </p>
              ) : null}
              <button type="submit">{tr(lang, 'Gửi', 'Send')}</button>
              <pre>
                <output aria-live="polite"></output>
              </pre>
            </form>
          </details>
        );
      })}
    </Layout>
  );
}
