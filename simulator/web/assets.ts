/**
 * The workspace's one stylesheet and one script, served from /web/ with the app (no build step, no external
 * assets: the pages work offline and the Content-Security-Policy allows only 'self').
 *
 * The script is progressive enhancement only: every page works without it (filters are GET forms, the
 * playground is a POST form); with it, filter selects submit on change, a pending submission follows its
 * check over server-sent events, a certification run shows live progress, and /doc can send requests.
 */
import { createHash } from 'node:crypto';

export const CSS = `
:root{--fail:#a3211a;--fail-bg:#fdecea;--warn:#7a4f00;--warn-bg:#fff4d6;--pass:#17633a;--pass-bg:#e6f4ea;--muted:#555b61;--line:#d0d4d9;--bg:#f6f7f9;--accent:#0b4f8a;--focus:#ffbf47}
*{box-sizing:border-box}
html{font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif;color:#1f2328;background:#fff}
body{margin:0}
a{color:var(--accent)}
a:focus,button:focus,input:focus,select:focus,textarea:focus,summary:focus{outline:3px solid var(--focus);outline-offset:1px}
.skip{position:absolute;left:-9999px}.skip:focus{left:8px;top:8px;background:#fff;padding:6px 10px;z-index:10}
header.top{display:flex;flex-wrap:wrap;gap:8px 24px;align-items:center;padding:10px 24px;background:#0b3d68;color:#fff}
header.top a{color:#fff}
header.top .brand{font-weight:700;font-size:17px;text-decoration:none}
header.top nav ul{display:flex;flex-wrap:wrap;gap:4px 18px;list-style:none;margin:0;padding:0}
header.top nav a[aria-current=page]{font-weight:700;text-decoration-thickness:3px}
header.top .who{margin-left:auto;display:flex;gap:12px;align-items:center;flex-wrap:wrap}
header.top form{margin:0}
header.top button{background:transparent;border:1px solid #fff;color:#fff;border-radius:4px;padding:2px 10px;cursor:pointer;font:inherit}
main{padding:16px 24px 40px;max-width:1320px;margin:0 auto}
h1{font-size:22px;margin:8px 0 12px}h2{font-size:18px;margin:28px 0 10px}h3{font-size:16px;margin:18px 0 8px}
.muted{color:var(--muted)}
.note{background:var(--bg);border-left:4px solid var(--line);padding:8px 12px;margin:12px 0}
.banner{background:var(--warn-bg);border:1px solid #e0c26a;padding:8px 12px;border-radius:4px;margin:12px 0}
.error-box{background:var(--fail-bg);border:1px solid #e6a6a1;padding:8px 12px;border-radius:4px;margin:12px 0}
table{border-collapse:collapse;width:100%;margin:8px 0}
th,td{border-bottom:1px solid var(--line);padding:6px 8px;text-align:left;vertical-align:top}
th{background:var(--bg);font-weight:600}
td.wrap,td .wrap{overflow-wrap:anywhere;word-break:break-word}
#findings-table{table-layout:fixed}
#findings-table th:nth-child(1){width:110px}#findings-table th:nth-child(2){width:190px}#findings-table th:nth-child(3){width:230px}#findings-table th:nth-child(5){width:30%}
#findings-table .mono{overflow-wrap:anywhere}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
code,.mono{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:13px}
.badge{display:inline-block;padding:1px 8px;border-radius:10px;font-size:13px;font-weight:600;white-space:nowrap}
.b-fail,.b-error{background:var(--fail-bg);color:var(--fail)}
.b-warning,.b-pending,.b-skip{background:var(--warn-bg);color:var(--warn)}
.b-pass,.b-done{background:var(--pass-bg);color:var(--pass)}
.b-rejected{background:var(--fail-bg);color:var(--fail)}
.b-not-applicable,.b-none{background:#eceff1;color:#3c4043}
dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:4px 16px;margin:8px 0}
dl.facts dt{font-weight:600}dl.facts dd{margin:0;overflow-wrap:anywhere}
form.filters{display:flex;flex-wrap:wrap;gap:8px 16px;align-items:flex-end;background:var(--bg);padding:10px 12px;border-radius:4px}
form.filters label{display:flex;flex-direction:column;font-size:13px;font-weight:600}
select,input[type=text],input[type=password],input[type=number],textarea{font:inherit;padding:5px 8px;border:1px solid #8a9096;border-radius:4px;background:#fff}
button,.button{font:inherit;padding:6px 14px;border-radius:4px;border:1px solid var(--accent);background:var(--accent);color:#fff;cursor:pointer;text-decoration:none;display:inline-block}
button.secondary,.button.secondary{background:#fff;color:var(--accent)}
.pager{display:flex;gap:12px;align-items:center;margin:12px 0}
.downloads{display:flex;flex-wrap:wrap;gap:8px;margin:8px 0}
.signin{max-width:420px;margin:40px auto}
.signin form{display:flex;flex-direction:column;gap:10px}
.signin label{display:flex;flex-direction:column;font-weight:600}
.xml{border:1px solid var(--line);border-radius:4px;max-height:640px;overflow:auto;background:#fbfbfc}
.xml ol{margin:0;padding:0 0 0 5.5em;font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:12.5px;line-height:1.55}
.xml li{white-space:pre-wrap;overflow-wrap:anywhere;padding:0 6px}
.xml li::marker{color:var(--muted)}
.xml li.hl-fail{background:var(--fail-bg);box-shadow:inset 4px 0 var(--fail)}
.xml li.hl-warning{background:var(--warn-bg);box-shadow:inset 4px 0 #c58a00}
.xml li:target{outline:2px solid var(--accent)}
.cols{display:grid;grid-template-columns:1fr 1fr;gap:20px;margin:12px 0}
.cols>*{min-width:0}
fieldset{min-width:0;border:1px solid var(--line);border-radius:4px}
textarea{width:100%}
select{max-width:100%}
@media (max-width:900px){.cols{grid-template-columns:1fr}}
.panel{border:1px solid var(--line);border-radius:6px;padding:10px 14px}
.caught{border:2px solid var(--pass);background:var(--pass-bg);border-radius:6px;padding:10px 14px;margin:12px 0}
.missed{border:2px solid var(--fail);background:var(--fail-bg);border-radius:6px;padding:10px 14px;margin:12px 0}
.phone{width:390px;max-width:100%;margin:8px auto;border:10px solid #1f2328;border-radius:32px;overflow:hidden;background:#f2f4f7}
.phone .bar{background:#c8102e;color:#fff;padding:14px 16px}
.phone .bar h1{font-size:18px;margin:0;color:#fff}
.phone .bar p{margin:2px 0 0;font-size:13px}
.phone section{background:#fff;margin:10px;border-radius:10px;padding:10px 12px}
.phone h2{font-size:15px;margin:0 0 6px;color:#8a0c20}
.phone h3{font-size:14px;margin:10px 0 4px}
.phone dl{display:grid;grid-template-columns:42% 1fr;gap:2px 8px;margin:0;font-size:13.5px}
.phone dt{color:var(--muted)}.phone dd{margin:0;overflow-wrap:anywhere}
.phone .empty{color:var(--fail);font-style:italic}
.phone details{margin:6px 0}
.phone .doc{border:1px solid var(--line);border-radius:8px;padding:6px 8px;margin:6px 0}
.phone .doc.absent{border-style:dashed;background:#fafafa}
.bars{display:flex;flex-direction:column;gap:3px}
.bar-row{display:grid;grid-template-columns:220px 1fr 60px;gap:8px;align-items:center;font-size:13px}
.bar-row meter{width:100%;height:16px}
progress{width:100%;height:16px}
.op{border:1px solid var(--line);border-radius:6px;margin:10px 0;padding:8px 12px}
.op summary{cursor:pointer;font-weight:600}
.op .method{display:inline-block;min-width:4.2em;font-weight:700}
.op pre{background:#f6f7f9;padding:8px;overflow:auto;max-height:320px;white-space:pre-wrap;overflow-wrap:anywhere}
.downloads form{margin:0}
ul.tight{margin:0;padding-left:18px}
form.inline{display:inline;margin-left:6px}
button.link{background:none;border:none;color:var(--accent);text-decoration:underline;padding:0;cursor:pointer;font-size:13px}
form.stack{display:flex;flex-direction:column;gap:10px}
form.stack label{display:flex;flex-direction:column;font-weight:600}
form.stack label.inline-choice{display:block;font-weight:400}
form.stack button{align-self:flex-start}
.doc-item{margin:2px 0}
#scenarios th code{font-size:13px}
#verify-checks th:nth-child(1){width:34%}#verify-checks th:nth-child(2){width:130px}
#facilities td[data-readiness],#facilities td:last-child{white-space:nowrap}
tbody th[scope=row]{background:#fbfbfc}tbody th[scope=row] .muted{font-weight:400}
.caught>h2:first-child,.missed>h2:first-child,.panel>h2:first-child{margin-top:4px}
footer{color:var(--muted);font-size:13px;padding:12px 24px;border-top:1px solid var(--line)}
`;

export const JS = `
(function(){
  // filter forms: submit on change (without script they have a button)
  document.querySelectorAll('form[data-autosubmit] select').forEach(function(s){s.addEventListener('change',function(){s.form.submit();});});
  // a pending submission: follow its check, then reload to show the verdict
  var live=document.querySelector('[data-sse]');
  if(live&&window.EventSource){
    var es=new EventSource(live.getAttribute('data-sse'));
    es.addEventListener('status',function(e){var d=JSON.parse(e.data);live.textContent=d.text;if(d.done){es.close();if(live.hasAttribute('data-reload'))location.reload();}});
    es.addEventListener('progress',function(e){var d=JSON.parse(e.data);var p=document.getElementById('run-progress');if(p){p.max=d.total;p.value=d.done;}live.textContent=d.text;
      // a run's scenarios: state and counts per row
      (d.scenarios||[]).forEach(function(s){var row=document.querySelector('[data-scenario="'+(window.CSS&&CSS.escape?CSS.escape(s.id):s.id)+'"]');if(!row)return;var st=row.querySelector('.state');if(st){st.textContent=s.label;st.className='badge state b-'+s.cls;}var n=row.querySelector('.count');if(n)n.textContent=s.count;});
      if(d.finished){es.close();if(live.hasAttribute('data-reload'))location.reload();}});
    es.onerror=function(){es.close();};
  }
  // /doc: send a request from an operation's form and show the answer
  document.querySelectorAll('form[data-try]').forEach(function(f){
    f.addEventListener('submit',function(ev){
      ev.preventDefault();
      var out=f.querySelector('output');var path=f.getAttribute('data-path');var method=f.getAttribute('data-method');
      f.querySelectorAll('[data-in=path]').forEach(function(i){path=path.replace('{'+i.name+'}',encodeURIComponent(i.value));});
      var q=[];f.querySelectorAll('[data-in=query]').forEach(function(i){if(i.value)q.push(encodeURIComponent(i.name)+'='+encodeURIComponent(i.value));});
      var h={};f.querySelectorAll('[data-in=header]').forEach(function(i){if(i.value)h[i.name]=i.value;});
      var body=f.querySelector('textarea[name=body]');var init={method:method,headers:h};
      if(body&&body.value){init.body=body.value;h['Content-Type']='application/json';}
      out.textContent='…';
      fetch(path+(q.length?'?'+q.join('&'):''),init).then(function(r){return r.text().then(function(t){out.textContent='HTTP '+r.status+'\\n'+t.slice(0,20000);});}).catch(function(e){out.textContent=String(e);});
    });
  });
})();
`;

export const CSS_HASH = createHash('sha256').update(CSS).digest('hex').slice(0, 12);
export const JS_HASH = createHash('sha256').update(JS).digest('hex').slice(0, 12);
