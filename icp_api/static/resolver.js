// The resolver: seeds whose register entity is ambiguous or unknown. A writer confirms
// the proposed entity, picks another candidate or types a UEN; the server stores it and
// the tenant's mapping runs again.

import { ApiError, api, describeDetail, el, plural, startPage } from "./app.js";

const UEN = /^[0-9A-Za-z]{9,10}$/;
const STATUS_WORDS = {
  ambiguous: "Ambiguous",
  unmatched: "Unmatched",
  matched_by_site: "Matched by its website",
  confirmed: "Confirmed",
};

const message = document.getElementById("resolver-message");
let session = null;

function say(text, kind) {
  message.className = kind;
  message.textContent = text;
  message.hidden = false;
  message.focus();
}

async function resolve(seed, uen, buttons) {
  for (const button of buttons) button.disabled = true;
  try {
    const stored = await api(`/icp/resolver/${encodeURIComponent(seed.seed_id)}`, {
      method: "POST",
      body: { uen },
    });
    await load();
    say(
      `Stored ${stored.entity_name} (UEN ${stored.uen}) for ${seed.name}. Your mapping runs ` +
        `again as ${stored.rerun_job_id}.`,
      "success",
    );
    return null;
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return null;
    return describeDetail(error.detail ?? error.message);
  } finally {
    for (const button of buttons) button.disabled = false;
  }
}

function currentLine(seed) {
  const current = seed.current;
  if (!current) return el("p", {}, "No register entity found for this customer.");
  const score = typeof current.score === "number" ? `, score ${current.score.toFixed(2)}` : "";
  const lead = {
    confirmed: "Confirmed",
    matched_by_site: "Matched by its website",
  }[seed.status] ?? "Best guess";
  return el(
    "p",
    {},
    `${lead}: `,
    el("strong", {}, current.entity_name ?? "unnamed entity"),
    ` (UEN ${current.uen}${score})`,
    current.reason ? el("span", { class: "reason" }, ` — ${current.reason}`) : null,
  );
}

function candidateTable(seed, buttons) {
  if (!seed.candidates.length) return el("p", { class: "muted" }, "No candidates from the register.");
  const rows = seed.candidates.map((candidate) => {
    const isCurrent = seed.current?.uen === candidate.uen;
    let action = null;
    if (session.canWrite && !(isCurrent && seed.status === "confirmed")) {
      const verb = isCurrent ? "Confirm" : "Pick";
      const pick = el(
        "button",
        {
          type: "button",
          class: "secondary",
          "aria-label": `${verb} ${candidate.entity_name} (UEN ${candidate.uen}) for ${seed.name}`,
        },
        verb,
      );
      pick.addEventListener("click", async () => {
        const problem = await resolve(seed, candidate.uen, buttons);
        if (problem) say(`Not stored: ${problem}`, "error");
      });
      buttons.push(pick);
      action = pick;
    } else if (isCurrent) {
      action = el("span", { class: "badge" }, "chosen");
    }
    return el(
      "tr",
      { class: isCurrent ? "current" : null, dataset: { uen: candidate.uen } },
      el("th", { scope: "row" }, candidate.entity_name),
      el("td", {}, el("code", {}, candidate.uen)),
      el("td", {}, candidate.status ?? "—"),
      el(
        "td",
        {},
        candidate.primary_ssic_code ? el("code", {}, candidate.primary_ssic_code) : "—",
        " ",
        candidate.primary_ssic_description ?? "",
      ),
      el("td", { class: "number" }, typeof candidate.score === "number" ? candidate.score.toFixed(2) : "—"),
      el("td", {}, action),
    );
  });
  return el(
    "table",
    { class: "candidates" },
    el("caption", {}, `Register candidates for ${seed.name}`),
    el(
      "thead",
      {},
      el(
        "tr",
        {},
        ["Entity", "UEN", "Status", "Primary SSIC"].map((label) =>
          el("th", { scope: "col" }, label),
        ),
        el("th", { scope: "col", class: "number" }, "Score"),
        el("th", { scope: "col" }, el("span", { class: "visually-hidden" }, "Action")),
      ),
    ),
    el("tbody", {}, rows),
  );
}

function uenForm(seed, index, buttons) {
  if (!session.canWrite) return null;
  const inputId = `uen-${index}`;
  const errorId = `${inputId}-error`;
  const input = el("input", {
    id: inputId,
    type: "text",
    autocomplete: "off",
    spellcheck: "false",
    maxlength: 10,
    "aria-describedby": `${inputId}-hint`,
  });
  const error = el("p", { class: "field-error", id: errorId, hidden: true });
  const submit = el("button", { type: "submit", class: "secondary" }, "Use this UEN");
  buttons.push(submit);
  const form = el(
    "form",
    { class: "uen-form", novalidate: true },
    el("label", { for: inputId }, "Or enter the UEN yourself"),
    el("p", { class: "hint", id: `${inputId}-hint` }, "9 or 10 letters and digits, e.g. 201912345K."),
    el("div", { class: "inline" }, input, submit),
    error,
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const uen = input.value.trim().toUpperCase();
    const show = (text) => {
      error.textContent = text;
      error.hidden = false;
      input.setAttribute("aria-invalid", "true");
      input.setAttribute("aria-describedby", `${inputId}-hint ${errorId}`);
      input.focus();
    };
    if (!UEN.test(uen)) {
      show("A UEN is 9 or 10 letters and digits.");
      return;
    }
    const problem = await resolve(seed, uen, buttons);
    if (problem) show(problem);
  });
  return form;
}

function renderSeed(seed, index) {
  const titleId = `seed-title-${index}`;
  const buttons = [];
  return el(
    "article",
    {
      class: `seed seed-${seed.status}`,
      "aria-labelledby": titleId,
      dataset: { seedId: seed.seed_id, status: seed.status },
    },
    el(
      "h2",
      { id: titleId },
      seed.name,
      " ",
      el("span", { class: `badge badge-${seed.status}` }, STATUS_WORDS[seed.status] ?? seed.status),
    ),
    el(
      "p",
      { class: "muted" },
      `${seed.kind === "lost" ? "Lost" : "Best"} customer · ${seed.domain ?? "no website"}`,
    ),
    currentLine(seed),
    candidateTable(seed, buttons),
    uenForm(seed, index, buttons),
  );
}

async function load() {
  const data = await api("/icp/resolver");
  const open = data.seeds.filter((seed) => seed.status !== "confirmed").length;
  document.getElementById("resolver-summary").textContent = data.seeds.length
    ? `${plural(open, "seed")} to decide, ${data.seeds.length - open} confirmed by a person.`
    : "Every seed is matched: nothing to decide.";
  document.getElementById("seeds").replaceChildren(...data.seeds.map(renderSeed));
}

startPage(async (current) => {
  session = current;
  document.getElementById("viewer-note").hidden = session.canWrite;
  await load();
});
