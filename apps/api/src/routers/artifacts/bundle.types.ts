import { entityId, wholeNumber } from '@quarterdeck/contracts';
import { z } from 'zod';

// Seed 001's bundle endpoints keep the seed's snake_case fields, so its clients work unchanged.

export const bundleProjectInput = z.strictObject({ projectId: entityId });

export const cleanupBundlesInput = z.strictObject({
  max_age_hours: wholeNumber({ min: 1, max: 87_600 }).describe('Bundles generated longer ago than this many hours are deleted'),
});

export const bundleGeneratedOutput = z.object({
  /** Logical artifacts in the tree (their latest versions). */
  artifacts_generated: z.number().int(),
  zip_created: z.boolean(),
  download_available: z.boolean(),
  file_count: z.number().int(),
  size_bytes: z.number().int(),
  generated_at: z.string().describe('ISO 8601 date-time'),
});

export const BundleFileType = z.enum(['documentation', 'source', 'test', 'data', 'manifest']);

export const bundleSummaryOutput = z.object({
  download_available: z.boolean(),
  generated_at: z.string().nullable(),
  size_bytes: z.number().int(),
  artifact_count: z.number().int(),
  sha256: z.string().nullable(),
  /** Every file in the ZIP: its path, what it is, its size in bytes. */
  artifacts: z.array(z.object({ name: z.string(), type: BundleFileType, size: z.number().int() })),
});
export type BundleSummary = z.infer<typeof bundleSummaryOutput>;

export const bundleDeletedOutput = z.object({ cleaned_files: z.number().int(), status: z.literal('success') });

export const bundlesCleanedOutput = z.object({ cleaned_files: z.number().int(), freed_space_mb: z.number() });
