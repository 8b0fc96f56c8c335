// The labeler's page: one task at a time from /label/api/next, ranked by keys or clicks, submitted
// with an idempotency key made when the task was shown (a retried submit reuses it, so a label is
// never stored twice). Model text is only ever set with textContent: it is data, never markup.
"use strict";

const state = {csrf: null, task: null, groups: [], key: null, draftTimer: null};
const $ = (id) => document.getElementById(id);

async function api(method, path, body) {
  const headers = {"Content-Type": "application/json"};
  if (method !== "GET") headers["X-CSRF-Token"] = state.csrf;
  const r = await fetch(path, {method, headers, body: body === undefined ? undefined : JSON.stringify(body)});
  if (r.status === 401) { location.href = "/label/login"; throw new Error("logged out"); }
  return r;
}

function newKey() {
  return crypto.randomUUID ? crypto.randomUUID()
    : Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, "0")).join("");
}

async function start() {
  const me = await (await api("GET", "/label/api/me")).json();
  state.csrf = me.csrf_token;
  $("who").textContent = me.name + " (" + me.role + ")";
  await next();
}

async function next() {
  const r = await api("GET", "/label/api/next");
  if (r.status === 204 || r.status === 403) {
    $("task").hidden = true;
    $("done").hidden = false;
    $("progress").textContent = "";
    if (r.status === 403) {
      // Paused by the project's gold-accuracy gate: the server says why.
      $("done").querySelector("h2").textContent = "Paused";
      $("done").querySelector("p").textContent = (await r.json()).error;
    }
    return;
  }
  show(await r.json());
}

function show(body) {
  state.task = body.task;
  state.groups = [];
  state.key = newKey();
  $("guidelines").textContent = body.guidelines;
  $("progress").textContent = body.progress.done + " of " + body.progress.assigned + " done";
  $("prompt").textContent = body.task.prompt;
  $("ideal").value = "";
  $("flag-unsafe").checked = false;
  $("flag-cant-judge").checked = false;
  $("error").textContent = "";
  $("draft-state").textContent = "";
  const box = $("responses");
  box.replaceChildren();
  for (const resp of body.task.responses) {
    const div = document.createElement("div");
    div.className = "response";
    div.dataset.id = resp.id;
    const title = document.createElement("div");
    const rank = document.createElement("span");
    rank.className = "rank";
    title.append("Response " + (resp.id + 1) + " ", rank);
    const pre = document.createElement("pre");
    pre.textContent = resp.text;
    // The optional 1-7 rating: a native select, so Tab reaches it and typing a digit sets it.
    const rating = document.createElement("select");
    rating.className = "rating";
    rating.setAttribute("aria-label", "Rating of response " + (resp.id + 1) + " (1 worst, 7 best)");
    for (const v of ["", "1", "2", "3", "4", "5", "6", "7"]) {
      const o = document.createElement("option");
      o.value = v;
      o.textContent = v === "" ? "rate 1-7" : v;
      rating.append(o);
    }
    rating.addEventListener("click", (e) => e.stopPropagation());
    rating.addEventListener("change", changed);
    const rateLabel = document.createElement("label");
    rateLabel.append(rating);
    div.append(title, pre, rateLabel);
    div.addEventListener("click", () => pick(resp.id));
    box.append(div);
  }
  if (body.draft) restore(body.draft);
  $("done").hidden = true;
  $("task").hidden = false;
  render();
}

function ratings() {
  const values = Array.from(document.querySelectorAll(".response .rating"), (r) => r.value === "" ? null : Number(r.value));
  return values.some((v) => v !== null) ? values : null;
}

function restore(d) {
  if (Array.isArray(d.ranking)) state.groups = d.ranking;
  if (Array.isArray(d.ratings)) {
    document.querySelectorAll(".response .rating").forEach((r, i) => { r.value = d.ratings[i] === null ? "" : String(d.ratings[i]); });
  }
  if (typeof d.ideal_answer === "string") $("ideal").value = d.ideal_answer;
  if (typeof d.idempotency_key === "string") state.key = d.idempotency_key;
  $("flag-unsafe").checked = !!d.unsafe;
  $("flag-cant-judge").checked = !!d.cant_judge;
}

function ranked(id) { return state.groups.some((g) => g.includes(id)); }

function pick(id) {
  if (!state.task || id >= state.task.responses.length || ranked(id)) return;
  state.groups.push([id]);
  changed();
}

function tie() {
  if (state.groups.length < 2) return;
  const last = state.groups.pop();
  state.groups[state.groups.length - 1].push(...last);
  changed();
}

function undo() {
  const last = state.groups[state.groups.length - 1];
  if (!last) return;
  last.pop();
  if (last.length === 0) state.groups.pop();
  changed();
}

function render() {
  const text = state.groups.map((g) => g.map((i) => i + 1).join(" = ")).join(" > ");
  $("ranking").textContent = text || "(none yet)";
  for (const div of document.querySelectorAll(".response")) {
    const id = Number(div.dataset.id);
    const g = state.groups.findIndex((x) => x.includes(id));
    div.classList.toggle("ranked", g >= 0);
    div.querySelector(".rank").textContent = g >= 0 ? "#" + (g + 1) : "";
  }
}

function changed() {
  render();
  clearTimeout(state.draftTimer);
  state.draftTimer = setTimeout(saveDraft, 800);
}

async function saveDraft() {
  if (!state.task) return;
  const r = await api("PUT", "/label/api/drafts/" + state.task.id, {
    ranking: state.groups, ratings: ratings(), ideal_answer: $("ideal").value, idempotency_key: state.key,
    unsafe: $("flag-unsafe").checked, cant_judge: $("flag-cant-judge").checked,
  });
  $("draft-state").textContent = r.ok ? "draft saved" : "draft not saved";
}

async function submit(skip) {
  if (!state.task) return;
  clearTimeout(state.draftTimer);
  const flags = [];
  if ($("flag-unsafe").checked) flags.push("unsafe");
  const declines = skip || $("flag-cant-judge").checked;
  if (skip) flags.push("skip");
  else if ($("flag-cant-judge").checked) flags.push("cant-judge");
  const ideal = $("ideal").value.trim();
  const r = await api("POST", "/label/api/submit", {
    idempotency_key: state.key,
    task_id: state.task.id,
    ranking: declines ? [] : state.groups,
    ratings: ratings(),
    ideal_answer: ideal === "" ? null : ideal,
    flags,
  });
  if (r.ok) {
    await next();
  } else {
    const body = await r.json().catch(() => ({error: "submit failed (" + r.status + ")"}));
    $("error").textContent = body.error;
  }
}

document.addEventListener("keydown", (e) => {
  if ($("task").hidden) return;
  if (e.target === $("ideal")) {
    if (e.key === "Escape") { $("ideal").blur(); changed(); }
    else if (e.key === "Enter" && e.ctrlKey) { e.preventDefault(); submit(false); }
    return;
  }
  if (e.target instanceof HTMLSelectElement) {
    if (e.key === "Escape") { e.target.blur(); }
    else if (e.key === "Enter") { e.preventDefault(); submit(false); }
    return;
  }
  if (e.target instanceof HTMLInputElement) return;
  if (/^[1-9]$/.test(e.key)) { pick(Number(e.key) - 1); }
  else if (e.key === "=") { tie(); }
  else if (e.key === "Backspace") { e.preventDefault(); undo(); }
  else if (e.key === "i") { e.preventDefault(); $("ideal").focus(); }
  else if (e.key === "r") { e.preventDefault(); document.querySelector(".response .rating").focus(); }
  else if (e.key === "u") { $("flag-unsafe").checked = !$("flag-unsafe").checked; changed(); }
  else if (e.key === "c") { $("flag-cant-judge").checked = !$("flag-cant-judge").checked; changed(); }
  else if (e.key === "s") { submit(true); }
  else if (e.key === "Enter") { e.preventDefault(); submit(false); }
});
$("submit").addEventListener("click", () => submit(false));
$("skip").addEventListener("click", () => submit(true));
$("ideal").addEventListener("input", changed);
$("logout").addEventListener("click", async () => {
  await api("POST", "/label/api/logout", {});
  location.href = "/label/login";
});
start();
