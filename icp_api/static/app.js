// What every page shares: the API token kept for this tab, calls to the API with it,
// building elements (text is always set as text, never parsed as HTML) and the header.

const TOKEN_KEY = "icp.token";
const REASON_KEY = "icp.signout_reason";
const NEXT_KEY = "icp.next";
const WRITER_ROLES = ["ops", "admin"];

/** An answer of the API other than 2xx: its status and its `detail` (a sentence, or a
 * list of {field, message} for a refused intake). */
export class ApiError extends Error {
  constructor(status, detail) {
    super(typeof detail === "string" ? detail : `the server answered ${status}`);
    this.status = status;
    this.detail = detail;
  }
}

/** The claims in a JWT's payload, or null when it is not a readable JWT. Display only:
 * the server verifies the signature. */
export function decodeClaims(token) {
  const parts = token.split(".");
  if (parts.length !== 3) return null;
  try {
    const base64 = parts[1].replace(/-/g, "+").replace(/_/g, "/");
    const padded = base64 + "=".repeat((4 - (base64.length % 4)) % 4);
    const bytes = Uint8Array.from(atob(padded), (c) => c.charCodeAt(0));
    const claims = JSON.parse(new TextDecoder().decode(bytes));
    return claims && typeof claims === "object" ? claims : null;
  } catch {
    return null;
  }
}

/** The roles a token's claims name (`roles`, a list, or `role`). */
export function rolesOf(claims) {
  const raw = claims.roles ?? claims.role;
  return (Array.isArray(raw) ? raw : [raw]).filter((role) => typeof role === "string");
}

/** Whether the claims have expired (with the server's ten seconds of leeway). */
export function hasExpired(claims) {
  return typeof claims.exp === "number" && claims.exp * 1000 + 10_000 < Date.now();
}

/** The signed-in user of this tab, or null. */
export function currentSession() {
  const token = sessionStorage.getItem(TOKEN_KEY);
  const claims = token ? decodeClaims(token) : null;
  if (!claims) return null;
  const roles = rolesOf(claims);
  return {
    token,
    claims,
    roles,
    subject: String(claims.sub ?? ""),
    tenantId: claims.tenant_id,
    canWrite: roles.some((role) => WRITER_ROLES.includes(role)),
  };
}

export function storeToken(token) {
  sessionStorage.setItem(TOKEN_KEY, token);
}

/** Forget the token and go to the login page, which shows `reason` when given. */
export function signOut(reason) {
  sessionStorage.removeItem(TOKEN_KEY);
  if (reason) sessionStorage.setItem(REASON_KEY, reason);
  else sessionStorage.removeItem(REASON_KEY);
  window.location.assign("/ui/login");
}

/** Sign out with `reason`, and come back to this page after signing in again. */
function signOutAndReturn(reason) {
  sessionStorage.setItem(NEXT_KEY, window.location.pathname);
  signOut(reason);
}

/** The reason the last sign-out gave (read once), and the page to return to. */
export function takeSignOutReason() {
  const reason = sessionStorage.getItem(REASON_KEY);
  sessionStorage.removeItem(REASON_KEY);
  return reason;
}

export function takeNextPage() {
  const next = sessionStorage.getItem(NEXT_KEY);
  sessionStorage.removeItem(NEXT_KEY);
  return next && next.startsWith("/ui/") ? next : "/ui/suggestions";
}

/** Call the API with this tab's token. Resolves to the decoded JSON of a 2xx answer;
 * rejects with an ApiError otherwise. A 401 signs out with the server's reason. */
export async function api(path, { method = "GET", body, token } = {}) {
  const headers = { Accept: "application/json" };
  const bearer = token ?? sessionStorage.getItem(TOKEN_KEY);
  if (bearer) headers.Authorization = `Bearer ${bearer}`;
  if (body !== undefined) headers["Content-Type"] = "application/json";
  let response;
  try {
    response = await fetch(path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      cache: "no-store",
    });
  } catch {
    throw new ApiError(0, "the server could not be reached; is `icp serve` running?");
  }
  const data = await response.json().catch(() => null);
  if (response.ok) return data;
  const detail = data?.detail ?? `${response.status} ${response.statusText}`;
  if (response.status === 401 && !token) signOutAndReturn(`Signed out: ${describeDetail(detail)}.`);
  throw new ApiError(response.status, detail);
}

/** A file from the API (for example a CSV with `accept: "text/csv"`), as a Blob. */
export async function apiDownload(path, accept) {
  const headers = { Accept: accept };
  const bearer = sessionStorage.getItem(TOKEN_KEY);
  if (bearer) headers.Authorization = `Bearer ${bearer}`;
  let response;
  try {
    response = await fetch(path, { headers, cache: "no-store" });
  } catch {
    throw new ApiError(0, "the server could not be reached; is `icp serve` running?");
  }
  if (response.ok) return response.blob();
  const data = await response.json().catch(() => null);
  throw new ApiError(response.status, data?.detail ?? `${response.status} ${response.statusText}`);
}

/** An error detail in words: a sentence as is, field errors' messages joined (each
 * names its field in words; `field` is the machine path). */
export function describeDetail(detail) {
  if (Array.isArray(detail)) {
    return detail.map((item) => item.message).join(" ");
  }
  return String(detail);
}

/** A new element. `attributes` become attributes (`class`, `dataset`, `on<event>`
 * handled), children are nodes or strings, and strings are always inserted as text. */
export function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === false || value === null || value === undefined) continue;
    if (name === "class") node.className = value;
    else if (name === "dataset") Object.assign(node.dataset, value);
    else if (name.startsWith("on")) node.addEventListener(name.slice(2), value);
    else node.setAttribute(name, value === true ? "" : String(value));
  }
  node.append(
    ...children
      .flat()
      .filter((child) => child !== null && child !== undefined && child !== false)
      .map((child) => (child instanceof Node ? child : String(child))),
  );
  return node;
}

/** Set a node's text only when it changes, so live regions announce changes only. */
export function setText(node, text) {
  if (node.textContent !== text) node.textContent = text;
}

const numberFormat = new Intl.NumberFormat("en");
const dateFormat = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short" });

export function formatNumber(value) {
  return typeof value === "number" ? numberFormat.format(value) : "—";
}

export function formatDate(iso) {
  const date = iso ? new Date(iso) : null;
  return date && !Number.isNaN(date.getTime()) ? dateFormat.format(date) : "—";
}

export function plural(count, one, many = `${one}s`) {
  return `${formatNumber(count)} ${count === 1 ? one : many}`;
}

/** Show an error that concerns the whole page. */
export function showPageError(message) {
  const box = document.getElementById("page-error");
  box.textContent = message;
  box.hidden = false;
}

/** Start a signed-in page: without a token go to the login page (and come back after);
 * otherwise show who is signed in, wire "Sign out", and run `init(session)`. */
export function startPage(init) {
  const session = currentSession();
  if (!session) {
    signOutAndReturn("Sign in to continue.");
    return;
  }
  if (hasExpired(session.claims)) {
    signOutAndReturn("Your token has expired: paste a new one.");
    return;
  }
  const who = document.getElementById("who");
  who.textContent = `${session.subject} · tenant ${session.tenantId} · ${session.roles.join(", ")}`;
  document.getElementById("sign-out").addEventListener("click", () => signOut());
  Promise.resolve(init(session)).catch((error) => {
    if (error instanceof ApiError && error.status === 401) return; // already signing out
    showPageError(`Something went wrong: ${error.message}`);
  });
}
