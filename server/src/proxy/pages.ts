import type { ServerResponse } from 'node:http';
import { escapeHtml } from '../http/html.js';
import { pageText, type PageLanguage } from './pageText.js';

/** Small self-contained HTML answers of the proxy, for people in a browser, in their language. */

const STYLE = `body{font:16px/1.5 system-ui,sans-serif;margin:0;min-height:100vh;display:grid;place-items:center;background:#f8fafc;color:#0f172a}
main{max-width:40rem;padding:2rem;text-align:center}.spin{width:2rem;height:2rem;border:3px solid #cbd5e1;border-top-color:#2563eb;border-radius:50%;margin:0 auto 1rem;animation:s 1s linear infinite}
@keyframes s{to{transform:rotate(360deg)}}a{color:#2563eb}.err{color:#b91c1c}
details{text-align:left;margin-top:1rem}pre{max-height:16rem;overflow:auto;padding:.5rem;background:#e2e8f0;font-size:.8rem;white-space:pre}
@media (prefers-color-scheme:dark){body{background:#0f172a;color:#e2e8f0}a{color:#60a5fa}.err{color:#fca5a5}pre{background:#020617}}`;

function page(
  res: ServerResponse,
  options: { status: number; language: PageLanguage; title: string; body: string; nonce?: string },
): void {
  const { nonce } = options;
  const csp = nonce
    ? `default-src 'none'; style-src 'nonce-${nonce}'; script-src 'nonce-${nonce}'; connect-src 'self'`
    : `default-src 'none'; style-src 'unsafe-inline'`;
  const html = `<!doctype html><html lang="${options.language}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escapeHtml(options.title)}</title><style${nonce ? ` nonce="${nonce}"` : ''}>${STYLE}</style></head><body><main>${options.body}</main></body></html>`;
  res.writeHead(options.status, {
    'content-type': 'text/html; charset=utf-8',
    'content-language': options.language,
    // The language comes from the request's cookie and Accept-Language.
    vary: 'Cookie, Accept-Language',
    'cache-control': 'no-store',
    'content-security-policy': csp,
    'content-length': Buffer.byteLength(html),
  });
  res.end(html);
}

/** A value as a JavaScript literal that is safe inside a <script> element. */
function scriptLiteral(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028|\u2029/g, ' ');
}

/**
 * "Starting your Development Container…": asks spawner to launch the container (the launch
 * answers once the app responds), shows the phases from the progress stream and the time
 * waited, then reloads into the app. A failure shows its cause by error code, and the app's
 * last lines as they are.
 */
export function startingPage(
  res: ServerResponse,
  options: {
    displayName: string;
    type: string;
    nonce: string;
    language: PageLanguage;
    /**
     * Subdomain mode: the page is on the app's own host, where `/api/` is the app's. spawner
     * starts the launch itself, and the page asks for its own address until the app answers.
     */
    onAppHost?: { home: string };
  },
): void {
  const text = pageText(options.language);
  const title = text.starting.title.replace('{name}', options.displayName);
  const words = scriptLiteral({
    lang: options.language,
    phases: text.starting.phases,
    ordinals: text.starting.ordinals,
    failures: text.failures,
    quota: text.quota,
  });
  const type = encodeURIComponent(options.type);
  const script = options.onAppHost
    ? pollScript(words)
    : `(function(){var w=${words},t0=Date.now(),el=document.getElementById('elapsed'),phase=document.getElementById('phase'),logs='';
var unit;try{unit=new Intl.NumberFormat(w.lang,{style:'unit',unit:'second',unitDisplay:'long'})}catch(e){unit={format:function(n){return n+' s'}}}
function ordinal(n){var r='other';try{r=new Intl.PluralRules(w.lang,{type:'ordinal'}).select(n)}catch(e){}return n+(w.ordinals[r]||w.ordinals.other)}
function show(){el.textContent=unit.format(Math.round((Date.now()-t0)/1000))}show();var tick=setInterval(show,1000);
function follow(){if(!window.EventSource)return;var s=new EventSource('/api/container/${type}/progress');
s.onmessage=function(m){var e=JSON.parse(m.data);if(e.phase==='idle'){s.close();setTimeout(follow,300);return}
if(w.phases[e.phase]){phase.textContent=w.phases[e.phase].replace('{position}',ordinal(e.position));phase.setAttribute('data-phase',e.phase)}
if(e.phase==='failed'){logs=e.logs||''}
if(e.phase==='ready'||e.phase==='failed')s.close()};s.onerror=function(){s.close()}}
function cause(b){if(b&&b.error==='quota_exceeded'&&b.quota)return w.quota[b.quota.scope].replace('{limit}',String(b.quota.limit));if(b&&b.error==='app_exited'&&typeof b.exit_code==='number')return w.failures.app_exited_code.replace('{code}',String(b.exit_code));return(b&&w.failures[b.error])||w.failures.other}
function fail(b){clearInterval(tick);document.getElementById('spin').remove();var p=document.getElementById('status');p.className='err';p.setAttribute('data-error',(b&&b.error)||'');p.textContent=cause(b);
if(logs.trim()){var d=document.getElementById('logs');d.querySelector('pre').textContent=logs;d.hidden=false;d.open=true}}
follow();
fetch('/api/container/launch/${type}',{method:'POST',credentials:'same-origin',headers:{'content-type':'application/json'},body:'{}'})
.then(function(r){return r.json().then(function(b){return {ok:r.ok,b:b}},function(){return {ok:r.ok,b:null}})})
.then(function(x){if(x.ok){location.reload();return}
// The failed event (with the app's last lines) may still be on its way: give it a moment.
setTimeout(function(){fail(x.b)},300)},function(){fail(null)})})();`;
  page(res, {
    status: 200,
    language: options.language,
    title,
    nonce: options.nonce,
    body: `<div class="spin" id="spin" role="progressbar" aria-label="${escapeHtml(text.starting.spinner)}"></div><h1>${escapeHtml(title)}</h1><p id="status" role="status"><span id="phase">${escapeHtml(text.starting.hint)}</span></p><p>${escapeHtml(text.starting.waited)} <span id="elapsed"></span></p><details id="logs" hidden><summary>${escapeHtml(text.starting.lastLines)}</summary><pre tabindex="0"></pre></details><p><a href="${escapeHtml(options.onAppHost?.home ?? '/')}">${escapeHtml(text.back)}</a></p><script nonce="${options.nonce}">${script}</script>`,
  });
}

/**
 * Asks for the page's own address as a script would (spawner answers 503 `starting` while the
 * launch runs) and reloads once anything else answers; gives up after three minutes.
 */
function pollScript(words: string): string {
  return `(function(){var w=${words},t0=Date.now(),el=document.getElementById('elapsed');
var unit;try{unit=new Intl.NumberFormat(w.lang,{style:'unit',unit:'second',unitDisplay:'long'})}catch(e){unit={format:function(n){return n+' s'}}}
function show(){el.textContent=unit.format(Math.round((Date.now()-t0)/1000))}show();var tick=setInterval(show,1000);
function stop(b){clearInterval(tick);document.getElementById('spin').remove();var p=document.getElementById('status');p.className='err';p.textContent=b&&b.quota?w.quota[b.quota.scope].replace('{limit}',String(b.quota.limit)):w.failures.not_ready||w.failures.other}
function again(){if(Date.now()-t0>180000){stop();return}setTimeout(poll,1000)}
function poll(){fetch(location.href,{credentials:'same-origin',cache:'no-store',headers:{accept:'application/json'}})
.then(function(r){if(r.status===429){return r.json().then(function(b){stop(b)},function(){stop(null)})}if(r.status!==503){location.reload();return}return r.json().then(function(b){if(b&&b.error==='starting')again();else location.reload()},again)},again)}
again()})();`;
}

/** A start refused by a quota, for a person in a browser: which limit, and the way back. */
export function quotaPage(
  res: ServerResponse,
  language: PageLanguage,
  refusal: { scope: 'user' | 'platform'; limit: number },
  home = '/',
): void {
  const text = pageText(language);
  const sentence = text.quota[refusal.scope].replace('{limit}', String(refusal.limit));
  page(res, {
    status: 429,
    language,
    title: sentence,
    body: `<h1>${escapeHtml(sentence)}</h1><p><a href="${escapeHtml(home)}">${escapeHtml(text.back)}</a></p>`,
  });
}

/** A refusal for a person in a browser: its sentence, and the way back (`home`: the dashboard). */
export function notYoursPage(res: ServerResponse, language: PageLanguage, home = '/'): void {
  const text = pageText(language);
  page(res, {
    status: 403,
    language,
    title: text.notYours,
    body: `<h1>${escapeHtml(text.notYours)}</h1><p><a href="${escapeHtml(home)}">${escapeHtml(text.back)}</a></p>`,
  });
}
