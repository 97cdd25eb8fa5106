import type { ErrorCode } from "../core/errors.ts";
import { STATUS_OF } from "./problem.ts";

/**
 * The API reference at /docs: one self-contained HTML page (no CDN, works offline) whose
 * inline script renders /openapi.json — operations by tag with roles, parameters, bodies
 * and responses — plus the problem codes `type` links point at.
 */
export function docsPage(): string {
  const problems = (Object.entries(STATUS_OF) as Array<[ErrorCode, number]>)
    .map(([code, status]) => `<tr id="problem-${code}"><td><code>${code}</code></td><td>${status}</td></tr>`)
    .join("");
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Scenario agents API</title>
<style>
body{font:15px/1.5 system-ui,sans-serif;margin:0;color:#1d2330;background:#f7f8fa}
header{background:#1d2330;color:#fff;padding:16px 24px}header a{color:#9cc3ff}
main{max-width:1000px;margin:0 auto;padding:16px 24px}
section.op{background:#fff;border:1px solid #dde1e8;border-radius:6px;margin:10px 0;padding:8px 14px}
.m{display:inline-block;min-width:56px;font-weight:700;text-transform:uppercase;font-size:12px;padding:2px 6px;border-radius:4px;color:#fff}
.get{background:#2f7d32}.post{background:#1565c0}.put{background:#ef6c00}.delete{background:#c62828}
.roles span{display:inline-block;background:#eef1f6;border-radius:10px;padding:0 8px;margin-right:4px;font-size:12px}
pre{background:#f2f4f7;padding:8px;overflow:auto;font-size:12px}details summary{cursor:pointer}
table{border-collapse:collapse}td,th{border:1px solid #dde1e8;padding:3px 8px;text-align:left}
</style></head>
<body><header><h1 style="margin:0;font-size:20px">Scenario agents API</h1>
<div>Authenticate with <code>Authorization: Bearer &lt;key&gt;</code> (<code>scenario keys create --role manager</code>). Machine-readable: <a href="/openapi.json">/openapi.json</a></div></header>
<main><div id="ops">Loading /openapi.json…</div>
<h2>Problem codes</h2><p>Errors are RFC 9457 problem details (<code>application/problem+json</code>) with a stable <code>code</code>.</p>
<table><tr><th>code</th><th>HTTP status</th></tr>${problems}</table></main>
<script>
(function(){
  function esc(s){return String(s).replace(/[&<>"']/g,function(ch){return {"&":"&amp;","<":"&lt;",">":"&gt;","\\"":"&quot;","'":"&#39;"}[ch];});}
  function resolve(doc,s){var seen=0;while(s&&s.$ref&&seen++<20){var parts=s.$ref.replace(/^#\\//,"").split("/");s=parts.reduce(function(o,k){return o&&o[k];},doc);}return s;}
  function schemaText(doc,s){try{return JSON.stringify(expand(doc,s,0),null,2);}catch(e){return "";}}
  function expand(doc,s,d){s=resolve(doc,s);if(!s||typeof s!=="object"||d>6)return s;var out=Array.isArray(s)?[]:{};for(var k in s){out[k]=(k==="properties"||k==="items"||k==="additionalProperties"||k==="anyOf"||k==="oneOf"||k==="allOf")?expandAll(doc,s[k],d+1):s[k];}return out;}
  function expandAll(doc,v,d){if(Array.isArray(v))return v.map(function(x){return expand(doc,x,d);});if(v&&typeof v==="object"&&!v.type&&!v.$ref&&!v.anyOf){var o={};for(var k in v)o[k]=expand(doc,v[k],d);return o;}return expand(doc,v,d);}
  fetch("/openapi.json").then(function(r){return r.json();}).then(function(doc){
    var byTag={};
    Object.keys(doc.paths||{}).forEach(function(p){var item=doc.paths[p];Object.keys(item).forEach(function(m){var op=item[m];var tag=(op.tags&&op.tags[0])||"other";(byTag[tag]=byTag[tag]||[]).push({path:p,method:m,op:op});});});
    var html="<p>"+esc(doc.info.title)+" "+esc(doc.info.version)+"</p>";
    Object.keys(byTag).sort().forEach(function(tag){
      html+="<h2>"+esc(tag)+"</h2>";
      byTag[tag].forEach(function(e){
        var op=e.op;var roles=(op["x-roles"]||[]).map(function(r){return "<span>"+esc(r)+"</span>";}).join("");
        html+="<section class=op><div><span class='m "+esc(e.method)+"'>"+esc(e.method)+"</span> <code>"+esc(e.path)+"</code> — "+esc(op.summary||"")+"</div>";
        html+="<div class=roles>roles: "+roles+"</div>";
        if(op.description)html+="<p>"+esc(op.description)+"</p>";
        var params=(op.parameters||[]).map(function(p){p=resolve(doc,p);return "<tr><td><code>"+esc(p.name)+"</code></td><td>"+esc(p.in)+"</td><td>"+(p.required?"required":"")+"</td><td>"+esc(JSON.stringify(p.schema||{}))+"</td></tr>";}).join("");
        if(params)html+="<details><summary>parameters</summary><table>"+params+"</table></details>";
        var body=op.requestBody&&op.requestBody.content;
        if(body)Object.keys(body).forEach(function(ct){html+="<details><summary>request body ("+esc(ct)+")</summary><pre>"+esc(schemaText(doc,body[ct].schema))+"</pre></details>";});
        var res=Object.keys(op.responses||{}).map(function(s){return "<tr><td>"+esc(s)+"</td><td>"+esc(op.responses[s].description||"")+"</td></tr>";}).join("");
        html+="<details><summary>responses</summary><table>"+res+"</table></details></section>";
      });
    });
    document.getElementById("ops").innerHTML=html;
  }).catch(function(e){document.getElementById("ops").textContent="Could not load /openapi.json: "+e;});
})();
</script></body></html>`;
}
