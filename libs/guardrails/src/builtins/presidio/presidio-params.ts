import { z } from 'zod';
import { configBool, configNumber, httpUrl, maskOrBlock, stringList } from '../../config/config-values.ts';

const baseUrl = (url: string): string => url.replace(/\/+$/, '');

/**
 * `presidio`'s parameters, LiteLLM's names: the analyzer and anonymizer bases (both required), the
 * language, per-entity actions (`pii_entities_config`, Presidio entity names → mask/block; without it every
 * entity Presidio finds is masked), per-entity minimum scores (`presidio_score_thresholds`, `ALL` for
 * every entity), entities to ignore (`presidio_entities_deny_list`), and `output_parse_pii` /
 * `unmask_output` to restore masked values in the answer.
 */
export const presidioParamsSchema = z
  .object({
    presidio_analyzer_api_base: httpUrl,
    presidio_anonymizer_api_base: httpUrl,
    presidio_language: z.string().min(1).optional(),
    pii_entities_config: z.record(z.string(), maskOrBlock).optional(),
    presidio_score_thresholds: z.record(z.string(), configNumber.pipe(z.number().min(0).max(1))).optional(),
    presidio_entities_deny_list: stringList.optional(),
    output_parse_pii: configBool.optional(),
    unmask_output: configBool.optional(),
  })
  .transform((params) => ({
    analyzeUrl: `${baseUrl(params.presidio_analyzer_api_base)}/analyze`,
    anonymizeUrl: `${baseUrl(params.presidio_anonymizer_api_base)}/anonymize`,
    language: params.presidio_language ?? 'en',
    actions: params.pii_entities_config === undefined ? undefined : new Map(Object.entries(params.pii_entities_config).map(([entity, action]) => [entity.toUpperCase(), action])),
    thresholds: new Map(Object.entries(params.presidio_score_thresholds ?? {}).map(([entity, score]) => [entity.toUpperCase(), score])),
    denied: new Set((params.presidio_entities_deny_list ?? []).map((entity) => entity.toUpperCase())),
    unmaskOutput: params.unmask_output ?? params.output_parse_pii ?? false,
  }));

export type PresidioParams = z.output<typeof presidioParamsSchema>;
