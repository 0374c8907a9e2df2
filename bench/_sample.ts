import fs from 'node:fs'; import os from 'node:os'; import path from 'node:path'; import pg from 'pg';
const sleep=(ms:number)=>new Promise(r=>setTimeout(r,ms));
let dir: string|undefined;
for (let i=0;i<600 && !dir;i++){ const d=fs.readdirSync(os.tmpdir()).filter(n=>n.startsWith('gerbang-bench-complaints-')).map(n=>path.join(os.tmpdir(),n)).filter(p=>fs.existsSync(path.join(p,'pg-credentials.json'))); if(d.length) dir=d[0]; else await sleep(500);}
if(!dir) throw new Error('no dir');
const {user,password}=JSON.parse(fs.readFileSync(path.join(dir,'pg-credentials.json'),'utf8'));
const port=Number(fs.readFileSync(path.join(dir,'pg','postmaster.pid'),'utf8').split('\n')[3]);
await sleep(Number(process.env.WAIT||20000));
const c=new pg.Client({connectionString:`postgres://${user}:${encodeURIComponent(password)}@127.0.0.1:${port}/gerbang`}); await c.connect();
const agg=new Map<string,number>(); let n=0;
const end=Date.now()+Number(process.env.DUR||8000);
while(Date.now()<end){ const r=await c.query("select state, coalesce(wait_event_type,'')||':'||coalesce(wait_event,'') as w, left(regexp_replace(query,'\\s+',' ','g'),90) as q from pg_stat_activity where backend_type='client backend' and pid<>pg_backend_pid() and state<>'idle'"); n++; for(const row of r.rows){const k=`${row.state} | ${row.w} | ${row.state==='active'?row.q:''}`; agg.set(k,(agg.get(k)??0)+1);} await sleep(10);}
console.log('samples',n); for(const [k,v] of [...agg].sort((a,b)=>b[1]-a[1]).slice(0,25)) console.log((v/n).toFixed(2),k);
const t=await c.query("select relname,n_live_tup,n_dead_tup,seq_scan,idx_scan,last_autovacuum from pg_stat_user_tables order by n_dead_tup desc limit 8"); console.table(t.rows);
await c.end();
