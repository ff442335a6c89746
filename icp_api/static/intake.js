// The intake form: customers added by hand or pasted as a list, optional and advanced
// answers, the server's field errors next to their fields, then the progress chips.

import {
  ApiError,
  api,
  describeDetail,
  el,
  formatDate,
  plural,
  showPageError,
  startPage,
} from "./app.js";
import { watchProgress } from "./chips.js";

const RECOMMENDED_BEST = 5;

const form = document.getElementById("intake-form");
const bestRows = document.getElementById("best-rows");
const lostRows = document.getElementById("lost-rows");
const seedWarning = document.getElementById("seed-warning");
const errorSummary = document.getElementById("error-summary");
const errorList = document.getElementById("error-list");
let rowCount = 0;

// ---------------------------------------------------------------------------------------
// Customer rows

function cell(label, id, input) {
  input.id = id;
  return el("div", { class: "cell" }, el("label", { for: id }, label), input);
}

/** A row of the best (name, website) or lost (name, website, reason) customers. */
function customerRow(kind, customer = {}) {
  rowCount += 1;
  const number = rowCount;
  const id = (part) => `${kind}-${number}-${part}`;
  const name = el("input", { type: "text", class: "customer-name", autocomplete: "off" });
  const website = el("input", { type: "text", class: "customer-website", inputmode: "url" });
  name.value = customer.name ?? "";
  website.value = customer.website ?? "";
  const cells = [cell("Name", id("name"), name), cell("Website", id("website"), website)];
  if (kind === "lost") {
    const reason = el("input", { type: "text", class: "customer-reason" });
    reason.value = customer.reason ?? "";
    cells.push(cell("Why you lost them", id("reason"), reason));
  }
  const row = el("li", { class: `row row-${kind}` }, ...cells);
  const remove = el(
    "button",
    {
      type: "button",
      class: "link-button remove",
      onclick: () => {
        const next = row.nextElementSibling ?? row.previousElementSibling;
        row.remove();
        renumber(kind === "best" ? bestRows : lostRows);
        updateSeedWarning();
        (next?.querySelector("input") ?? document.getElementById(`add-${kind}`)).focus();
      },
    },
    "Remove",
  );
  row.append(remove);
  return row;
}

/** Give each row's remove button a label that says which customer it removes. */
function renumber(list) {
  const noun = list === bestRows ? "best customer" : "lost customer";
  [...list.children].forEach((row, index) => {
    row.querySelector(".remove").setAttribute("aria-label", `Remove ${noun} ${index + 1}`);
  });
}

function rowValues(row) {
  const value = (selector) => row.querySelector(selector)?.value.trim() ?? "";
  return {
    name: value(".customer-name"),
    website: value(".customer-website"),
    reason: value(".customer-reason"),
  };
}

function isBlank(row) {
  const { name, website, reason } = rowValues(row);
  return !name && !website && !reason;
}

function addRow(kind, customer) {
  const list = kind === "best" ? bestRows : lostRows;
  const row = customerRow(kind, customer);
  list.append(row);
  renumber(list);
  updateSeedWarning();
  return row;
}

/** Put `customer` in the first blank row of its list, or in a new row. */
function fillRow(kind, customer) {
  const list = kind === "best" ? bestRows : lostRows;
  const blank = [...list.children].find(isBlank);
  if (!blank) return addRow(kind, customer);
  blank.querySelector(".customer-name").value = customer.name ?? "";
  blank.querySelector(".customer-website").value = customer.website ?? "";
  const reason = blank.querySelector(".customer-reason");
  if (reason) reason.value = customer.reason ?? "";
  return blank;
}

function updateSeedWarning() {
  const named = [...bestRows.children].filter((row) => rowValues(row).name).length;
  seedWarning.hidden = named >= RECOMMENDED_BEST;
  seedWarning.textContent =
    named >= RECOMMENDED_BEST
      ? ""
      : `Low confidence: ${plural(named, "best customer")} so far. ` +
        `${RECOMMENDED_BEST} to 15 give segments you can rely on; fewer are accepted ` +
        "with reduced evidence.";
}

// ---------------------------------------------------------------------------------------
// Pasting a list

async function parsePastedList() {
  const textarea = document.getElementById("paste-text");
  const result = document.getElementById("paste-result");
  result.replaceChildren();
  if (!textarea.value.trim()) {
    result.append(el("p", { class: "field-error" }, "Paste some customers first."));
    return;
  }
  let parsed;
  try {
    parsed = await api("/icp/intake/parse", { method: "POST", body: { text: textarea.value } });
  } catch (error) {
    if (error.status === 401) return;
    result.append(el("p", { class: "field-error" }, `Not read: ${describeDetail(error.detail)}`));
    return;
  }
  for (const customer of parsed.best_customers) fillRow("best", customer);
  for (const customer of parsed.lost_customers) fillRow("lost", customer);
  updateSeedWarning();
  result.append(
    el(
      "p",
      {},
      `Added ${plural(parsed.best_customers.length, "best customer")} and ` +
        `${plural(parsed.lost_customers.length, "lost customer")}.`,
    ),
  );
  if (parsed.unparsed.length) {
    result.append(
      el("p", {}, "Not understood, so not added:"),
      el(
        "ul",
        { class: "unparsed" },
        parsed.unparsed.map((item) => el("li", {}, el("q", {}, item.text), ` — ${item.reason}`)),
      ),
    );
  }
  textarea.value = parsed.unparsed.map((item) => item.text).join("\n");
}

// ---------------------------------------------------------------------------------------
// The payload, and where each of its fields is on the page

function listAnswer(input) {
  return input.value
    .split(",")
    .map((part) => part.trim())
    .filter(Boolean);
}

/** `{section: {question: answer}}` from the advanced textareas, and the lines that are
 * not "question: answer". */
function advancedAnswers() {
  const answers = {};
  const errors = [];
  for (const textarea of document.querySelectorAll("#advanced-sections textarea")) {
    const section = textarea.dataset.section;
    const lines = textarea.value.split("\n").map((line) => line.trim());
    lines.forEach((line, index) => {
      if (!line) return;
      const colon = line.indexOf(":");
      if (colon <= 0) {
        errors.push({
          field: `advanced.${section}`,
          message: `line ${index + 1} is not written as “question: answer”`,
        });
        return;
      }
      answers[section] ??= {};
      answers[section][line.slice(0, colon).trim()] = line.slice(colon + 1).trim();
    });
  }
  return { answers, errors };
}

/** The intake JSON, the page element behind each of its field paths, and any errors
 * found before sending it. Blank rows are left out, so payload indexes are mapped. */
function buildIntake() {
  const fields = new Map();
  const payload = { website: document.getElementById("website").value.trim() };
  fields.set("website", document.getElementById("website"));

  for (const [key, list] of [
    ["best_customers", bestRows],
    ["lost_customers", lostRows],
  ]) {
    fields.set(key, list);
    payload[key] = [];
    for (const row of list.children) {
      if (isBlank(row)) continue;
      const { name, website, reason } = rowValues(row);
      const path = `${key}[${payload[key].length}]`;
      const customer = { name };
      if (website) customer.website = website;
      if (key === "lost_customers" && reason) customer.reason = reason;
      payload[key].push(customer);
      fields.set(path, row.querySelector(".customer-name"));
      fields.set(`${path}.name`, row.querySelector(".customer-name"));
      fields.set(`${path}.website`, row.querySelector(".customer-website"));
      if (key === "lost_customers") fields.set(`${path}.reason`, row.querySelector(".customer-reason"));
    }
  }

  const band = document.getElementById("employee_band");
  fields.set("employee_band", band);
  if (band.value) payload.employee_band = band.value;
  for (const input of form.querySelectorAll("[data-list]")) {
    fields.set(input.dataset.field, input);
    const values = listAnswer(input);
    if (values.length) payload[input.dataset.field] = values;
  }
  const deal = {};
  for (const input of form.querySelectorAll('[data-field^="deal."]')) {
    fields.set(input.dataset.field, input);
    if (input.value !== "") deal[input.dataset.field.slice(5)] = Number(input.value);
  }
  if (Object.keys(deal).length) payload.deal = deal;

  const advanced = advancedAnswers();
  for (const textarea of document.querySelectorAll("#advanced-sections textarea")) {
    fields.set(`advanced.${textarea.dataset.section}`, textarea);
  }
  fields.set("advanced", document.getElementById("advanced-sections"));
  if (Object.keys(advanced.answers).length) payload.advanced = advanced.answers;
  return { payload, fields, errors: advanced.errors };
}

// ---------------------------------------------------------------------------------------
// Field errors

/** The element a field path belongs to: the path itself, or its nearest parent. */
function elementFor(fields, path) {
  let candidate = path;
  while (candidate) {
    if (fields.has(candidate)) return fields.get(candidate);
    const cut = Math.max(candidate.lastIndexOf("."), candidate.lastIndexOf("["));
    candidate = cut > 0 ? candidate.slice(0, cut) : "";
  }
  return null;
}

/** The label of the advanced section an error is about ("C · Anti-ICP"), or null: the
 * page's own checks of a section say only what is wrong, the server's messages name
 * their field themselves. */
function sectionLabelOf(path) {
  const section = /^advanced\.([A-Z])$/.exec(path);
  const label = section && document.querySelector(`label[for="advanced-${section[1]}"]`);
  return label ? label.textContent.trim() : null;
}

function clearErrors() {
  for (const message of form.querySelectorAll(".field-error[data-for]")) message.remove();
  for (const input of form.querySelectorAll("[aria-invalid]")) {
    input.removeAttribute("aria-invalid");
    const describedBy = (input.getAttribute("aria-describedby") ?? "")
      .split(" ")
      .filter((id) => id && !id.startsWith("error-"));
    if (describedBy.length) input.setAttribute("aria-describedby", describedBy.join(" "));
    else input.removeAttribute("aria-describedby");
  }
  errorList.replaceChildren();
  errorSummary.hidden = true;
}

let errorCount = 0;

/** Show each error next to its field (and all of them in the summary at the top). */
function showErrors(errors, fields) {
  for (const { field, message } of errors) {
    const target = elementFor(fields, field);
    errorCount += 1;
    const id = `error-${errorCount}`;
    const text = el("p", { class: "field-error", id, dataset: { for: field } }, message);
    if (target) {
      target.insertAdjacentElement("afterend", text);
      if (target.matches("input, select, textarea")) {
        target.setAttribute("aria-invalid", "true");
        const describedBy = target.getAttribute("aria-describedby");
        target.setAttribute("aria-describedby", describedBy ? `${describedBy} ${id}` : id);
      }
    }
    const section = sectionLabelOf(field);
    const words = section ? `Advanced section ${section}: ${message}` : message;
    errorList.append(
      el("li", {}, target?.id ? el("a", { href: `#${target.id}` }, words) : words),
    );
  }
  errorSummary.hidden = false;
  errorSummary.focus();
}

// ---------------------------------------------------------------------------------------
// Submitting

function showSubmitted(receipt) {
  form.hidden = true;
  document.getElementById("latest-intake").hidden = true;
  const section = document.getElementById("submitted");
  document.getElementById("submitted-text").textContent =
    `Intake #${receipt.response_id} is saved and ${receipt.status}: the pipeline runs it ` +
    `as ${receipt.queued_job_id}; the chips below follow it.`;
  document
    .getElementById("submitted-warnings")
    .replaceChildren(...receipt.warnings.map((warning) => el("li", {}, warning)));
  section.hidden = false;
  section.focus();
  watchProgress(
    section.querySelector(".chips"),
    section.querySelector(".status-line"),
  );
}

async function submitIntake(event) {
  event.preventDefault();
  clearErrors();
  const { payload, fields, errors } = buildIntake();
  if (errors.length) {
    showErrors(errors, fields);
    return;
  }
  const button = document.getElementById("submit-intake");
  const busy = document.getElementById("submit-busy");
  button.disabled = true;
  busy.textContent = "Saving…";
  try {
    showSubmitted(await api("/icp/intake", { method: "POST", body: payload }));
  } catch (error) {
    if (!(error instanceof ApiError) || error.status === 401) throw error;
    const detail = Array.isArray(error.detail)
      ? error.detail
      : [{ field: "body", message: describeDetail(error.detail) }];
    showErrors(detail, fields);
  } finally {
    button.disabled = false;
    busy.textContent = "";
  }
}

// ---------------------------------------------------------------------------------------
// Starting from the latest intake

// The intake comes back as it was sent: in this API's names, the plan's, or the chat's
// {answers, seeds}. These are the other spellings the server reads (see
// icp_assets/intake/spellings.py), so the form can show any of them.
const FIELD_ALIASES = {
  lost_or_churned: "lost_customers",
  lost: "lost_customers",
  must_have_integrations: "integrations_required",
};
const GEO_LANGUAGE_TZ = { geo: "geos", language: "languages", tz: "timezones" };
const OPTIONAL_ANSWERS = {
  integrations: "integrations_required",
  acv: "deal.acv_usd",
  cycle: "deal.sales_cycle_days",
  price_floor: "deal.price_floor_usd",
  champions: "champion_titles",
};
const DEAL_ALIASES = { cycle_days: "sales_cycle_days" };
const ALL_SECTIONS = "A_to_H";

function asList(value) {
  if (value === null || value === undefined || value === "") return [];
  return (Array.isArray(value) ? value : [value]).map(String);
}

function sentCustomer(customer) {
  return {
    name: customer.name ?? customer.seed_name ?? "",
    website: customer.website ?? customer.domain ?? customer.url ?? "",
    reason: customer.reason ?? "",
  };
}

/** The intake as sent, in the form's names: `{website, best_customers, lost_customers,
 * employee_band, <list fields>, deal, advanced}`. */
function intakeInFormNames(sent) {
  const form = { best_customers: [], lost_customers: [], deal: {}, advanced: {} };
  const fields = { ...sent };
  if ("answers" in sent || "seeds" in sent) {
    delete fields.answers;
    delete fields.seeds;
    Object.assign(fields, sent.answers ?? {});
    for (const seed of sent.seeds ?? []) {
      const list = seed.kind === "lost" ? "lost_customers" : "best_customers";
      form[list].push(sentCustomer(seed));
    }
  }
  const optional = fields.optional ?? {};
  delete fields.optional;
  for (const [key, value] of Object.entries(optional)) {
    const name = OPTIONAL_ANSWERS[key] ?? key;
    if (name.startsWith("deal.")) form.deal[name.slice(5)] = value;
    else fields[name] = value;
  }
  for (const [key, value] of Object.entries(fields)) {
    const name = FIELD_ALIASES[key] ?? key;
    if (name === "best_customers" || name === "lost_customers") {
      form[name].push(...(Array.isArray(value) ? value : []).map(sentCustomer));
    } else if (name === "geo_language_tz") {
      for (const [short, field] of Object.entries(GEO_LANGUAGE_TZ)) {
        if (value?.[short] !== undefined) form[field] = asList(value[short]);
      }
    } else if (name === "deal") {
      for (const [part, amount] of Object.entries(value ?? {})) {
        form.deal[DEAL_ALIASES[part] ?? part] = amount;
      }
    } else if (name === "advanced") {
      const sections = { ...(value ?? {}) };
      const all = sections[ALL_SECTIONS];
      delete sections[ALL_SECTIONS];
      if (all && typeof all === "object") Object.assign(sections, all);
      form.advanced = sections;
    } else {
      form[name] = value;
    }
  }
  return form;
}

/** A section's answers as its textarea reads them: "question: answer", one a line (a
 * section sent as text is read by the server as its "answer"). */
function sectionLines(answers) {
  if (typeof answers === "string") return answers.trim() ? [`answer: ${answers}`] : [];
  return Object.entries(answers ?? {}).map(
    ([question, answer]) => `${question}: ${asList(answer).join(", ")}`,
  );
}

/** Fill the form with an intake as sent; answers the form cannot show are listed. */
function fillForm(sent) {
  const form = intakeInFormNames(sent);
  const notes = [];
  document.getElementById("website").value = form.website ?? "";
  for (const [list, kind] of [
    [bestRows, "best"],
    [lostRows, "lost"],
  ]) {
    list.replaceChildren();
    const customers = form[`${kind}_customers`];
    for (const customer of customers) addRow(kind, customer);
    if (!customers.length) addRow(kind);
  }
  let optionalGiven = false;
  const band = document.getElementById("employee_band");
  band.value = "";
  if (form.employee_band) {
    const offered = [...band.options].some((option) => option.value === form.employee_band);
    if (offered) {
      band.value = form.employee_band;
      optionalGiven = true;
    } else {
      notes.push(`Your own size was “${form.employee_band}”: pick the band it falls in.`);
    }
  }
  for (const input of document.querySelectorAll("[data-list]")) {
    input.value = asList(form[input.dataset.field]).join(", ");
    optionalGiven ||= Boolean(input.value);
  }
  for (const input of document.querySelectorAll('[data-field^="deal."]')) {
    const amount = form.deal[input.dataset.field.slice(5)];
    input.value = amount === null || amount === undefined ? "" : String(amount);
    optionalGiven ||= Boolean(input.value);
  }
  let advancedGiven = false;
  for (const [section, answers] of Object.entries(form.advanced)) {
    const lines = sectionLines(answers);
    if (!lines.length) continue;
    const textarea = document.getElementById(`advanced-${section}`);
    if (textarea) {
      textarea.value = lines.join("\n");
      advancedGiven = true;
    } else {
      notes.push(`The answers of advanced section ${section} are not offered on this server.`);
    }
  }
  for (const textarea of document.querySelectorAll("#advanced-sections textarea")) {
    if (!(textarea.dataset.section in form.advanced)) textarea.value = "";
  }
  document.getElementById("optional").open ||= optionalGiven;
  document.getElementById("advanced").open ||= advancedGiven;
  updateSeedWarning();
  return notes;
}

/** Offer to fill the form from the tenant's latest intake, when it has one. */
async function offerLatestIntake() {
  let latest;
  try {
    latest = await api("/icp/intake/latest");
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) return; // no intake yet
    throw error;
  }
  const notice = document.getElementById("latest-intake");
  const text = document.getElementById("latest-intake-text");
  const button = document.getElementById("use-latest-intake");
  const saved = formatDate(latest.saved_at);
  text.textContent =
    `Your tenant already has an intake (#${latest.response_id}). ` +
    "Start from it to change a few answers, or fill in the form from scratch.";
  button.textContent = `Start from your latest intake (saved ${saved})`;
  button.addEventListener("click", () => {
    const notes = fillForm(latest.intake);
    text.textContent =
      `Filled in from intake #${latest.response_id}, saved ${saved}. ` +
      "Change what you need and submit it as a new intake.";
    document
      .getElementById("latest-intake-notes")
      .replaceChildren(...notes.map((note) => el("li", {}, note)));
    button.remove();
    document.getElementById("website").focus();
  });
  notice.hidden = false;
}

// ---------------------------------------------------------------------------------------
// The page

/** Keep the advanced sections this server offers (the page is rendered with every one,
 * named, with example questions), and hide the group when it offers none. */
function showAdvancedSections(offered) {
  for (const section of document.querySelectorAll("#advanced-sections .advanced-section")) {
    if (!offered.includes(section.dataset.section)) section.remove();
  }
  document.getElementById("advanced").hidden = offered.length === 0;
}

/** A viewer sees the form's fields, read-only, with a note instead of the submit button
 * and the paste box (parsing is for writers too). */
function showReadOnly() {
  document.getElementById("viewer-note").hidden = false;
  document.getElementById("paste-fieldset").remove();
  form.querySelector(".actions").remove();
  seedWarning.remove();
  for (const button of form.querySelectorAll("button")) button.remove();
  for (const input of form.querySelectorAll("input, select, textarea")) input.disabled = true;
  form.addEventListener("submit", (event) => event.preventDefault());
}

startPage(async (session) => {
  form.hidden = false;
  addRow("best");
  addRow("lost");
  const wizard = await api("/icp/intake/fields");
  showAdvancedSections(wizard.advanced_sections);
  if (!session.canWrite) {
    showReadOnly();
    return;
  }
  document.getElementById("add-best").addEventListener("click", () => {
    addRow("best").querySelector("input").focus();
  });
  document.getElementById("add-lost").addEventListener("click", () => {
    addRow("lost").querySelector("input").focus();
  });
  document.getElementById("paste-parse").addEventListener("click", parsePastedList);
  bestRows.addEventListener("input", updateSeedWarning);
  form.addEventListener("submit", (event) => {
    submitIntake(event).catch((error) => {
      if (error.status !== 401) showPageError(`The intake could not be sent: ${error.message}`);
    });
  });
  await offerLatestIntake().catch((error) => {
    if (error.status === 401) return;
    showPageError(`Your latest intake could not be read: ${error.message}`);
  });
});
