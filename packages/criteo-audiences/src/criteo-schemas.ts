import { z } from 'zod';

// Only the fields the client reads: Criteo may add fields without breaking it.

const segmentResource = z.object({
  id: z.union([z.string(), z.number()]).transform(String),
  attributes: z
    .object({ name: z.string().nullish(), advertiserId: z.union([z.string(), z.number()]).nullish() })
    .nullish(),
});

export const searchResponseSchema = z.object({
  data: z.array(segmentResource).nullish(),
  meta: z.object({ totalItems: z.number().nullish() }).nullish(),
});

export const createResponseSchema = z.object({
  data: z.array(segmentResource).nullish(),
});

export const amendResponseSchema = z.object({
  data: z.object({
    attributes: z.object({
      nbValidIdentifiers: z.number().nullish(),
      nbInvalidIdentifiers: z.number().nullish(),
      sampleInvalidIdentifiers: z.array(z.string()).nullish(),
    }),
  }),
});

export const statisticsResponseSchema = z.object({
  data: z
    .object({
      attributes: z
        .object({
          numberOfIdentifiers: z.number().nullish(),
          numberOfMatches: z.number().nullish(),
          matchRate: z.number().nullish(),
        })
        .nullish(),
    })
    .nullish(),
});
