// The part of jsonld (no bundled types) the DCAT test uses: expansion with an inline context.
declare module 'jsonld' {
  const jsonld: { expand(input: object, options?: object): Promise<Record<string, unknown>[]> };
  export default jsonld;
}
