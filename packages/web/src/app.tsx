/**
 * The application frame: a skip link, the header with the main navigation and the language
 * switch, who is signed in, then the screen the address names. The navigation offers the
 * sections the signed-in role may use (the server refuses the rest anyway).
 */
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { BacktestPage } from './backtest/backtest-page.tsx';
import { DashboardPage } from './dashboard/dashboard-page.tsx';
import { DeclarationPage } from './declaration/declaration-page.tsx';
import { EffectivenessPage } from './effectiveness/effectiveness-page.tsx';
import { InspectionPage } from './inspection/inspection-page.tsx';
import { useRoute, type Route } from './router.ts';
import { RuleSetPage } from './rule-sets/rule-set-page.tsx';
import { RuleSetsPage } from './rule-sets/rule-sets-page.tsx';
import { SessionBar } from './session/session-gate.tsx';
import { may } from './session/session.ts';
import { WorklistPage } from './worklist/worklist-page.tsx';

const sections = [
  { screen: 'worklist', hash: '#/worklist', label: 'nav.worklist', permission: 'declaration.read' },
  { screen: 'inspection', hash: '#/inspection', label: 'nav.inspection', permission: 'inspection.record' },
  { screen: 'rule-sets', hash: '#/rule-sets', label: 'nav.ruleSets', permission: 'rule_set.read' },
  { screen: 'backtest', hash: '#/backtest', label: 'nav.backtest', permission: 'backtest.run' },
  {
    screen: 'effectiveness',
    hash: '#/effectiveness',
    label: 'nav.effectiveness',
    permission: 'criteria_indicators.read',
  },
  { screen: 'dashboard', hash: '#/dashboard', label: 'nav.dashboard', permission: 'indicators.read' },
] as const;

/** The section a screen belongs to, for the navigation's current mark. */
function sectionOf(route: Route): string {
  switch (route.screen) {
    case 'file':
      return 'worklist';
    case 'rule-set':
      return 'rule-sets';
    case 'worklist':
    case 'rule-sets':
    case 'backtest':
    case 'effectiveness':
    case 'dashboard':
    case 'inspection':
    case 'not-found':
      return route.screen;
  }
}

function Screen({ route }: { readonly route: Route }) {
  const { t } = useTranslation();
  switch (route.screen) {
    case 'worklist':
      return <WorklistPage query={route.query} />;
    case 'file':
      return <DeclarationPage key={route.id} id={route.id} />;
    case 'rule-sets':
      return <RuleSetsPage />;
    case 'rule-set':
      return <RuleSetPage key={route.version} version={route.version} />;
    case 'backtest':
      return <BacktestPage query={route.query} />;
    case 'effectiveness':
      return <EffectivenessPage query={route.query} />;
    case 'dashboard':
      return <DashboardPage query={route.query} />;
    case 'inspection':
      return <InspectionPage query={route.query} />;
    case 'not-found':
      return <p>{t('app.notFound')}</p>;
  }
}

export function App() {
  const { t, i18n } = useTranslation();
  const route = useRoute();
  const main = useRef<HTMLElement>(null);
  const other = i18n.language === 'fr' ? 'en' : 'fr';

  // A new screen: move focus to its content, as a page load would, for keyboard and screen readers.
  const key = JSON.stringify(route, (_, value: unknown) =>
    value instanceof URLSearchParams ? value.toString() : value,
  );
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    main.current?.focus();
  }, [key]);

  useEffect(() => {
    document.title = `${t('app.name')} · ${t('app.tagline')}`;
  }, [t]);

  return (
    <>
      <a
        className="skip-link"
        href="#content"
        onClick={(event) => {
          event.preventDefault();
          main.current?.focus();
        }}
      >
        {t('app.skipToContent')}
      </a>
      <header className="app-header">
        <div className="brand">
          <span className="brand-name">{t('app.name')}</span>
          <span className="brand-tagline">{t('app.tagline')}</span>
        </div>
        <nav aria-label={t('app.mainNavigation')}>
          <ul>
            {sections
              .filter((section) => may(section.permission))
              .map((section) => (
                <li key={section.screen}>
                  <a
                    href={section.hash}
                    aria-current={sectionOf(route) === section.screen ? 'page' : undefined}
                  >
                    {t(section.label)}
                  </a>
                </li>
              ))}
          </ul>
        </nav>
        <button
          type="button"
          className="language-switch"
          lang={other}
          title={t('app.switchLanguageLabel')}
          onClick={() => {
            void i18n.changeLanguage(other);
          }}
        >
          {t('app.switchLanguage')}
        </button>
        <SessionBar />
      </header>
      <main id="content" ref={main} tabIndex={-1}>
        <Screen route={route} />
      </main>
      <footer className="app-footer">
        <p>
          <a href="/docs">{t('app.apiDocs')}</a>
        </p>
      </footer>
    </>
  );
}
