// The reviewer's page: the project's disagreements and per-labeler figures from the review API,
// with a resolve form per pair. Model text and labeler names are only ever set with textContent.
"use strict";

const state = {csrf: null, admin: false};
const $ = (id) => document.getElementById(id);

async function api(method, path, body) {
  const headers = {"Content-Type": "application/json"};
  if (method !== "GET") headers["X-CSRF-Token"] = state.csrf;
  const r = await fetch(path, {method, headers, body: body === undefined ? undefined : JSON.stringify(body)});
  if (r.status === 401) { location.href = "/label/login?next=/label/review"; throw new Error("logged out"); }
  return r;
}

function el(tag, text, cls) {
  const e = document.createElement(tag);
  if (text !== undefined && text !== null) e.textContent = String(text);
  if (cls) e.className = cls;
  return e;
}

function percent(x) {
  return x === null ? "—" : (100 * x).toFixed(1) + " %";
}

async function start() {
  const me = await (await api("GET", "/label/api/me")).json();
  state.csrf = me.csrf_token;
  $("who").textContent = me.name + " (" + me.role + ")";
  state.admin = me.role === "admin";
  const r = await api("GET", "/label/api/review/projects");
  if (!r.ok) { $("review-error").textContent = (await r.json()).error; return; }
  const projects = (await r.json()).projects;
  const wanted = new URLSearchParams(location.search).get("project");
  for (const p of projects) {
    const o = el("option", p.id);
    o.value = p.id;
    if (p.id === wanted) o.selected = true;
    $("project").append(o);
  }
  $("project").addEventListener("change", load);
  if (projects.length) await load();
}

async function load() {
  const project = $("project").value;
  const r = await api("GET", "/label/api/review/projects/" + encodeURIComponent(project) + "/disagreements");
  const body = await r.json();
  if (!r.ok) { $("review-error").textContent = body.error; return; }
  const rows = $("labelers").querySelector("tbody");
  rows.replaceChildren();
  for (const l of body.labelers) {
    const tr = el("tr");
    tr.append(el("td", l.labeler), el("td", l.labels), el("td", l.comparable_pairs),
      el("td", percent(l.pairwise_agreement)), el("td", l.gold_correct + " / " + l.gold_tasks),
      el("td", percent(l.gold_accuracy)));
    rows.append(tr);
  }
  $("pair-count").textContent = "(" + body.pairs.length + ")";
  const list = $("pairs");
  list.replaceChildren();
  body.pairs.forEach((p) => list.append(pairItem(project, p)));
  if (state.admin) await loadPaused(project);
  document.body.dataset.ready = "true";
}

// Admins only: the gold gate's paused labelers, each with a resume button.
async function loadPaused(project) {
  const base = "/label/api/admin/projects/" + encodeURIComponent(project);
  const r = await api("GET", base + "/settings");
  const body = await r.json();
  if (!r.ok) { $("review-error").textContent = body.error; return; }
  $("paused-section").hidden = false;
  const rows = $("paused").querySelector("tbody");
  rows.replaceChildren();
  for (const p of body.paused) {
    const tr = el("tr");
    tr.dataset.labeler = p.labeler;
    const b = el("button", "Resume");
    b.type = "button";
    b.addEventListener("click", async () => {
      const resp = await api("POST", base + "/labelers/" + encodeURIComponent(p.labeler) + "/resume");
      if (!resp.ok) { $("review-error").textContent = (await resp.json()).error; return; }
      await load();
    });
    const action = el("td");
    action.append(b);
    tr.append(el("td", p.labeler), el("td", p.gold_correct + " / " + p.gold_judged), el("td", p.paused_at), action);
    rows.append(tr);
  }
}

function pairItem(project, p) {
  const li = el("li", null, "pair");
  li.dataset.task = p.task_id;
  li.append(el("p", "Task " + p.task + ": " + p.prompt, "prompt"));
  const sides = el("div", null, "sides");
  for (const [side, pos, text, who] of [["a", p.a, p.text_a, p.prefer_a], ["b", p.b, p.text_b, p.prefer_b]]) {
    const box = el("div", null, "side side-" + side);
    box.append(el("h3", "Response " + pos));
    box.append(el("pre", text, "response-text"));
    box.append(el("p", "preferred by " + who.join(", "), "who"));
    sides.append(box);
  }
  li.append(sides);
  if (p.resolution) {
    const w = p.resolution.winner === null ? "tie or unclear" : "response " + p.resolution.winner + " is better";
    li.append(el("p", "Resolved by " + p.resolution.reviewer + ": " + w
      + (p.resolution.note ? " (" + p.resolution.note + ")" : ""), "resolution"));
  }
  const form = el("form", null, "resolve");
  const note = el("input");
  note.name = "note";
  note.placeholder = "note (optional)";
  note.setAttribute("aria-label", "note");
  form.append(note);
  for (const [winner, label] of [["a", "Response " + p.a + " is better"], ["b", "Response " + p.b + " is better"],
                                 ["tie", "Tie / unclear"]]) {
    const b = el("button", label);
    b.type = "button";
    b.dataset.winner = winner;
    b.addEventListener("click", async () => {
      const r = await api("POST", "/label/api/review/projects/" + encodeURIComponent(project) + "/resolve",
        {task_id: p.task_id, a: p.a, b: p.b, winner, note: note.value});
      if (!r.ok) { $("review-error").textContent = (await r.json()).error; return; }
      await load();
    });
    form.append(b);
  }
  li.append(form);
  return li;
}

start();
