import "./_serverOnly";
import { spawn, type ChildProcess } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import { createRequire, register } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";
import autocannon from "autocannon";
import bcrypt from "bcryptjs";
import type { NextApiRequest, NextApiResponse } from "next";
import postgres from "postgres";
import { staffLogins } from "../e2e/roles";
import { benchDatabaseUrl, fmt, percentile } from "./_support";

/**
 * Issue #11 §1 "Under load": a signed-in back office through real HTTP. The production build
 * (`next start`, loopback only) on PostgreSQL sb_bench (1,000,000 users, `npm run bench -- seed`),
 * signed in once as a staff member (next-auth credentials, the session cookie sent by hand), loaded
 * with autocannon at 50 connections and at 1 for the users list, a filtered users list and a map
 * viewport: requests/s, p50, p95 (from every response time), non-2xx. Beside each: the same route
 * handler called in this process (as bench/backoffice.ts and bench/map.ts do: no session, no HTTP)
 * and the SQL floor (the statements that handler sent, captured with a Drizzle logger and replayed
 * on the same connection pool, one after another). Then where a signed-in list request's time goes,
 * and the users list once more on the embedded engine (PGlite). Figures are printed, never asserted.
 *
 * `npm run bench -- http`. BENCH_HTTP_SECONDS (10) per load run, BENCH_HTTP_PORT (3400; the embedded
 * server takes the next port), BENCH_HTTP_ITERATIONS (100) for the in-process timings,
 * BENCH_HTTP_EMBEDDED=0 skips the PGlite run. It builds into its own NEXT_DIST_DIR (.next-bench-http
 * unless set), so it never rebuilds a .next another run in the same tree is serving from.
 */

// server/auth/options.ts default-imports next-auth's CommonJS credentials provider, which Next's
// bundler unwraps; Node's ESM loader (tsx) hands over the whole exports object instead. For the
// in-process session figures, that one import is resolved to a module exporting its `default`.
const credentialsFile = pathToFileURL(createRequire(import.meta.url).resolve("next-auth/providers/credentials")).href;
register(
  "data:text/javascript," +
    encodeURIComponent(
      `export async function resolve(specifier, context, next) {
        if (specifier === "next-auth/providers/credentials")
          return { url: "data:text/javascript," + encodeURIComponent("import m from '${credentialsFile}'; export default m.default ?? m;"), shortCircuit: true };
        return next(specifier, context);
      }`,
    ),
);

const seconds = Number(process.env.BENCH_HTTP_SECONDS || 10);
const port = Number(process.env.BENCH_HTTP_PORT || 3400);
const iterations = Number(process.env.BENCH_HTTP_ITERATIONS || 100);
const embedded = process.env.BENCH_HTTP_EMBEDDED !== "0";
const BENCH_STAFF_EMAIL = "bench-http@saltbitter.test";

interface Scenario {
  name: string;
  path: string;
  /** The in-process call: the same route handler, given a Request for `path`. */
  kind: "list" | "map";
  goal50: { rps: number; p95: number };
  goal1: number;
}

const europe = "west=-25&south=33&east=45&north=64&zoom=4";
const scenarios: Scenario[] = [
  {
    name: "users list",
    path: "/api/resources/users?page=1&pageSize=25",
    kind: "list",
    goal50: { rps: 500, p95: 100 },
    goal1: 25,
  },
  {
    name: "users list, tier + verified",
    path: "/api/resources/users?page=1&pageSize=25&f.subscriptionTier.eq=premium&f.verified.eq=true&sort=createdAt&order=desc",
    kind: "list",
    goal50: { rps: 500, p95: 100 },
    goal1: 25,
  },
  {
    name: "map viewport, Europe zoom 4",
    path: `/api/map/viewport?${europe}`,
    kind: "map",
    goal50: { rps: 800, p95: 60 },
    goal1: 20,
  },
];

interface Stats {
  p50: number;
  p95: number;
}

const statsOf = (samples: number[]): Stats => ({ p50: percentile(samples, 50), p95: percentile(samples, 95) });

/** Warms up (5 calls), then times `runs` sequential calls. */
async function timed(fn: () => Promise<unknown>, runs = iterations): Promise<Stats> {
  for (let i = 0; i < 5; i++) await fn();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    samples.push(performance.now() - t0);
  }
  return statsOf(samples);
}

// ---------------------------------------------------------------------------------------------
// The server

interface Server {
  baseUrl: string;
  process: ChildProcess;
  /** The server's last output lines, shown when it fails to start. */
  tail: string[];
}

function startServer(serverPort: number, env: Record<string, string>, nextBin: string, root: string): Server {
  const child = spawn(process.execPath, [nextBin, "start", "-p", String(serverPort), "-H", "127.0.0.1"], {
    cwd: root,
    env: { ...process.env, ...env, PORT: String(serverPort), NODE_ENV: "production" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const tail: string[] = [];
  const keep = (chunk: Buffer) => {
    tail.push(...chunk.toString().split("\n").filter(Boolean));
    tail.splice(0, Math.max(0, tail.length - 40));
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  return { baseUrl: `http://127.0.0.1:${serverPort}`, process: child, tail };
}

async function waitForHealth(server: Server, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (server.process.exitCode !== null)
      throw new Error(`the server exited (${server.process.exitCode}):\n${server.tail.join("\n")}`);
    try {
      const response = await fetch(`${server.baseUrl}/api/health`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(
    `${server.baseUrl}/api/health did not answer 200 within ${timeoutMs / 1000} s:\n${server.tail.join("\n")}`,
  );
}

async function stopServer(server: Server): Promise<void> {
  if (server.process.exitCode !== null || server.process.signalCode !== null) return;
  const exited = new Promise((resolve) => server.process.once("exit", resolve));
  server.process.kill("SIGTERM");
  const timer = setTimeout(() => server.process.kill("SIGKILL"), 10_000);
  await exited;
  clearTimeout(timer);
}

// ---------------------------------------------------------------------------------------------
// Signing in, by hand: GET /api/auth/csrf, then POST the credentials with its cookie.

function cookiesOf(response: Response): Map<string, string> {
  const jar = new Map<string, string>();
  for (const line of response.headers.getSetCookie()) {
    const pair = line.split(";", 1)[0];
    const eq = pair.indexOf("=");
    if (eq > 0) jar.set(pair.slice(0, eq).trim(), pair.slice(eq + 1).trim());
  }
  return jar;
}

const cookieHeader = (jar: Map<string, string>) => [...jar].map(([name, value]) => `${name}=${value}`).join("; ");

/** Signs in once (login is throttled: server/auth/throttle.ts) and returns the session cookie. */
async function signIn(baseUrl: string, email: string, password: string): Promise<{ name: string; value: string }> {
  const csrfResponse = await fetch(`${baseUrl}/api/auth/csrf`);
  const { csrfToken } = (await csrfResponse.json()) as { csrfToken: string };
  const jar = cookiesOf(csrfResponse);
  const response = await fetch(`${baseUrl}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: cookieHeader(jar) },
    body: new URLSearchParams({ csrfToken, email, password, json: "true", callbackUrl: "/" }),
  });
  const session = [...cookiesOf(response)].find(([name]) => /next-auth\.session-token$/.test(name));
  if (!session) throw new Error(`sign-in as ${email} failed: ${response.status} ${await response.text()}`);
  const cookie = { name: session[0], value: session[1] };
  const check = await fetch(`${baseUrl}/api/auth/session`, { headers: { cookie: `${cookie.name}=${cookie.value}` } });
  const body = (await check.json()) as { user?: { staffId?: string } };
  if (!body.user?.staffId) throw new Error(`sign-in as ${email} gave no session: ${JSON.stringify(body)}`);
  return cookie;
}

/**
 * The demo admin when sb_bench has it with its demo password; otherwise a bench admin account,
 * created (or its password reset) here with the app's hashing (bcryptjs, BCRYPT_COST 12).
 */
async function benchStaff(sql: postgres.Sql): Promise<{ email: string; password: string }> {
  const demo = staffLogins.admin;
  const [row] = await sql<{ password_hash: string; disabled: boolean }[]>`
    SELECT password_hash, disabled FROM staff_accounts WHERE email = ${demo.email}`;
  if (row && !row.disabled && (await bcrypt.compare(demo.password, row.password_hash))) return demo;
  const password = crypto.randomBytes(18).toString("base64url");
  const { BCRYPT_COST } = await import("../server/auth/passwordCost");
  const hash = await bcrypt.hash(password, BCRYPT_COST);
  await sql`
    INSERT INTO staff_accounts (email, name, role, password_hash)
    VALUES (${BENCH_STAFF_EMAIL}, 'Bench HTTP', 'admin', ${hash})
    ON CONFLICT (email) DO UPDATE SET password_hash = EXCLUDED.password_hash, role = 'admin', disabled = false`;
  console.log(`(the demo admin is not in sb_bench: signed in as ${BENCH_STAFF_EMAIL}, created for this bench)`);
  return { email: BENCH_STAFF_EMAIL, password };
}

// ---------------------------------------------------------------------------------------------
// Load

interface Load {
  rps: number;
  p50: number;
  p95: number;
  requests: number;
  non2xx: number;
  errors: number;
}

const ms = (n: number) => (Number.isFinite(n) ? fmt(n, Math.abs(n) < 1 ? 2 : 1) : "–");

/** A load run's cells of the results table: scenario, connections, req/s, p50, p95, non-2xx, goal, verdict. */
const loadCells = (name: string, connections: number, result: Load, goal: string, verdict: string): string[] => [
  name,
  String(connections),
  fmt(result.rps, 0),
  ms(result.p50),
  ms(result.p95),
  result.non2xx || result.errors ? `${result.non2xx} !!!` : "0",
  goal,
  verdict,
];

function load(url: string, cookie: string, connections: number, duration: number): Promise<Load> {
  return new Promise((resolve, reject) => {
    const times: number[] = [];
    const instance = autocannon(
      { url, connections, duration, headers: { cookie }, timeout: 30 },
      (error: unknown, result: autocannon.Result) => {
        if (error) return reject(error instanceof Error ? error : new Error(String(error)));
        const { p50, p95 } = times.length ? statsOf(times) : { p50: NaN, p95: NaN };
        resolve({
          rps: result.requests.average,
          p50,
          p95,
          requests: result.requests.total,
          non2xx: result.non2xx,
          errors: result.errors + result.timeouts,
        });
      },
    );
    instance.on("response", (_client: unknown, _status: number, _bytes: number, responseTime: number) =>
      times.push(responseTime),
    );
  });
}

/** A few sequential requests first (JIT, connection pool, map_cells), failing on anything but 200. */
async function warmUp(url: string, cookie: string): Promise<void> {
  for (let i = 0; i < 20; i++) {
    const response = await fetch(url, { headers: { cookie } });
    const body = await response.text();
    if (response.status !== 200) throw new Error(`${url}: ${response.status} ${body.slice(0, 300)}`);
  }
}

// ---------------------------------------------------------------------------------------------

function printTable(rows: string[][], leftAligned: number[] = [0]) {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => (r[i] ?? "").length)));
  for (const [index, row] of rows.entries()) {
    console.log(
      "  " +
        row
          .map((cell, i) => (leftAligned.includes(i) ? cell.padEnd(widths[i]) : cell.padStart(widths[i])))
          .join("  ")
          .trimEnd(),
    );
    if (index === 0) console.log("  " + widths.map((w) => "-".repeat(w)).join("  "));
  }
}

export async function run(): Promise<void> {
  // Before buildFreshness reads it: a build of its own (next.config.mjs and buildFreshness honour it).
  process.env.NEXT_DIST_DIR ||= ".next-bench-http";
  const secret = crypto.randomBytes(32).toString("base64url");
  const baseUrl = `http://127.0.0.1:${port}`;
  // The in-process session pieces below read these as the server does.
  process.env.NEXTAUTH_SECRET = secret;
  process.env.NEXTAUTH_URL = baseUrl;

  const sql = postgres(benchDatabaseUrl, { max: 2, onnotice: () => {} });
  let login: { email: string; password: string };
  try {
    let hasUsers: boolean;
    try {
      [{ hasUsers }] = await sql<{ hasUsers: boolean }[]>`SELECT EXISTS (SELECT 1 FROM users) AS "hasUsers"`;
    } catch (error) {
      throw new Error(
        `${benchDatabaseUrl.replace(/\/\/[^@]*@/, "//")} is not readable (${error instanceof Error ? error.message : String(error)}): run \`npm run bench -- seed\` first`,
      );
    }
    if (!hasUsers) throw new Error("sb_bench has no users: run `npm run bench -- seed` first");
    login = await benchStaff(sql);
  } finally {
    await sql.end();
  }

  const { buildIfStale, nextBin, root } = await import("../scripts/buildFreshness.mjs");
  buildIfStale();

  const server = startServer(port, { DATABASE_URL: benchDatabaseUrl, NEXTAUTH_SECRET: secret }, nextBin, root);
  const { openDatabase, setDatabase } = await import("../db/client");
  const database = await openDatabase({ url: benchDatabaseUrl });
  try {
    await waitForHealth(server, 120_000);
    const session = await signIn(baseUrl, login.email, login.password);
    const cookie = `${session.name}=${session.value}`;
    const [{ n }] = await database.rows<{ n: number }>(
      (await import("drizzle-orm")).sql`SELECT reltuples::bigint AS n FROM pg_class WHERE relname = 'users'`,
    );
    console.log(
      `next start at ${baseUrl} on ${benchDatabaseUrl.replace(/\/\/[^@]*@/, "//")} (~${fmt(Number(n), 0)} users), ` +
        `signed in as ${login.email}; ${seconds} s per load run (autocannon); in-process: ${iterations} sequential calls`,
    );

    setDatabase(database);
    const inProcess = await inProcessCalls(database, login.email);

    const rows: string[][] = [
      ["scenario", "conns", "req/s", "p50 ms", "p95 ms", "non-2xx", "goal", "", "in-process p50/p95", "SQL floor p50"],
    ];
    const loud: string[] = [];
    const statementLines: string[] = [];
    const httpOne = new Map<string, Load>();
    for (const scenario of scenarios) {
      const url = `${baseUrl}${scenario.path}`;
      await warmUp(url, cookie);
      const handler = await timed(() => inProcess.call(scenario));
      const floor = await inProcess.sqlFloor(scenario);
      for (const statement of floor?.perStatement ?? [])
        statementLines.push(
          `  ${scenario.name.padEnd(28)} ${ms(statement.p50).padStart(7)} ms  ${statement.query.replace(/\s+/g, " ").slice(0, 110)}`,
        );
      for (const connections of [50, 1]) {
        const result = await load(url, cookie, connections, seconds);
        if (connections === 1) httpOne.set(scenario.name, result);
        const goal =
          connections === 50
            ? `≥ ${scenario.goal50.rps} req/s, p95 ≤ ${scenario.goal50.p95} ms`
            : `p95 ≤ ${scenario.goal1} ms`;
        const met =
          connections === 50
            ? result.rps >= scenario.goal50.rps && result.p95 <= scenario.goal50.p95
            : result.p95 <= scenario.goal1;
        if (result.non2xx || result.errors)
          loud.push(
            `!!! ${scenario.name} at ${connections} connections: ${result.non2xx} non-2xx responses, ${result.errors} errors/timeouts`,
          );
        rows.push([
          ...loadCells(scenario.name, connections, result, goal, met ? "met" : "MISSED"),
          `${ms(handler.p50)} / ${ms(handler.p95)}`,
          floor ? `${ms(floor.stats.p50)} (${floor.statements} stmts)` : "–",
        ]);
      }
    }
    console.log("\nPostgreSQL, production server (HTTP) vs the handler in-process vs its SQL:");
    printTable(rows, [0, 6, 7]);
    for (const line of loud) console.log(line);
    console.log(
      "  in-process: the route handler called here as the signed-in admin (runAsActor: no session, no HTTP), body read;\n" +
        "  SQL floor: the statements that one handler call sent (Drizzle logger), replayed one after another on a\n" +
        "  postgres.js pool (the list handler runs its page and its count concurrently, so it can beat this sum).",
    );
    console.log("\nThe SQL floor's statements (p50 each, as replayed):");
    for (const line of statementLines) console.log(line);

    await breakdown(inProcess, session, httpOne.get(scenarios[0].name));
  } finally {
    await database.close();
    await stopServer(server);
  }

  if (embedded) await embeddedRun(secret);
  else console.log("\nembedded (PGlite): skipped (BENCH_HTTP_EMBEDDED=0)");
}

// ---------------------------------------------------------------------------------------------
// In-process: the route handlers, their SQL, and the session's pieces

type Database = import("../db/client").Database;

interface InProcess {
  call(scenario: Scenario): Promise<string>;
  sqlFloor(
    scenario: Scenario,
  ): Promise<{ stats: Stats; statements: number; perStatement: (Stats & { query: string })[] } | null>;
  staffId: string;
}

async function inProcessCalls(database: Database, email: string): Promise<InProcess> {
  const [{ setDatabase }, { runAsActor }, { listRoute }, { GET: viewport }, drizzle, schema] = await Promise.all([
    import("../db/client"),
    import("../server/auth/actor"),
    import("../server/resources/routes"),
    import("../app/api/map/viewport/route"),
    import("drizzle-orm/postgres-js"),
    import("../db/schema"),
  ]);
  const [staff] = await database.rows<{ id: string; name: string }>(
    (await import("drizzle-orm")).sql`SELECT id, name FROM staff_accounts WHERE email = ${email}`,
  );
  const actor = { staffId: staff.id, email, name: staff.name, role: "admin" as const };

  const call = async (scenario: Scenario): Promise<string> => {
    const request = new Request(`http://bench.local${scenario.path}`);
    const response = await runAsActor(actor, () =>
      scenario.kind === "list"
        ? listRoute(request, { params: Promise.resolve({ resource: "users" }) })
        : viewport(request),
    );
    const body = await response.text();
    if (response.status !== 200) throw new Error(`${scenario.path} in-process: ${response.status} ${body}`);
    return body;
  };

  // The same database handle with a Drizzle logger over the same postgres.js client: every statement
  // the handler sends (db.select… and database.rows() both go through Drizzle) is captured with its parameters.
  const client = database.driver.postgres;
  const sqlFloor = async (scenario: Scenario) => {
    if (!client) return null;
    const captured: { query: string; params: unknown[] }[] = [];
    const recording = drizzle.drizzle(client, {
      schema,
      logger: { logQuery: (query, params) => captured.push({ query, params }) },
    }) as unknown as Database["db"];
    setDatabase({
      ...database,
      db: recording,
      rows: async <T>(query: import("drizzle-orm").SQL) => (await recording.execute(query)) as unknown as T[],
    } as Database);
    try {
      await call(scenario);
    } finally {
      setDatabase(database);
    }
    const each = captured.map(() => [] as number[]);
    const replay = async () => {
      for (const [i, { query, params }] of captured.entries()) {
        const t0 = performance.now();
        await client.unsafe(query, params as postgres.ParameterOrJSON<never>[], { prepare: true });
        each[i].push(performance.now() - t0);
      }
    };
    const stats = await timed(replay);
    const perStatement = captured.map(({ query }, i) => ({ query, ...statsOf(each[i]) }));
    return { stats, statements: captured.length, perStatement };
  };

  return { call, sqlFloor, staffId: staff.id };
}

/** Where one signed-in users-list request's time goes (p50s, sequential calls in this process). */
async function breakdown(inProcess: InProcess, session: { name: string; value: string }, http?: Load) {
  const [
    { decodeSessionToken: decode, encodeSessionToken: encode },
    { getServerSession },
    { authOptions, SESSION_MAX_AGE_SECONDS },
    { activeStaff },
  ] = await Promise.all([
    import("../server/auth/sessionToken"),
    import("next-auth/next"),
    import("../server/auth/options"),
    import("../server/auth/staffSignIn"),
  ]);
  const secret = process.env.NEXTAUTH_SECRET ?? "";
  const token = await decode({ token: session.value, secret });
  if (!token) throw new Error("the session cookie does not decode with the server's secret");
  const list = scenarios[0];
  const body = await inProcess.call(list);
  const parsed: unknown = JSON.parse(body);

  const decodeStats = await timed(() => decode({ token: session.value, secret }));
  const encodeStats = await timed(() => encode({ token, secret, maxAge: SESSION_MAX_AGE_SECONDS }));
  const lookupStats = await timed(() => activeStaff(inProcess.staffId));
  // getServerSession(authOptions) as a route handler runs it, with the request's cookies given here
  // instead of read from next/headers (its pages-router form; the same AuthHandler "session" action,
  // and the same no-op response whose re-issued cookie is dropped).
  const noCookies = { getHeader() {}, setCookie() {}, setHeader() {} };
  const sessionStats = await timed(async () => {
    const request = { headers: {}, cookies: { [session.name]: session.value } };
    const result = await getServerSession(
      request as unknown as NextApiRequest,
      noCookies as unknown as NextApiResponse,
      authOptions,
    );
    const user = result?.user as { staffId?: string } | undefined;
    if (!user?.staffId) throw new Error(`in-process session resolution failed: ${JSON.stringify(result)}`);
  });
  const handlerStats = await timed(() => inProcess.call(list));
  const jsonStats = await timed(async () => JSON.stringify(parsed));

  const inProcessTotal = sessionStats.p50 + handlerStats.p50;
  const rows: string[][] = [
    ["piece (users list, page 1 of 25)", "p50 ms", "p95 ms", ""],
    ["session JWT decode of the cookie", ms(decodeStats.p50), ms(decodeStats.p95), "part of the session below"],
    ["session JWT re-encode (cookie dropped)", ms(encodeStats.p50), ms(encodeStats.p95), "part of the session below"],
    ["staff lookup (activeStaff, jwt callback)", ms(lookupStats.p50), ms(lookupStats.p95), "part of the session below"],
    ["session resolution (getServerSession)", ms(sessionStats.p50), ms(sessionStats.p95), "decode, lookup, re-encode"],
    ["route handler total (runAsActor)", ms(handlerStats.p50), ms(handlerStats.p95), "parse, SQL, rows, JSON"],
    [
      `JSON serialisation of its body (${fmt(Buffer.byteLength(body) / 1024)} KB)`,
      ms(jsonStats.p50),
      ms(jsonStats.p95),
      "part of the handler",
    ],
    ["in-process total (session + handler)", ms(inProcessTotal), "", ""],
  ];
  if (http) {
    rows.push(["HTTP, 1 connection", ms(http.p50), ms(http.p95), ""]);
    rows.push([
      "Next.js/HTTP overhead (HTTP − in-process)",
      ms(http.p50 - inProcessTotal),
      "",
      "proxy.ts, routing, next/headers, sockets",
    ]);
  }
  console.log("\nWhere a signed-in users-list request's time goes (p50 of sequential calls, this process):");
  printTable(rows, [0, 3]);
}

// ---------------------------------------------------------------------------------------------
// Embedded: the users list on PGlite, seeded with the demo set on first start

async function embeddedRun(secret: string): Promise<void> {
  const { nextBin, root } = await import("../scripts/buildFreshness.mjs");
  const dataDir = path.join(root, ".data", `bench-http-${Date.now()}`);
  const embeddedPort = port + 1;
  console.log(`\nembedded (PGlite, a fresh data dir; the demo seed on first start takes a while)…`);
  const server = startServer(
    embeddedPort,
    {
      DATABASE_URL: "",
      PGLITE_DATA_DIR: dataDir,
      NEXTAUTH_SECRET: secret,
      NEXTAUTH_URL: `http://127.0.0.1:${embeddedPort}`,
    },
    nextBin,
    root,
  );
  try {
    const started = performance.now();
    await waitForHealth(server, 300_000);
    const ready = (performance.now() - started) / 1000;
    const { email, password } = staffLogins.admin;
    const session = await signIn(server.baseUrl, email, password);
    const cookie = `${session.name}=${session.value}`;
    const url = `${server.baseUrl}${scenarios[0].path}`;
    await warmUp(url, cookie);
    const rows: string[][] = [["scenario", "conns", "req/s", "p50 ms", "p95 ms", "non-2xx", "goal", ""]];
    for (const connections of [50, 1]) {
      const result = await load(url, cookie, connections, seconds);
      const goal = connections === 50 ? "≥ 150 req/s, p95 ≤ 200 ms" : "";
      const met = connections === 50 ? (result.rps >= 150 && result.p95 <= 200 ? "met" : "MISSED") : "";
      if (result.non2xx || result.errors)
        console.log(`!!! embedded users list at ${connections}: ${result.non2xx} non-2xx, ${result.errors} errors`);
      rows.push(loadCells("users list (PGlite, demo seed)", connections, result, goal, met));
    }
    console.log(`server ready in ${fmt(ready)} s (open, migrate, demo seed)`);
    printTable(rows, [0, 6, 7]);
  } finally {
    await stopServer(server);
    fs.rmSync(dataDir, { recursive: true, force: true });
    fs.rmSync(`${dataDir}.lock`, { force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  run().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
