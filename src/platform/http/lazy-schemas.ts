// Route schemas compiled on first use (decision 0022). Fastify compiles every route's request
// validator (Ajv) and response serializer (fast-json-stringify) when the server becomes ready: with
// several hundred routes that was about 0.85 s of the start-up's CPU and a good part of the idle
// memory, for routes most processes never serve. These factories wrap Fastify's own defaults
// (@fastify/ajv-compiler, @fastify/fast-json-stringify-compiler, with the same server options) and
// compile a schema the first time its route validates or serializes — the same code, later.
//
// `eager: true` compiles at registration as Fastify does; a test builds the app that way so a broken
// schema still fails the build, not a first request in production.
import AjvCompiler from '@fastify/ajv-compiler';
import SerializerSelector from '@fastify/fast-json-stringify-compiler';
import type { FastifyServerOptions } from 'fastify';

type RouteDefinition = Record<string, unknown> & { schema?: unknown };
type Validate = ((data: unknown) => unknown) & { errors?: unknown };
type Serialize = (data: unknown) => string;
type ValidatorCompiler = (route: RouteDefinition) => Validate;
type SerializerCompiler = (route: RouteDefinition) => Serialize;

interface SchemaCompilersFactory {
  buildValidator(externalSchemas: unknown, options?: unknown): ValidatorCompiler;
  buildSerializer(externalSchemas: unknown, options?: unknown): SerializerCompiler;
}

type FastifyCompilersFactory = NonNullable<NonNullable<FastifyServerOptions['schemaController']>['compilersFactory']>;

/** The `schemaController.compilersFactory` Fastify option. */
export function lazySchemaCompilers(options: { eager?: boolean } = {}): FastifyCompilersFactory {
  return compilers(options) as unknown as FastifyCompilersFactory;
}

function compilers(options: { eager?: boolean }): SchemaCompilersFactory {
  const validators = AjvCompiler() as unknown as (external: unknown, options?: unknown) => ValidatorCompiler;
  const serializers = (SerializerSelector as unknown as () => (external: unknown, options?: unknown) => SerializerCompiler)();
  return {
    buildValidator(externalSchemas, ajvOptions) {
      const compile = validators(externalSchemas, ajvOptions);
      if (options.eager) return compile;
      return (route) => {
        let validate: Validate | undefined;
        // Fastify reads `errors` from the function it was given, after a failed call.
        const lazy: Validate = (data) => {
          validate ??= compile(route);
          const result = validate(data);
          lazy.errors = validate.errors;
          return result;
        };
        return lazy;
      };
    },
    buildSerializer(externalSchemas, serializerOptions) {
      const compile = serializers(externalSchemas, serializerOptions);
      if (options.eager) return compile;
      return (route) => {
        let serialize: Serialize | undefined;
        return (data) => (serialize ??= compile(route))(data);
      };
    },
  };
}
