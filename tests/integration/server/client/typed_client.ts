/*
 * typed_client.ts — a client generated from /api/v1/openapi.json with
 * openapi-typescript (the types, vitaal-api.ts, made by server_test.sh)
 * and openapi-fetch (the calls), used as a ministry's script would: log in,
 * list processes, run a cascade, queue a criticality ranking and read the
 * job's result. tsc --strict must accept it: every field used has its type
 * from the document (the checks below fail to compile on an `any` or an
 * `unknown`, and on a field the document does not name). Then it runs
 * against the server and prints "ok - / not ok -" lines.
 *   node typed_client.js URL USER PASSWORD
 */
import createClient from "openapi-fetch";
import type { components, paths } from "./vitaal-api.js";

/* Node's process, declared here rather than pulling in @types/node */
declare const process: { argv: string[]; exit(code: number): never };

type IsAny<T> = 0 extends 1 & T ? true : false;
type IsUnknown<T> = IsAny<T> extends true ? false : unknown extends T ? true : false;
/* compiles only when T is a real type (not any, not unknown) */
function typed<T>(
  _value: T,
  ..._untyped: IsAny<T> extends true ? ["any"] : IsUnknown<T> extends true ? ["unknown"] : []
): void {}

let failed = 0;
function check(name: string, ok: boolean, detail: unknown = ""): void {
  if (ok) {
    console.log("ok - client: " + name);
  } else {
    failed++;
    console.log("not ok - client: " + name);
    console.log("#   " + JSON.stringify(detail).slice(0, 400));
  }
}

async function main(): Promise<void> {
  const [url, username, password] = process.argv.slice(2);
  const api = createClient<paths>({ baseUrl: url });

  const login = await api.POST("/api/v1/session", { body: { username, password } });
  check("log in", login.response.status === 200 && login.data !== undefined, login.error);
  if (!login.data) return;
  const token: string = login.data.token;
  const role: components["schemas"]["User"]["role"] = login.data.user.role;
  typed(login.data.expires_at);
  check("the session names the user and its role", login.data.user.username === username &&
        ["coordinator", "department", "provider", "auditor"].includes(role), login.data.user);
  api.use({
    onRequest({ request }) {
      request.headers.set("Authorization", "Bearer " + token);
      return request;
    },
  });

  const list = await api.GET("/api/v1/processes", { params: { query: { limit: 5 } } });
  check("list processes", list.response.status === 200 && list.data !== undefined, list.error);
  if (!list.data || list.data.items.length === 0) return;
  const first = list.data.items[0];
  const id: string = first.id;
  const recovery: number | null = first.recovery_h;
  typed(first.classification);
  // @ts-expect-error a process has no field the model does not name
  void first.no_such_field;
  check("a page of processes with total, ids and recovery times",
        list.data.total >= list.data.items.length && id.length > 0 &&
          (recovery === null || recovery >= 0), list.data);

  const cascade = await api.POST("/api/v1/cascade", {
    body: { fail: [id], outage_h: 24, horizon_h: 72 },
  });
  check("run a cascade", cascade.response.status === 200 && cascade.data !== undefined,
        cascade.error);
  if (!cascade.data) return;
  const node = cascade.data.nodes[0];
  typed(cascade.data.affected);
  typed(cascade.data.not_visible);
  const intervals: number[][] = node ? node.intervals : [];
  const kind: "process" | "service" | undefined = node?.type;
  check("the cascade's nodes are typed and the failed process is down from hour 0",
        cascade.data.failed.includes(id) &&
          cascade.data.nodes.some((n) => n.id === id && n.first_down_h === 0) &&
          intervals.every((i) => i.length === 2) && kind !== undefined,
        cascade.data);

  const queued = await api.POST("/api/v1/criticality", {
    body: { outage_h: 24, horizon_h: 72, top: 3 },
  });
  check("queue a criticality ranking (202 with the job's address)",
        queued.response.status === 202 && queued.data !== undefined &&
          queued.response.headers.get("Location") === queued.data.location,
        queued.error);
  if (!queued.data) return;
  const jobId: string = queued.data.id;
  let job: components["schemas"]["Job"] | undefined;
  for (let i = 0; i < 600; i++) {
    const r = await api.GET("/api/v1/jobs/{job}", { params: { path: { job: jobId } } });
    job = r.data;
    if (!job || job.status === "done" || job.status === "failed") break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  check("the job finishes", job !== undefined && job.status === "done", job);
  if (!job || job.status !== "done") return;
  if (job.kind === "criticality") {
    /* the discriminator narrows the result to the criticality ranking */
    const result = job.result;
    check("the finished job has its result", result !== undefined, job);
    if (!result) return;
    const top = result.ranking[0];
    typed(top.down_node_hours);
    const affected: number = top.affected;
    // @ts-expect-error a criticality result has no what-if cascade
    void result.cascade;
    check("the ranking is typed, at most top 3, most affected first",
          result.ranking.length <= 3 && result.ranking.length > 0 &&
            result.ranking.every((r, i) => i === 0 || r.affected <= result.ranking[i - 1].affected) &&
            affected >= 0 && result.horizon_h === 72,
          result);
  } else {
    check("the job's kind is criticality", false, job.kind);
  }
}

main().then(
  () => process.exit(failed ? 1 : 0),
  (err) => {
    console.log("not ok - client: " + String(err));
    process.exit(1);
  },
);
