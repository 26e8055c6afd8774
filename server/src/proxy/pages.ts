import type { ServerResponse } from 'node:http';
import { escapeHtml } from '../http/html.js';

/** Small self-contained HTML answers of the proxy, for people in a browser. */

const STYLE = `body{font:16px/1.5 system-ui,sans-serif;margin:0;min-height:100vh;display:grid;place-items:center;background:#f8fafc;color:#0f172a}
main{max-width:32rem;padding:2rem;text-align:center}.spin{width:2rem;height:2rem;border:3px solid #cbd5e1;border-top-color:#2563eb;border-radius:50%;margin:0 auto 1rem;animation:s 1s linear infinite}
@keyframes s{to{transform:rotate(360deg)}}a{color:#2563eb}.err{color:#b91c1c}
@media (prefers-color-scheme:dark){body{background:#0f172a;color:#e2e8f0}a{color:#60a5fa}.err{color:#fca5a5}}`;

function page(
  res: ServerResponse,
  status: number,
  title: string,
  body: string,
  nonce?: string,
): void {
  const csp = nonce
    ? `default-src 'none'; style-src 'nonce-${nonce}'; script-src 'nonce-${nonce}'; connect-src 'self'`
    : `default-src 'none'; style-src 'unsafe-inline'`;
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escapeHtml(title)}</title><style${nonce ? ` nonce="${nonce}"` : ''}>${STYLE}</style></head><body><main>${body}</main></body></html>`;
  res.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-store',
    'content-security-policy': csp,
    'content-length': Buffer.byteLength(html),
  });
  res.end(html);
}

/**
 * "Starting your Development Container…": asks spawner to launch the container (the launch
 * answers once the app responds), shows the time waited, then reloads into the app.
 */
export function startingPage(
  res: ServerResponse,
  options: { displayName: string; type: string; nonce: string },
): void {
  const name = escapeHtml(options.displayName);
  // Asks for the launch, shows its phases from the progress stream, then reloads into the app.
  const script = `(function(){var t0=Date.now(),el=document.getElementById('elapsed'),phase=document.getElementById('phase');
var tick=setInterval(function(){el.textContent=Math.round((Date.now()-t0)/1000)+' s'},1000);
var words={creating:'Creating the container.',starting:'Starting the container.',waiting:'Waiting for the app to answer.',ready:'Ready.'};
function follow(){if(!window.EventSource)return;var s=new EventSource('/api/container/${options.type}/progress');
s.onmessage=function(m){var e=JSON.parse(m.data);if(e.phase==='idle'){s.close();setTimeout(follow,300);return}
if(words[e.phase]){phase.textContent=words[e.phase];phase.setAttribute('data-phase',e.phase)}
if(e.phase==='ready'||e.phase==='failed')s.close()};s.onerror=function(){s.close()}}
follow();
fetch('/api/container/launch/${options.type}',{method:'POST',credentials:'same-origin',headers:{'content-type':'application/json'},body:'{}'})
.then(function(r){return r.json().then(function(b){return {ok:r.ok,b:b}})})
.then(function(x){if(x.ok){location.reload();return}throw new Error(x.b&&x.b.message||'The container could not be started.')})
.catch(function(e){clearInterval(tick);document.getElementById('spin').remove();var p=document.getElementById('status');p.className='err';p.textContent=e.message})})();`;
  page(
    res,
    200,
    `Starting your ${options.displayName}…`,
    `<div class="spin" id="spin" role="progressbar" aria-label="Starting"></div><h1>Starting your ${name}…</h1><p id="status" role="status"><span id="phase">This takes a few seconds.</span> Waiting <span id="elapsed">0 s</span>.</p><p><a href="/">Back to the dashboard</a></p><script nonce="${options.nonce}">${script}</script>`,
    options.nonce,
  );
}

export function messagePage(
  res: ServerResponse,
  status: number,
  title: string,
  message: string,
): void {
  page(
    res,
    status,
    title,
    `<h1>${escapeHtml(title)}</h1><p>${escapeHtml(message)}</p><p><a href="/">Back to the dashboard</a></p>`,
  );
}
