import { createServices, type App, type AppDeps } from './app.ts';
import { Bot, logAndApologise } from './core/bot.ts';
import { Composer } from './core/composer.ts';
import { catalogueOf, type Feature } from './core/feature.ts';
import { apology } from './features/basic.ts';
import { FEATURES } from './features/index.ts';

/**
 * Puts the campaign together: the services, the features installed on them in chain order, and
 * the bot that runs the chain with its error hook. The one place that knows both the app and
 * the features, so neither has to know the other (docs/design.md, The shape).
 */
export function createApp(deps: AppDeps, features: readonly Feature<App>[] = FEATURES): { app: App; bot: Bot<App> } {
  const catalogue = catalogueOf(features);
  const app = createServices(deps, catalogue);
  const composer = new Composer<App>();
  for (const feature of features) feature.install(composer, app);
  const bot = new Bot(app, composer.middleware(), catalogue.affordances).catch(logAndApologise(apology));
  return { app, bot };
}
