import type { App } from '../app.ts';
import type { Feature as CoreFeature } from '../core/feature.ts';

/** A part of the campaign, installed on the campaign's services (src/compose.ts). */
export type Feature = CoreFeature<App>;
