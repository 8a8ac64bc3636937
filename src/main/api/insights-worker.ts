import type { DescriptorMix, InsightLabel, Insights } from '../../shared/api-entities.js';
import { openDatabase } from '../store/db.js';
import { measureInsights } from './insights-measure.js';

/** One measurement off the main thread, on its own read-only connection to the library. */
export interface InsightsJob {
  readonly databasePath: string;
  readonly label: InsightLabel;
  readonly mix: DescriptorMix;
}

export default function measure(job: InsightsJob): Insights {
  const db = openDatabase(job.databasePath, { readonly: true });
  try {
    return measureInsights(db, job.label, job.mix);
  } finally {
    db.close();
  }
}
