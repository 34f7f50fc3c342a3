/**
 * The door of the application: it asks the server who is signed in (GET /api/session) and shows
 * the sign-in form until someone is, then the application, opened on the screen of their role.
 * A 401 from any later call (the session ended) brings the form back; what was on screen is
 * not kept, but nothing was sent without a session either.
 *
 * With no network (an inspector on the quay opening the screen the service worker kept), the
 * last session's who-and-what is used without its CSRF token: the screen opens, results wait
 * in the phone's outbox, and the token is fetched again when the network returns.
 */
import { useCallback, useEffect, useId, useState, type ReactNode, type SyntheticEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { callApi, type Problem } from '../api/api-client.ts';
import { homeOf, sessionEndedEvent, setSession, type Session } from './session.ts';

const keptSession = 'anticipa.session';

/** Who signed in last on this device, without the CSRF token (never kept beyond memory). */
function remember(session: Session): void {
  try {
    window.localStorage.setItem(keptSession, JSON.stringify({ ...session, csrfToken: null }));
  } catch {
    // Storage refused (private mode): offline opening will ask to sign in.
  }
}

function remembered(): Session | null {
  try {
    const text = window.localStorage.getItem(keptSession);
    return text === null ? null : (JSON.parse(text) as Session);
  } catch {
    return null;
  }
}

function forget(): void {
  try {
    window.localStorage.removeItem(keptSession);
  } catch {
    // Nothing kept.
  }
}

type GateState =
  | { readonly kind: 'checking' }
  | { readonly kind: 'signed-out' }
  | { readonly kind: 'in'; readonly session: Session };

export function SessionGate({ children }: { readonly children: ReactNode }) {
  const [state, setState] = useState<GateState>({ kind: 'checking' });

  const enter = useCallback((session: Session, fresh: boolean) => {
    setSession(session);
    if (fresh || window.location.hash === '' || window.location.hash === '#/') {
      window.location.hash = homeOf(session.principal.role);
    }
    setState({ kind: 'in', session });
  }, []);

  useEffect(() => {
    void callApi<Session>('GET', '/api/session').then((answer) => {
      if (answer.ok) {
        remember(answer.value);
        enter(answer.value, false);
        return;
      }
      const kept = answer.problem.status === 0 ? remembered() : null;
      if (kept) enter(kept, false);
      else setState({ kind: 'signed-out' });
    });
    const ended = () => {
      setSession(null);
      forget();
      setState({ kind: 'signed-out' });
    };
    // Back online: the session's CSRF token again, for what waited in the outbox.
    const online = () => {
      void callApi<Session>('GET', '/api/session').then((answer) => {
        if (answer.ok) setSession(answer.value);
      });
    };
    window.addEventListener(sessionEndedEvent, ended);
    window.addEventListener('online', online);
    return () => {
      window.removeEventListener(sessionEndedEvent, ended);
      window.removeEventListener('online', online);
    };
  }, [enter]);

  if (state.kind === 'checking') return null;
  if (state.kind === 'signed-out')
    return (
      <SignInPage
        onSignedIn={(session) => {
          enter(session, true);
        }}
      />
    );
  return <>{children}</>;
}

function SignInPage({ onSignedIn }: { readonly onSignedIn: (session: Session) => void }) {
  const { t, i18n } = useTranslation();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [problem, setProblem] = useState<Problem | null>(null);
  const [sending, setSending] = useState(false);
  const id = useId();
  const other = i18n.language === 'fr' ? 'en' : 'fr';

  const submit = async (event: SyntheticEvent) => {
    event.preventDefault();
    setSending(true);
    const answer = await callApi<Session>('POST', '/api/session', { username, password });
    setSending(false);
    if (answer.ok) {
      setPassword('');
      remember(answer.value);
      onSignedIn(answer.value);
    } else {
      setProblem(answer.problem);
    }
  };

  return (
    <main id="content" className="sign-in">
      <div className="brand">
        <span className="brand-name">{t('app.name')}</span>
        <span className="brand-tagline">{t('app.tagline')}</span>
      </div>
      <h1>{t('session.title')}</h1>
      <form onSubmit={(event) => void submit(event)} aria-describedby={problem ? `${id}-problem` : undefined}>
        <label htmlFor={`${id}-username`}>{t('session.username')}</label>
        <input
          id={`${id}-username`}
          name="username"
          autoComplete="username"
          required
          value={username}
          onChange={(event) => {
            setUsername(event.target.value);
          }}
        />
        <label htmlFor={`${id}-password`}>{t('session.password')}</label>
        <input
          id={`${id}-password`}
          name="password"
          type="password"
          autoComplete="current-password"
          required
          value={password}
          onChange={(event) => {
            setPassword(event.target.value);
          }}
        />
        {problem && (
          <p id={`${id}-problem`} className="problem" role="alert">
            {problem.status === 0 ? t('session.unreachable') : problem.detail}
          </p>
        )}
        <button type="submit" disabled={sending}>
          {t('session.signIn')}
        </button>
      </form>
      <button
        type="button"
        className="language-switch secondary"
        lang={other}
        title={t('app.switchLanguageLabel')}
        onClick={() => {
          void i18n.changeLanguage(other);
        }}
      >
        {t('app.switchLanguage')}
      </button>
      <p className="hint">{t('session.hint')}</p>
    </main>
  );
}

/** Who is signed in, with their role, and the way out; shown in the application's header. */
export function SessionBar() {
  const { t } = useTranslation();
  const [session, setShown] = useState<Session | null>(null);
  useEffect(() => {
    void callApi<Session>('GET', '/api/session').then((answer) => {
      if (answer.ok) setShown(answer.value);
    });
  }, []);
  if (!session) return null;
  const signOut = async () => {
    await callApi('DELETE', '/api/session');
    setSession(null);
    window.location.hash = '';
    window.dispatchEvent(new Event(sessionEndedEvent));
  };
  return (
    <div className="session-bar">
      <span>
        {session.displayName ?? session.principal.name} · {t(`role.${session.principal.role}`)}
        {session.principal.offices ? ` · ${session.principal.offices.join(', ')}` : ''}
      </span>
      <button type="button" className="secondary" onClick={() => void signOut()}>
        {t('session.signOut')}
      </button>
    </div>
  );
}
