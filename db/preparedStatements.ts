import type postgres from "postgres";

type Sql = postgres.Sql | postgres.TransactionSql;
type UnsafeArgs = Parameters<postgres.Sql["unsafe"]>;

/**
 * A postgres.js client whose queries are named prepared statements. Drizzle runs its queries
 * through `unsafe(text, params, { prepare: false })`, and postgres.js sends an unnamed statement
 * with parameters in two round trips (Parse and Describe first, to learn the parameter types, then
 * Bind and Execute), every time. Named, a statement is parsed and described once per connection and
 * then costs one round trip: on the users list that was half of the messages to the server and a
 * seventh of the app server's CPU under load. Each run is still planned for its own parameters
 * (plan_cache_mode = force_custom_plan, see client.ts). Statements are per connection and go with
 * it (DB_MAX_LIFETIME). Not for a transaction pooler, which cannot carry named statements.
 */
export function withPreparedStatements<T extends Sql>(client: T): T {
  return new Proxy(client, {
    get(target, property, receiver) {
      if (property === "unsafe") {
        return (query: UnsafeArgs[0], parameters?: UnsafeArgs[1], options?: UnsafeArgs[2]) =>
          target.unsafe(query, parameters, { ...options, prepare: true });
      }
      if (property === "begin" || property === "savepoint") {
        // The transaction's own client (drizzle's transactions run on it) prepares too.
        return (...args: unknown[]) => {
          const last = args.length - 1;
          const work = args[last] as (sql: Sql) => unknown;
          args[last] = (sql: Sql) => work(withPreparedStatements(sql));
          return (Reflect.get(target, property, receiver) as (...a: unknown[]) => unknown).apply(target, args);
        };
      }
      const value: unknown = Reflect.get(target, property, receiver);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}
