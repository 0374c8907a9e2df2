// The part of node-postgres's utilities (no bundled types) the driver uses: a parameter's value as
// node-postgres sends it (driver.ts writes it as a literal).
declare module 'pg/lib/utils.js' {
  const utils: { prepareValue(value: unknown): string | Buffer | null };
  export default utils;
}
