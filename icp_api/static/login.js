// The login page: paste an API token; it is checked against the API, then kept for this tab.

import {
  ApiError,
  api,
  decodeClaims,
  describeDetail,
  hasExpired,
  rolesOf,
  storeToken,
  takeNextPage,
  takeSignOutReason,
} from "./app.js";

const form = document.getElementById("login-form");
const input = document.getElementById("token");
const error = document.getElementById("token-error");
const reasonBox = document.getElementById("login-reason");

const reason = takeSignOutReason();
if (reason) {
  reasonBox.textContent = reason;
  reasonBox.hidden = false;
}

function refuse(message) {
  error.textContent = message;
  error.hidden = false;
  input.setAttribute("aria-invalid", "true");
  input.focus();
}

form.addEventListener("submit", async (event) => {
  event.preventDefault();
  error.hidden = true;
  input.removeAttribute("aria-invalid");
  const token = input.value.trim().replace(/^Bearer\s+/i, "");
  const claims = token ? decodeClaims(token) : null;
  if (!claims) {
    refuse("That is not an API token: paste the whole line `icp token` printed.");
    return;
  }
  if (hasExpired(claims)) {
    refuse("That token has expired: print a new one with `icp token`.");
    return;
  }
  if (rolesOf(claims).length === 0) {
    refuse("That token grants no role (viewer, ops or admin).");
    return;
  }
  try {
    await api("/icp/status", { token });
  } catch (failure) {
    const detail = failure instanceof ApiError ? describeDetail(failure.detail) : failure.message;
    refuse(`The server refused that token: ${detail}.`);
    return;
  }
  storeToken(token);
  window.location.assign(takeNextPage());
});
