// The suggestions page: the latest generation's cards, each card's evidence in a drawer,
// adopting a card (ops and admin), the negative ICP, and the history of generations.

import {
  ApiError,
  api,
  apiDownload,
  describeDetail,
  el,
  formatDate,
  formatNumber,
  plural,
  startPage,
} from "./app.js";

const drawer = document.getElementById("evidence-drawer");
const SSIC_VALUE = /^\d{1,5}$/;
let drawerOpener = null;
let drawerRequest = 0;

function listOrNone(values, none = "none found") {
  return values && values.length ? values.join(", ") : none;
}

function fact(term, ...description) {
  return [el("dt", {}, term), el("dd", {}, ...description)];
}

const CLAIM_KINDS = {
  industry: "Industry",
  band: "Headcount",
  integration: "Runs",
  champion: "Who buys",
};

/** A card's claims of one kind, each with where it comes from. */
function claimsOf(card, kind) {
  return (card.claims ?? []).filter((claim) => claim.kind === kind);
}

/** Tools by name ("SAP Business One"), not by key ("sap-business-one"). */
function toolNames(card, keys) {
  const names = card.integration_names ?? {};
  return (keys ?? []).map((key) => names[key] ?? key);
}

function integrationsFact(card) {
  const claims = claimsOf(card, "integration");
  if (!claims.length) return listOrNone(toolNames(card, card.integrations));
  return claims
    .map((claim) => `${claim.label} (${claim.seeds} run it${claim.tenant_integrates ? "; you integrate" : ""})`)
    .join(", ");
}

function championsFact(card) {
  const claims = claimsOf(card, "champion");
  if (!claims.length) return listOrNone(card.champions);
  return claims.map((claim) => `${claim.label} (from ${claim.source})`).join("; ");
}

function headcountFact(card) {
  const [band] = claimsOf(card, "band");
  if (!band) return card.headcount_band ?? "—";
  const unknown = band.unknown ? `, ${band.unknown} unknown` : "";
  return `${band.label} (${band.seeds_in_band} of ${band.known + band.unknown}${unknown})`;
}

/** A link for an http(s) URL; anything else is shown as text. */
function safeLink(url) {
  try {
    const parsed = new URL(url);
    if (parsed.protocol === "http:" || parsed.protocol === "https:") {
      return el("a", { href: parsed.href, target: "_blank", rel: "noopener noreferrer" }, url);
    }
  } catch {
    // not a URL: fall through to text
  }
  return el("span", {}, url);
}

// ---------------------------------------------------------------------------------------
// Cards

/** The card's SSIC codes (`ssic_cluster`) with their titles (`ssic_titles`). */
function ssicList(card) {
  const titles = card.ssic_titles ?? {};
  return el(
    "ul",
    { class: "plain" },
    (card.ssic_cluster ?? []).map((code) =>
      el("li", {}, el("code", {}, code), " ", titles[code] || "(no SSIC title)"),
    ),
  );
}

function registerSamples(card) {
  const samples = card.acra_samples ?? [];
  if (!samples.length) return null;
  return el(
    "details",
    { class: "samples" },
    el("summary", {}, `Sample register companies (${samples.length})`),
    el(
      "ul",
      { class: "plain" },
      samples.map((sample) =>
        el(
          "li",
          {},
          sample.entity_name ?? "",
          " ",
          el("span", { class: "muted" }, `UEN ${sample.uen}`),
          sample.primary_ssic_code
            ? el(
                "span",
                { class: "muted" },
                ` · ${sample.primary_ssic_code} ${sample.primary_ssic_description ?? ""}`,
              )
            : null,
        ),
      ),
    ),
  );
}

const LOOKALIKE_ROWS = 25;
const LOOKALIKE_EXPORT = 1000;
const POINT_NAMES = {
  ssic: "SSIC",
  entity_type: "entity type",
  age: "age",
  location: "location",
  activity_text: "activity text",
  tools: "tools",
  band: "band",
};

/** The points a company earned, for its row's tooltip. */
function pointsText(company) {
  const parts = Object.entries(company.points ?? {})
    .filter(([, points]) => points)
    .map(([signal, points]) => `${POINT_NAMES[signal] ?? signal} ${points}`);
  return `${parts.join(" · ")}\n${company.reasons}`;
}

function lookalikeTable(list) {
  return el(
    "table",
    { class: "lookalikes" },
    el(
      "thead",
      {},
      el(
        "tr",
        {},
        ["#", "Company", "SSIC", "Score", "Closest customer"].map((h) => el("th", { scope: "col" }, h)),
      ),
    ),
    el(
      "tbody",
      {},
      list.lookalikes.map((company) =>
        el(
          "tr",
          { class: "lookalike", title: pointsText(company) },
          el("td", {}, String(company.rank)),
          el("td", {}, company.name ?? "", " ", el("span", { class: "muted" }, `UEN ${company.uen}`)),
          el(
            "td",
            {},
            el("code", {}, company.matched_ssic_code ?? company.primary_ssic_code ?? "—"),
            " ",
            el(
              "span",
              { class: "muted" },
              company.matched_by === "secondary"
                ? `${company.secondary_ssic_title ?? ""} (its secondary code; primary ` +
                    `${company.primary_ssic_code ?? "none"})`
                : (company.primary_ssic_title ?? ""),
            ),
          ),
          el("td", { class: "score" }, company.score.toFixed(1)),
          el("td", {}, company.closest_seed ?? "—"),
        ),
      ),
    ),
  );
}

async function downloadLookalikes(card, status) {
  try {
    const blob = await apiDownload(
      `/icp/lookalikes?suggestion_id=${encodeURIComponent(card.id)}&limit=${LOOKALIKE_EXPORT}`,
      "text/csv",
    );
    const link = el("a", { href: URL.createObjectURL(blob), download: `lookalikes-${card.id}.csv` });
    document.body.append(link);
    link.click();
    link.remove();
    URL.revokeObjectURL(link.href);
  } catch (error) {
    status.textContent = `The download failed: ${describeDetail(error.detail ?? error.message)}`;
  }
}

/** The card's ranked companies to sell to, loaded when opened, with a CSV download. */
function lookalikes(card) {
  const body = el("div", { class: "lookalikes-body" }, el("p", { class: "muted" }, "Loading…"));
  const section = el(
    "details",
    { class: "lookalikes-section" },
    el("summary", {}, "Companies to call, best first"),
    body,
  );
  let loaded = false;
  section.addEventListener("toggle", async () => {
    if (!section.open || loaded) return;
    loaded = true;
    try {
      const list = await api(
        `/icp/lookalikes?suggestion_id=${encodeURIComponent(card.id)}&limit=${LOOKALIKE_ROWS}`,
      );
      if (!list.lookalikes.length) {
        body.replaceChildren(el("p", { class: "muted" }, `Nobody to call yet: ${list.note}.`));
        return;
      }
      const status = el("p", { class: "muted", role: "status" });
      const download = el("button", { type: "button", class: "secondary" }, "Download CSV");
      download.addEventListener("click", () => downloadLookalikes(card, status));
      body.replaceChildren(
        el(
          "p",
          { class: "hint" },
          `The best of ${formatNumber(list.candidates)} live companies in this segment. ` +
            "Hover a row for the points each signal earned. The CSV holds the top ",
          formatNumber(LOOKALIKE_EXPORT),
          ", with the columns a CRM import expects.",
        ),
        lookalikeTable(list),
        el("p", {}, download, " ", status),
      );
    } catch (error) {
      body.replaceChildren(
        el("p", { class: "muted" }, describeDetail(error.detail ?? error.message)),
        registerSamples(card) ?? "",
      );
    }
  });
  return section;
}

function targetingPack(card) {
  const pack = card.targeting_pack;
  return el(
    "details",
    { class: "pack" },
    el("summary", {}, "Targeting pack"),
    el(
      "dl",
      { class: "facts" },
      fact("SSIC filters", listOrNone(pack.ssic_filters, "none")),
      fact("Technographics", listOrNone(toolNames(card, pack.technographic_filters), "none")),
      fact("Pitch", pack.pitch || "—"),
    ),
  );
}

function adoptForm(card, index, session) {
  if (!session.canWrite) return [null, null];
  const formId = `adopt-form-${index}`;
  const excludeId = `exclude-${index}`;
  const exclude = el("input", {
    id: excludeId,
    type: "text",
    inputmode: "numeric",
    "aria-describedby": `${excludeId}-hint`,
  });
  const result = el("p", { class: "adopt-result", role: "status", tabindex: -1, hidden: true });
  const submit = el("button", { type: "submit" }, "Adopt this segment");
  const form = el(
    "form",
    { class: "adopt-form", id: formId, hidden: true, novalidate: true },
    el("h3", {}, "Adopt this segment"),
    el(
      "div",
      {},
      el("label", { for: excludeId }, "Exclude SSIC codes"),
      exclude,
      el(
        "p",
        { class: "hint", id: `${excludeId}-hint` },
        `Codes or prefixes, separated by commas. This card targets ` +
          `${listOrNone(card.targeting_pack.ssic_filters, "no codes")}. The best ` +
          `lookalikes are enriched now, the rest tonight.`,
      ),
    ),
    el("div", { class: "actions" }, submit),
  );
  const toggle = el(
    "button",
    { type: "button", class: "secondary", "aria-expanded": "false", "aria-controls": formId },
    "Adopt…",
  );
  toggle.addEventListener("click", () => {
    const opening = form.hidden;
    form.hidden = !opening;
    toggle.setAttribute("aria-expanded", String(opening));
    if (opening) exclude.focus();
  });
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    for (const old of form.querySelectorAll(".field-error")) old.remove();
    exclude.removeAttribute("aria-invalid");
    const codes = exclude.value
      .split(/[,\s]+/)
      .map((code) => code.trim())
      .filter(Boolean);
    const bad = codes.filter((code) => !SSIC_VALUE.test(code));
    if (bad.length) {
      return fieldError(exclude, `Not SSIC codes (1 to 5 digits): ${bad.join(", ")}`);
    }
    const body = { suggestion_id: card.id, exclude_ssic: codes };
    submit.disabled = true;
    try {
      const adopted = await api("/icp/accept", { method: "POST", body });
      result.className = "adopt-result success";
      result.textContent = adoptionSentence(adopted);
      form.hidden = true;
      toggle.setAttribute("aria-expanded", "false");
      toggle.textContent = "Adopt again…";
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) return;
      result.className = "adopt-result error";
      result.textContent = `Not adopted: ${describeDetail(error.detail ?? error.message)}`;
    } finally {
      submit.disabled = false;
      result.hidden = false;
      result.focus();
    }
  });
  return [el("div", { class: "adopt" }, toggle, form), result];
}

function fieldError(input, message) {
  const id = `${input.id}-error`;
  input.insertAdjacentElement("afterend", el("p", { class: "field-error", id }, message));
  input.setAttribute("aria-invalid", "true");
  input.setAttribute("aria-describedby", [input.getAttribute("aria-describedby"), id].join(" "));
  input.focus();
}

const NOT_QUEUED_WORDS = {
  yours_or_excluded: "your own customers or exclusions",
  tool_filter: "running none of the rule's tools",
  over_the_cap: "over the nightly cap",
  already_queued: "queued already",
};

/** Why matches were not queued, so the counts add up. */
function notQueuedSentence(notQueued) {
  const parts = Object.entries(notQueued ?? {})
    .filter(([, count]) => count)
    .map(([reason, count]) => `${formatNumber(count)} (${NOT_QUEUED_WORDS[reason] ?? reason})`);
  return parts.length ? ` Not queued: ${parts.join(", ")}.` : "";
}

function adoptionSentence(adopted) {
  const verb = adopted.created ? "Adopted" : "Already adopted";
  const changed = Object.keys(adopted.changed ?? {});
  return (
    `${verb} as rule ${adopted.rule_id}` +
    (changed.length ? ` (updated: ${changed.join(", ")})` : "") +
    `. ${formatNumber(adopted.register_matches)} register companies match: ` +
    `${formatNumber(adopted.queued_now)} queued for enrichment now, ` +
    `${formatNumber(adopted.queued_nightly)} for the nightly run` +
    (adopted.nightly_capped ? ` (capped at ${formatNumber(adopted.nightly_cap)})` : "") +
    ", best lookalikes first." +
    notQueuedSentence(adopted.not_queued) +
    (adopted.technographic_unjudged
      ? ` The tool filter could not judge ${formatNumber(adopted.technographic_unjudged)} ` +
        "of them (no crawled stack yet): they are queued all the same."
      : "")
  );
}

function renderCard(card, index, session) {
  const titleId = `card-title-${index}`;
  const evidenceButton = el(
    "button",
    { type: "button", class: "secondary", "aria-haspopup": "dialog" },
    `Evidence (${card.evidence_count})`,
  );
  evidenceButton.addEventListener("click", () => openEvidence(card, evidenceButton));
  const [adopt, adoptResult] = adoptForm(card, index, session);
  const badges = el(
    "p",
    { class: "badges" },
    card.reduced_evidence ? el("span", { class: "badge badge-warning" }, "Reduced evidence") : null,
    // The one figure that orders the cards.
    el(
      "span",
      { class: "badge", title: "What ranks the cards: see the line under the heading" },
      `#${index + 1} · score ${card.score.toFixed(2)}`,
    ),
  );
  return el(
    "article",
    { class: "card", "aria-labelledby": titleId, dataset: { suggestionId: card.id } },
    el("h2", { id: titleId }, card.title),
    badges,
    el("p", { class: "rationale" }, card.rationale),
    el(
      "dl",
      { class: "facts" },
      fact("SSIC", ssicList(card)),
      fact("Headcount", headcountFact(card)),
      fact("Integrations", integrationsFact(card)),
      fact("Champions", championsFact(card)),
      fact("Evidence", plural(card.evidence_count, "distinct fact")),
      fact("Seeds covered", `${card.seeds_covered} best customers`),
      fact(
        "Register",
        el(
          "span",
          { class: "register-total" },
          plural(card.acra_total ?? 0, "live company", "live companies"),
        ),
        card.acra_total && !card.acra_samples?.length
          ? el("span", { class: "muted" }, " (none beyond the customers you named)")
          : null,
      ),
    ),
    card.negative_flags?.length
      ? el("p", { class: "warning" }, `Watch out: ${card.negative_flags.join("; ")}`)
      : null,
    card.from_answers?.length
      ? el("p", { class: "hint" }, `From your answers: ${card.from_answers.join(", ")}`)
      : null,
    lookalikes(card),
    targetingPack(card),
    el("div", { class: "card-actions" }, evidenceButton, adopt),
    adoptResult,
  );
}

// ---------------------------------------------------------------------------------------
// The evidence drawer

function evidenceItem(item) {
  const where = [item.company, item.domain ? `(${item.domain})` : null].filter(Boolean).join(" ");
  return el(
    "li",
    { class: "evidence-item" },
    el(
      "p",
      { class: "evidence-head" },
      el("strong", {}, item.signal_key.replace(/_/g, " ")),
      ": ",
      item.value,
      " ",
      el("span", { class: "badge" }, item.source),
    ),
    el(
      "p",
      { class: "muted" },
      `${where || "unknown company"} · ${item.extractor} · confidence ${item.confidence.toFixed(2)}`,
    ),
    item.url ? el("p", { class: "evidence-url" }, safeLink(item.url)) : null,
    item.snippet_redacted
      ? el("p", { class: "redacted" }, "Snippet redacted for your role")
      : item.snippet
        ? el("blockquote", { class: "snippet" }, item.snippet)
        : null,
  );
}

async function openEvidence(card, opener) {
  drawerOpener = opener;
  drawerRequest += 1;
  const request = drawerRequest;
  const title = document.getElementById("drawer-title");
  const summary = document.getElementById("drawer-summary");
  const list = document.getElementById("evidence-list");
  title.textContent = `Evidence: ${card.title}`;
  summary.textContent = "Loading…";
  list.replaceChildren();
  drawer.showModal();
  title.focus();
  let data;
  try {
    data = await api(`/icp/suggestions/${encodeURIComponent(card.id)}/evidence`);
  } catch (error) {
    if (request === drawerRequest) {
      summary.textContent = `Could not load the evidence: ${describeDetail(error.detail ?? error.message)}`;
    }
    return;
  }
  if (request !== drawerRequest) return;
  const redacted = data.evidence.some((item) => item.snippet_redacted);
  summary.textContent =
    `${plural(data.evidence.length, "item")}, by the claim each backs, strongest first.` +
    (redacted ? " Snippets are withheld from viewers." : "");
  list.replaceChildren(...evidenceGroups(data));
}

/** The cited items under the claim they back; items of no claim (older cards) last. */
function evidenceGroups(data) {
  const byId = new Map(data.evidence.map((item) => [item.id, item]));
  const shown = new Set();
  const groups = (data.groups ?? []).map((group) => {
    const items = data.evidence.filter((item) => group.evidence_ids.includes(item.id));
    items.forEach((item) => shown.add(item.id));
    return el(
      "li",
      { class: "evidence-group" },
      el("h3", {}, `${CLAIM_KINDS[group.kind] ?? group.kind}: ${group.label}`),
      el("p", { class: "muted" }, `From ${group.source}; ${plural(items.length, "fact")}.`),
      el("ol", { class: "evidence-list" }, ...items.map(evidenceItem)),
    );
  });
  const rest = [...byId.values()].filter((item) => !shown.has(item.id)).map(evidenceItem);
  return [...groups, ...rest];
}

drawer.addEventListener("close", () => {
  drawerOpener?.focus();
  drawerOpener = null;
});
// A click on the backdrop (outside the drawer's box) closes it, as Escape does.
drawer.addEventListener("click", (event) => {
  if (event.target === drawer) drawer.close();
});
document.getElementById("drawer-close").addEventListener("click", () => drawer.close());

// ---------------------------------------------------------------------------------------
// Negative ICP and history

function renderNegative(themes) {
  document.getElementById("negative-section").hidden = themes.length === 0;
  document
    .getElementById("negative-list")
    .replaceChildren(
      ...themes.map((theme) =>
        el("li", {}, theme.theme, " ", el("span", { class: "muted" }, `(${theme.source})`)),
      ),
    );
}

function formatValue(value) {
  if (value === null || value === undefined) return "—";
  if (Array.isArray(value)) return value.length ? value.map(formatValue).join(", ") : "none";
  if (typeof value === "object") return JSON.stringify(value);
  return String(value);
}

function idList(label, ids, titles) {
  if (!ids.length) return null;
  return el(
    "div",
    { class: "compare-group" },
    el("h4", {}, `${label} (${ids.length})`),
    el("ul", {}, ids.map((id) => el("li", {}, titles.get(id) ?? id))),
  );
}

function renderHistory(history, titles) {
  const section = document.getElementById("history-section");
  section.hidden = history.generations.length === 0;
  const [latest] = history.generations;
  document.getElementById("history-rows").replaceChildren(
    ...history.generations.map((generation) =>
      el(
        "tr",
        {},
        el(
          "th",
          { scope: "row" },
          `#${generation.generation_id}`,
          generation === latest ? " (latest)" : "",
        ),
        el("td", {}, formatDate(generation.created_at)),
        el("td", {}, formatNumber(generation.suggestion_ids.length)),
        el("td", {}, generation.reduced_evidence ? "reduced" : "full"),
      ),
    ),
  );
  const compare = document.getElementById("compare");
  const heading = document.getElementById("compare-title");
  const diff = history.compare;
  if (!diff) {
    compare.replaceChildren();
    return;
  }
  if (diff.previous_generation_id === null) {
    heading.textContent = "Compared with the previous generation";
    compare.replaceChildren(el("p", {}, "This is the first generation: every card is new."));
    return;
  }
  heading.textContent = `Changes since generation #${diff.previous_generation_id}`;
  const changed = diff.changed.length
    ? el(
        "div",
        { class: "compare-group" },
        el("h4", {}, `Changed (${diff.changed.length})`),
        el(
          "ul",
          {},
          diff.changed.map((change) =>
            el(
              "li",
              {},
              el("strong", {}, change.title ?? change.id),
              el(
                "ul",
                {},
                Object.entries(change.fields).map(([name, values]) =>
                  el(
                    "li",
                    {},
                    `${name.replace(/_/g, " ")}: ${formatValue(values.before)} → ` +
                      formatValue(values.after),
                  ),
                ),
              ),
            ),
          ),
        ),
      )
    : null;
  const groups = [
    idList("Added", diff.added, titles),
    idList("Removed", diff.removed, titles),
    changed,
    idList("Unchanged", diff.unchanged, titles),
  ].filter(Boolean);
  compare.replaceChildren(
    ...(groups.length ? groups : [el("p", {}, "Nothing changed.")]),
  );
}

// ---------------------------------------------------------------------------------------
// The page

startPage(async (session) => {
  document.getElementById("viewer-note").hidden = session.canWrite;
  const [latest, history] = await Promise.all([
    api("/icp/suggestions"),
    api("/icp/suggestions/history"),
  ]);
  const line = document.getElementById("generation-line");
  if (latest.generation_id === null) {
    line.replaceChildren(
      "No suggestions yet: they appear once the pipeline has run on an intake. See ",
      el("a", { href: "/ui/progress" }, "Progress"),
      ".",
    );
  } else {
    line.textContent =
      `Generation #${latest.generation_id}, ${formatDate(latest.created_at)}: ` +
      `${plural(latest.suggestions.length, "segment")}.`;
  }
  document.getElementById("reduced-banner").hidden = !latest.reduced_evidence;
  document
    .getElementById("cards")
    .replaceChildren(...latest.suggestions.map((card, i) => renderCard(card, i, session)));
  renderNegative(latest.negative_icp);
  const titles = new Map(latest.suggestions.map((card) => [card.id, card.title]));
  renderHistory(history, titles);
});
