// Who is signed in. The token lives in localStorage; its claims (sub, product, roles,
// age_group) decide what the app shows. The edge and the services check the token again.
const KEY = 'companion.token';
const listeners = new Set();

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
    return { id: c.sub, product: c.product, roles, ageGroup: c.age_group, minor: c.age_group === 'minor' };
  },
  has(role) {
    const u = this.user();
    return Boolean(u && (u.roles.includes(role) || u.roles.includes('admin')));
  },
  signIn(token) {
    localStorage.setItem(KEY, token);
    listeners.forEach((l) => l());
  },
  signOut() {
    localStorage.removeItem(KEY);
    listeners.forEach((l) => l());
  },
  expired() {
    this.signOut();
  },
  onChange(listener) {
    listeners.add(listener);
  },
};

/**
 * Sign-in through the identity service (OAuth 2.1 authorization code + PKCE). This is the hook
 * for it: once GET /v1/app/config names an identity_url, the sign-in page offers it and this
 * starts the flow; the callback page exchanges the code and calls session.signIn(token).
 */
export async function startIdentitySignIn(identityUrl, product) {
  const verifier = base64url(crypto.getRandomValues(new Uint8Array(32)));
  const challenge = base64url(new Uint8Array(
    await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier))));
  sessionStorage.setItem('companion.pkce', JSON.stringify({ verifier, back: location.pathname }));
  const url = new URL('/oauth2/authorize', identityUrl);
  url.search = new URLSearchParams({
    response_type: 'code',
    client_id: `web-${product}`,
    redirect_uri: `${location.origin}/`,
    scope: 'openid',
    code_challenge: challenge,
    code_challenge_method: 'S256',
  }).toString();
  location.assign(url.toString());
}

function base64url(bytes) {
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}
