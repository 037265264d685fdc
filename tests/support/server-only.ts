// Stand-in for the `server-only` package under vitest (aliased in vitest.config.ts): the real one throws
// whenever it is imported outside a React Server Components bundle, which is every test.
export {};
