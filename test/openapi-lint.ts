// Redocly lint (recommended rules) of an OpenAPI document; returns the errors, empty when clean.
import { createConfig, lintFromString } from '@redocly/openapi-core';

export async function lintOpenApi(source: string): Promise<string[]> {
  const config = await createConfig({ extends: ['recommended'], rules: { 'info-contact': 'off' } });
  const problems = await lintFromString({ source, absoluteRef: 'openapi.json', config });
  return problems
    .filter((p) => p.severity === 'error')
    .map((p) => `${p.ruleId}: ${p.message} @ ${p.location[0]?.pointer}`);
}
