import type { CountryCode } from 'libphonenumber-js/max';
import { z } from 'zod';
import { configBool, maskOrBlock } from '../../config/config-values.ts';
import { PII_ENTITIES, piiEntityNamed, type PiiEntity } from './pii-entities.ts';
import { phoneNumbers } from './phone-numbers.ts';

/**
 * `switchboard_pii`'s parameters. `pii_entities_config` (LiteLLM's name) maps entities to `mask` or `block`;
 * without it every entity is masked. `unmask_output` (or LiteLLM's `output_parse_pii`) restores the request's
 * masked values in the answer.
 */
export const piiParamsSchema = z
  .object({
    pii_entities_config: z.record(z.string(), maskOrBlock).optional(),
    unmask_output: configBool.optional(),
    output_parse_pii: configBool.optional(),
    phone_default_region: z.string().optional(),
  })
  .transform((params, ctx) => {
    const actions = new Map<PiiEntity, 'mask' | 'block'>();
    if (params.pii_entities_config === undefined) {
      for (const entity of PII_ENTITIES) actions.set(entity, 'mask');
    } else {
      for (const [name, action] of Object.entries(params.pii_entities_config)) {
        const entity = piiEntityNamed(name);
        if (entity === undefined) {
          ctx.addIssue({ code: 'custom', path: ['pii_entities_config', name], message: `unknown entity; supported: ${PII_ENTITIES.join(', ')}` });
          continue;
        }
        actions.set(entity, action);
      }
    }
    const region = (params.phone_default_region ?? 'US').toUpperCase();
    if (!phoneNumbers().isSupportedCountry(region)) {
      ctx.addIssue({ code: 'custom', path: ['phone_default_region'], message: 'must be a two-letter country code (e.g. US, GB, DE)' });
    }
    return {
      actions: actions as ReadonlyMap<PiiEntity, 'mask' | 'block'>,
      unmaskOutput: params.unmask_output ?? params.output_parse_pii ?? false,
      phoneRegion: region as CountryCode,
    };
  });

export type PiiParams = z.output<typeof piiParamsSchema>;
