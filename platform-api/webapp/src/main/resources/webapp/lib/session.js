// Who is signed in. The access token lives in localStorage; its claims (sub, product, roles,
// age_group) decide what the app shows. The edge and the services check the token again.
// A sign-in through the identity service also keeps its refresh token, its ID token (the proof
// the sign-out hands back to the identity service) and the account's name.
const KEY = 'companion.token';
const REFRESH = 'companion.refresh';
const ID_TOKEN = 'companion.idToken';
const NAME = 'companion.name';
const PKCE = 'companion.pkce';
const CLIENT_ID = 'companion-web';
const listeners = new Set();
let refreshing = null;

function decode(token) {
  try {
    const part = token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
    const json = decodeURIComponent(
      [...atob(part)].map((c) => `%${c.charCodeAt(0).toString(16).padStart(2, '0')}`).join(''));
    return JSON.parse(json);
  } catch {
    return null;
  }
}

export const session = {
  token() {
    const token = localStorage.getItem(KEY);
    if (!token) return null;
    const claims = decode(token);
    if (!claims || (claims.exp && claims.exp * 1000 < Date.now())) {
      localStorage.removeItem(KEY);
      return null;
    }
    return token;
  },
  claims() {
    const token = this.token();
    return token ? decode(token) : null;
  },
  user() {
    const c = this.claims();
    if (!c) return null;
    const roles = Array.isArray(c.roles) ? c.roles : String(c.roles || '').split(/[ ,]/).filter(Boolean);
    return {
      id: c.sub, name: localStorage.getItem(NAME) || c.sub, product: c.product, roles,
      ageGroup: c.age_group, minor: c.age_group === 'minor',
    };
  },
  has(role) {
    const u = this.user();
    return Boolean(u && (u.roles.includes(role) || u.roles.includes('admin')));
  },
  /**
   * refresh: the identity service's refresh token and its token endpoint; name: the account's;
   * idToken: the identity service's ID token, kept for the sign-out.
   */
  signIn(token, { refresh, name, idToken } = {}) {
    keep(token, refresh, name, idToken);
    listeners.forEach((l) => l());
  },
  /**
   * Signs out: revokes the refresh token at the identity service (RFC 7009), forgets the sign-in
   * here, then, for a sign-in through the identity service, sends the browser to its end-session
   * endpoint (OpenID Connect RP-Initiated Logout), which ends the identity service's own sign-in
   * session in this browser and sends it back to the app's start page. Without that last step the
   * next "Sign in with your account" on a shared device would go straight through as this account.
   * A revocation that fails or takes too long still signs out: the user asked to leave.
   * endSession false: this browser only (the tokens were refused; the user did not ask).
   */
  async signOut({ endSession = true } = {}) {
    if (refreshing) await refreshing; // a rotation in flight would bring back a token to revoke
    const saved = JSON.parse(localStorage.getItem(REFRESH) || 'null');
    const idToken = localStorage.getItem(ID_TOKEN);
    if (saved) await revoke(saved).catch(() => {});
    keep(null);
    if (endSession && saved && idToken) {
      location.assign(endSessionUrl(saved.endpoint, idToken));
      return;
    }
    listeners.forEach((l) => l());
  },
  /**
   * A new access token for the refresh token, if there is one; resolves true when it worked. One
   * refresh at a time: refresh tokens rotate, and one used twice revokes the whole sign-in.
   */
  refresh() {
    const saved = JSON.parse(localStorage.getItem(REFRESH) || 'null');
    if (!saved) return Promise.resolve(false);
    refreshing ||= tokenRequest(saved.endpoint, {
      grant_type: 'refresh_token', refresh_token: saved.token, client_id: CLIENT_ID,
    }).then((answer) => {
      // a refresh brings a new ID token; the identity service knows the sign-in by the newest one
      keep(answer.access_token, { token: answer.refresh_token, endpoint: saved.endpoint }, localStorage.getItem(NAME),
        answer.id_token || localStorage.getItem(ID_TOKEN));
      return true;
    }, (e) => {
      if (e.status) { // refused, not merely offline: the sign-in is over, its ID token with it
        localStorage.removeItem(REFRESH);
        localStorage.removeItem(ID_TOKEN);
      }
      return false;
    }).finally(() => { refreshing = null; });
    return refreshing;
  },
  /** The edge refused the token even after a refresh: sign out here, without leaving the page. */
  expired() {
    this.signOut({ endSession: false });
  },
  onChange(listener) {
    listeners.add(listener);
  },
};

function keep(token, refresh, name, idToken) {
  const set = (key, value) => (value ? localStorage.setItem(key, value) : localStorage.removeItem(key));
  set(KEY, token);
  set(REFRESH, refresh && refresh.token ? JSON.stringify(refresh) : null);
  set(NAME, name);
  set(ID_TOKEN, idToken);
}

/**
 * Sign-in through the identity service (OAuth 2.1 authorization code with PKCE): the verifier and
 * a random state stay in sessionStorage (this tab only) while the browser visits the sign-in form;
 * the identity service sends it back to /callback, where finishIdentitySignIn takes over.
 */
export async function startIdentitySignIn(identityUrl) {
  const verifier = base64url(crypto.getRandomValues(new Uint8Array(32)));
  const state = base64url(crypto.getRandomValues(new Uint8Array(16)));
  const challenge = base64url(new Uint8Array(
    await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier))));
  const back = location.pathname === '/callback' ? '/' : location.pathname + location.search;
  sessionStorage.setItem(PKCE, JSON.stringify({ verifier, state, back, identityUrl }));
  const url = new URL('/oauth2/authorize', identityUrl);
  url.search = new URLSearchParams({
    response_type: 'code',
    client_id: CLIENT_ID,
    redirect_uri: `${location.origin}/callback`,
    scope: 'openid profile',
    state,
    code_challenge: challenge,
    code_challenge_method: 'S256',
  }).toString();
  location.assign(url.toString());
}

/** Why a sign-in could not be finished: an i18n key, and the identity service's words if any. */
export class SignInFailed extends Error {
  constructor(key, detail, back) {
    super(detail || key);
    this.key = key;
    this.detail = detail || '';
    this.back = back || '/';
  }
}

/**
 * The callback: checks the state, exchanges the code for tokens and signs in. The PKCE entry is
 * used once, whatever happens. Resolves the path the user started from; throws SignInFailed.
 */
export async function finishIdentitySignIn(params) {
  const pending = JSON.parse(sessionStorage.getItem(PKCE) || 'null');
  sessionStorage.removeItem(PKCE);
  const back = pending && /^\/(?!\/)/.test(pending.back) ? pending.back : '/';
  if (params.get('error')) throw new SignInFailed('signin.refused', params.get('error_description') || params.get('error'), back);
  if (!pending || !params.get('code') || params.get('state') !== pending.state) throw new SignInFailed('signin.badState', '', back);
  const endpoint = new URL('/oauth2/token', pending.identityUrl).toString();
  let answer;
  try {
    answer = await tokenRequest(endpoint, {
      grant_type: 'authorization_code', client_id: CLIENT_ID, redirect_uri: `${location.origin}/callback`,
      code: params.get('code'), code_verifier: pending.verifier,
    });
  } catch (e) {
    throw new SignInFailed('signin.refused', e.message, back);
  }
  const id = answer.id_token ? decode(answer.id_token) : null;
  session.signIn(answer.access_token, {
    refresh: { token: answer.refresh_token, endpoint }, name: id && id.preferred_username, idToken: answer.id_token,
  });
  return back;
}

/** How long sign-out waits for the identity service before it signs out locally anyway. */
const REVOKE_TIMEOUT_MS = 5000;

/**
 * The end-session request (OpenID Connect RP-Initiated Logout 1.0): the ID token proves which
 * sign-in and app ask; the identity service sends the browser back only to a registered
 * post_logout_redirect_uri, here the app's start page (<origin>/, registered for companion-web).
 * The endpoint is the identity service's end_session_endpoint, beside its token endpoint as its
 * discovery document says (Spring Authorization Server's /connect/logout, routed by the edge).
 */
function endSessionUrl(tokenEndpoint, idToken) {
  const url = new URL('/connect/logout', tokenEndpoint);
  url.search = new URLSearchParams({
    id_token_hint: idToken, client_id: CLIENT_ID, post_logout_redirect_uri: `${location.origin}/`,
  }).toString();
  return url.toString();
}

/** RFC 7009 revocation of a refresh token; the endpoint sits beside the token endpoint. */
async function revoke(saved) {
  const response = await fetch(new URL('/oauth2/revoke', saved.endpoint), {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
    body: new URLSearchParams({ token: saved.token, token_type_hint: 'refresh_token', client_id: CLIENT_ID }),
    cache: 'no-store',
    signal: AbortSignal.timeout(REVOKE_TIMEOUT_MS),
  });
  if (!response.ok) throw new Error(`revocation refused: ${response.status}`);
}

/** POSTs a form to the token endpoint; throws an Error with the status and the OAuth error. */
async function tokenRequest(endpoint, form) {
  const response = await fetch(endpoint, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
    body: new URLSearchParams(form),
    cache: 'no-store',
  });
  const answer = await response.json().catch(() => null);
  if (!response.ok || !answer || !answer.access_token) {
    const e = new Error((answer && (answer.error_description || answer.detail || answer.error)) || `${response.status}`);
    e.status = response.status;
    throw e;
  }
  return answer;
}

function base64url(bytes) {
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}
