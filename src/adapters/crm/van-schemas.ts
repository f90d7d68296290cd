// Shapes of the NGP VAN / EveryAction API v4 answers we read, parsed with zod at the boundary.
// Paged lists come as { items, nextPageLink, count }; the canvassResponses lookups
// (contactTypes, resultCodes) come as bare arrays, so both forms are accepted there.
import { z } from 'zod';

const Named = { name: z.string() };

export const VanSurveyQuestion = z.object({
  surveyQuestionId: z.number().int(),
  ...Named,
  responses: z.array(z.object({ surveyResponseId: z.number().int(), ...Named })).default([]),
});

export const VanActivistCode = z.object({ activistCodeId: z.number().int(), ...Named });
export const VanResultCode = z.object({ resultCodeId: z.number().int(), ...Named });
export const VanContactType = z.object({ contactTypeId: z.number().int(), ...Named });

export function vanPage<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), nextPageLink: z.string().nullish(), count: z.number().optional() });
}

/** A bare array, or the paged envelope (first page only is expected for these short lists). */
export function vanListOrPage<T extends z.ZodType>(item: T) {
  return z.union([z.array(item), vanPage(item).transform((p) => p.items)]);
}

/** POST /people/find: { vanId, status: 'Matched' } (302 with a Location, or 200). */
export const VanMatch = z.object({ vanId: z.number().int().nullable(), status: z.string().optional() });

/** VAN's error envelope: { errors: [{ code, text, properties?, hint? }] }. */
export const VanErrors = z.object({
  errors: z.array(z.object({ code: z.string().optional(), text: z.string().optional(), properties: z.array(z.string()).optional() })),
});

/** A short, key-free and phone-free description of a VAN error answer. */
export function vanErrorDetail(body: unknown, fallback: string): string {
  const parsed = VanErrors.safeParse(body);
  if (!parsed.success || parsed.data.errors.length === 0) return fallback;
  const text = parsed.data.errors
    .map((e) => [e.code, e.text].filter(Boolean).join(': ') + (e.properties?.length ? ` (${e.properties.join(', ')})` : ''))
    .join('; ');
  return text.replace(/\+?\d{7,}/g, '[number]').replace(/[^\s@]+@[^\s@]+/g, '[email]').slice(0, 300);
}
