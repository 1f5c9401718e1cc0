// The review app's pages. No framework, no build step. Text from documents is only ever set with
// textContent (never innerHTML); every POST carries the page's CSRF token.
(() => {
  "use strict";
  const $ = (sel, el = document) => el.querySelector(sel);
  const $$ = (sel, el = document) => Array.from(el.querySelectorAll(sel));
  const csrf = $('meta[name="csrf"]').content;
  const NAME_KEY = "budget-perf-reviewer";
  const SELECTION_KEY = "budget-perf-selection";

  // ---- the reviewer and messages --------------------------------------------------------
  const nameInput = $("#reviewer");
  if (!nameInput.value) nameInput.value = localStorage.getItem(NAME_KEY) || "";
  nameInput.addEventListener("change", () => localStorage.setItem(NAME_KEY, nameInput.value.trim()));

  function message(text, kind) {
    const box = $("#message");
    box.textContent = text;
    box.className = `msg ${kind || ""}`;
    box.hidden = !text;
  }

  function reviewer() {
    const name = nameInput.value.trim();
    if (!name) {
      message("请先在右上角填写审核人姓名", "error");
      for (const box of $$(".editor:not([hidden]) .error")) box.textContent = "请先在右上角填写审核人姓名";
      nameInput.focus();
    }
    return name;
  }

  async function post(url, body) {
    const response = await fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRF-Token": csrf },
      body: JSON.stringify(body),
    });
    let data = {};
    try {
      data = await response.json();
    } catch (e) {
      data = { error: `HTTP ${response.status}` };
    }
    return { status: response.status, data };
  }

  function typing(event) {
    const el = event.target;
    return el && (el.tagName === "INPUT" || el.tagName === "SELECT" || el.tagName === "TEXTAREA");
  }

  // Times are recorded in UTC; a reviewer reads them in the browser's own time zone.
  for (const el of $$("time[datetime]")) {
    const when = new Date(el.getAttribute("datetime"));
    if (!Number.isNaN(when.getTime())) el.textContent = when.toLocaleString();
  }

  const help = $("#help");
  $("#help-toggle").addEventListener("click", () => { help.hidden = !help.hidden; });

  // ---- the queue ----------------------------------------------------------------------
  if (document.body.dataset.page === "queue") {
    const rows = $$("tr.doc");
    let at = -1;
    const select = (i) => {
      if (!rows.length) return;
      at = Math.max(0, Math.min(rows.length - 1, i));
      rows.forEach((r) => r.classList.remove("selected"));
      rows[at].classList.add("selected");
      rows[at].scrollIntoView({ block: "nearest" });
    };
    document.addEventListener("keydown", (event) => {
      if (typing(event) || event.ctrlKey || event.metaKey || event.altKey) return;
      if (event.key === "j" || event.key === "ArrowDown") select(at + 1);
      else if (event.key === "k" || event.key === "ArrowUp") select(at - 1);
      else if (event.key === "Enter" && at >= 0) $("a", rows[at]).click();
      else if (event.key === "?") help.hidden = !help.hidden;
      else return;
      event.preventDefault();
    });
    return;
  }

  // ---- a document -------------------------------------------------------------------------
  // A view shows one page of a document with page images (or one table of a long one without):
  // a finding elsewhere is reached by going to its page, the selection carried along.
  const doc = document.body.dataset.doc;
  const page = Number(document.body.dataset.pageNo || 0);
  const partTable = document.body.dataset.partTable;
  const findings = $$("li.finding");
  let selected = null; // {finding: li} or {cell: td}

  function elsewhere(li) {
    if (page && li.dataset.page && Number(li.dataset.page) !== page) return `?page=${li.dataset.page}`;
    if (partTable !== "" && li.dataset.table !== "" && li.dataset.table !== partTable) return `?table=${li.dataset.table}`;
    return null;
  }

  function go(link) {
    if (link) location.href = link.getAttribute("href");
  }

  function rowOf(table, row) {
    return row === "" || row === undefined ? null : document.getElementById(`r${table}-${row}`);
  }

  function clearSelection() {
    $$(".selected").forEach((el) => el.classList.remove("selected"));
  }

  function selectFinding(li, scroll = true) {
    const there = elsewhere(li);
    if (there) {
      sessionStorage.setItem(SELECTION_KEY, JSON.stringify({ doc, finding: li.dataset.key }));
      location.href = there;
      return;
    }
    clearSelection();
    selected = { finding: li };
    li.classList.add("selected");
    const rects = $$(`rect.flag[data-finding="${li.dataset.finding}"]`);
    rects.forEach((r) => r.classList.add("selected"));
    const tr = rowOf(li.dataset.table, li.dataset.row);
    if (tr) {
      tr.classList.add("selected");
      const td = $(`td.cell[data-field="${li.dataset.edit}"]`, tr);
      if (td) td.classList.add("selected");
      if (!rects.length) $$(`rect.cell[data-table="${tr.dataset.table}"][data-row="${tr.dataset.row}"]`)
        .forEach((r) => r.classList.add("selected"));
    }
    if (scroll) {
      li.scrollIntoView({ block: "nearest" });
      if (rects[0]) rects[0].scrollIntoView({ block: "center", inline: "center" });
    }
  }

  function selectCell(td, scroll = true) {
    clearSelection();
    selected = { cell: td };
    td.classList.add("selected");
    const tr = td.closest("tr.row");
    if (tr) {
      tr.classList.add("selected");
      const rects = $$(`rect.cell[data-table="${tr.dataset.table}"][data-row="${tr.dataset.row}"]`);
      rects.forEach((r) => r.classList.add("selected"));
      if (scroll && rects[0]) rects[0].scrollIntoView({ block: "center", inline: "center" });
    }
    if (scroll) td.scrollIntoView({ block: "nearest" });
  }

  function step(delta) {
    if (!findings.length) return;
    const now = selected && selected.finding ? findings.indexOf(selected.finding) : -1;
    const next = now < 0 ? (delta > 0 ? 0 : findings.length - 1) : (now + delta + findings.length) % findings.length;
    selectFinding(findings[next]);
  }

  // The cell a finding or a selection edits.
  function targetCell() {
    if (!selected) return null;
    if (selected.cell) return selected.cell;
    const li = selected.finding;
    const tr = rowOf(li.dataset.table, li.dataset.row);
    if (tr) return $(`td.cell[data-field="${li.dataset.edit}"]`, tr) || $('td.cell[data-field="value.raw"]', tr);
    if (li.dataset.table !== "") {
      const header = $(`table.header[data-table="${li.dataset.table}"]`);
      if (header) {
        header.closest("details").open = true;
        return $(`td.cell[data-field="${li.dataset.edit}"]`, header) || $("td.cell", header);
      }
    }
    return null;
  }

  // ---- the editor -------------------------------------------------------------------------
  const editor = $("#editor");
  const edText = $("#ed-text");
  const edField = $("#ed-field");
  const edPreview = $("#ed-preview");
  const edError = $("#ed-error");
  let editing = null; // the td being corrected
  let previewTimer = 0;

  function openEditor(td) {
    if (!td) {
      message("先选择一个单元格或一条发现（n / p），再按 e 更正", "error");
      return;
    }
    editing = td;
    selectCell(td, false);
    const siblings = $$("td.cell", td.closest("tr") ? td.closest("table") : td.closest("table"))
      .filter((c) => c.dataset.row === td.dataset.row && c.dataset.table === td.dataset.table);
    edField.replaceChildren(...siblings.map((c) => {
      const option = document.createElement("option");
      option.value = c.dataset.field;
      option.textContent = c.dataset.label;
      option.selected = c === td;
      return option;
    }));
    fillEditor(td);
    editor.hidden = false;
    edText.focus();
    edText.select();
  }

  function fillEditor(td) {
    editing = td;
    const t = Number(td.dataset.table) + 1;
    const where = td.dataset.row === "" ? `表 ${t} 表头` : `表 ${t} 第 ${Number(td.dataset.row) + 1} 行`;
    $("#ed-where").textContent = `${where} · ${td.dataset.label}`;
    $("#ed-current").textContent = td.textContent;
    edText.value = td.textContent;
    edError.textContent = "";
    $("#ed-note").value = "";
    preview();
  }

  edField.addEventListener("change", () => {
    const td = $$("td.cell", editing.closest("table")).find(
      (c) => c.dataset.row === editing.dataset.row && c.dataset.field === edField.value);
    if (td) fillEditor(td);
    edText.focus();
  });

  function closeEditor() {
    editor.hidden = true;
    editing = null;
  }

  async function preview() {
    if (!editing) return;
    const q = new URLSearchParams({
      doc, table: editing.dataset.table, row: editing.dataset.row, field: editing.dataset.field, text: edText.value,
    });
    const response = await fetch(`/api/parse?${q}`, { credentials: "same-origin" });
    const data = await response.json();
    if (!response.ok) {
      edPreview.textContent = data.error || "无法解析";
      edPreview.classList.add("bad");
      return;
    }
    edPreview.classList.remove("bad");
    const v = data.value;
    if (v && typeof v === "object") {
      const parts = [`运算符 ${v.operator || "—"}`, `数值 ${v.number ?? "—"}${v.number_max != null ? `–${v.number_max}` : ""}`,
        `单位 ${v.unit || "—"}`];
      if (v.deadline) parts.push(`期限 ${v.deadline}`);
      if (v.text) parts.push(`文字 ${v.text}`);
      edPreview.textContent = `解析：${parts.join(" · ")}`;
    } else {
      edPreview.textContent = `将保存为：${data.text ?? ""}`;
    }
  }

  edText.addEventListener("input", () => {
    clearTimeout(previewTimer);
    previewTimer = setTimeout(preview, 120);
  });
  $("#ed-cancel").addEventListener("click", closeEditor);

  function remember() {
    const state = {};
    if (selected && selected.finding) state.finding = selected.finding.dataset.key;
    if (editing || (selected && selected.cell)) {
      const td = editing || selected.cell;
      state.cell = [td.dataset.table, td.dataset.row, td.dataset.field];
    }
    sessionStorage.setItem(SELECTION_KEY, JSON.stringify({ doc, ...state }));
  }

  editor.addEventListener("submit", async (event) => {
    event.preventDefault();
    const name = reviewer();
    if (!name || !editing) return;
    const td = editing;
    const body = {
      doc, reviewer: name, table: td.dataset.table, row: td.dataset.row, field: td.dataset.field,
      text: edText.value, note: $("#ed-note").value, version: Number(td.dataset.version),
    };
    const { status, data } = await post("/api/correct", body);
    if (status === 200) {
      remember();
      location.reload();
      return;
    }
    edError.textContent = data.error || `HTTP ${status}`;
    if (status === 409 && data.current) { // stale: show the current value; a save now is made against it
      td.dataset.version = String(data.current.version);
      if (data.current.value !== undefined) {
        td.textContent = data.current.value;
        $("#ed-current").textContent = data.current.value;
        td.classList.add("corrected");
      }
      message(data.error, "error");
    }
  });

  // ---- findings and the verdict -------------------------------------------------------------
  const notes = $("#notes");
  let pending = null; // what the note form submits

  function askNote(what, required, submit) {
    pending = { required, submit };
    $("#nt-what").textContent = what;
    $("#nt-text").value = "";
    $("#nt-error").textContent = "";
    notes.hidden = false;
    $("#nt-text").focus();
  }

  notes.addEventListener("submit", async (event) => {
    event.preventDefault();
    const note = $("#nt-text").value.trim();
    if (pending.required && !note) {
      $("#nt-error").textContent = "请写明理由";
      return;
    }
    const error = await pending.submit(note);
    if (error) $("#nt-error").textContent = error;
  });
  $("#nt-cancel").addEventListener("click", () => { notes.hidden = true; pending = null; });

  async function decide(li, status, note) {
    const name = reviewer();
    if (!name) return "请先填写审核人姓名";
    const body = {
      doc, reviewer: name, table: li.dataset.table, row: li.dataset.row, code: li.dataset.code,
      role: li.dataset.role, status, note, version: Number(li.dataset.version),
    };
    const { status: code, data } = await post("/api/finding", body);
    if (code === 200) {
      selected = { finding: li };
      remember();
      location.reload();
      return "";
    }
    if (code === 409 && data.current) li.dataset.version = String(data.current.version);
    message(data.error || `HTTP ${code}`, "error");
    return data.error || `HTTP ${code}`;
  }

  function act(li, status) {
    const names = { confirmed: "确认", dismissed: "忽略", open: "重新打开" };
    const what = `${names[status]}：${$(".message", li).textContent}`;
    askNote(what, status === "dismissed", (note) => decide(li, status, note));
  }

  const verdict = $("#verdict");
  async function judge(status, note) {
    const name = reviewer();
    if (!name) return "请先填写审核人姓名";
    const body = { doc, reviewer: name, status, note, version: Number(verdict.dataset.version) };
    const { status: code, data } = await post("/api/verdict", body);
    if (code === 200) {
      remember();
      location.reload();
      return "";
    }
    if (code === 409 && data.current) verdict.dataset.version = String(data.current.version);
    message(data.error || `HTTP ${code}`, "error");
    return data.error || `HTTP ${code}`;
  }

  function verdictAction(status) {
    if (status === "approved") judge(status, "");
    else askNote(status === "rejected" ? "退回本文档：理由" : "重新打开本文档", status === "rejected",
      (note) => judge(status, note));
  }

  // ---- mouse ----------------------------------------------------------------------------------
  for (const li of findings) {
    li.addEventListener("click", (event) => {
      const button = event.target.closest("button[data-act]");
      if (button) act(li, button.dataset.act);
      else selectFinding(li);
    });
  }
  $$("td.cell").forEach((td) => {
    td.addEventListener("click", () => selectCell(td));
    td.addEventListener("dblclick", () => openEditor(td));
  });
  $$("rect.flag").forEach((rect) => rect.addEventListener("click", () =>
    selectFinding(document.getElementById(`f${rect.dataset.finding}`))));
  $$("rect.cell").forEach((rect) => rect.addEventListener("click", () => {
    const tr = rowOf(rect.dataset.table, rect.dataset.row);
    const td = tr && $('td.cell[data-field="value.raw"]', tr);
    if (td) selectCell(td);
  }));
  $$("button[data-verdict]").forEach((b) => b.addEventListener("click", () => verdictAction(b.dataset.verdict)));
  if (page) {
    $("#zoom").addEventListener("click", () => $("#viewer").classList.toggle("zoomed"));
    // The next page's image drawn while this one is read: turning the page finds it cached.
    const img = $(".sheet img");
    const prefetch = () => { if (img.dataset.next) new Image().src = img.dataset.next; };
    if (img.complete) prefetch();
    else img.addEventListener("load", prefetch);
  }

  // ---- keyboard -------------------------------------------------------------------------------
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape") {
      if (!editor.hidden) closeEditor();
      else if (!notes.hidden) notes.hidden = true;
      else help.hidden = true;
      return;
    }
    if (typing(event) || event.ctrlKey || event.metaKey || event.altKey) return;
    const keys = {
      n: () => step(1), j: () => step(1), p: () => step(-1), k: () => step(-1),
      e: () => openEditor(targetCell()),
      c: () => selected && selected.finding && act(selected.finding, "confirmed"),
      d: () => selected && selected.finding && act(selected.finding, "dismissed"),
      o: () => selected && selected.finding && act(selected.finding, "open"),
      a: () => verdictAction("approved"),
      r: () => verdictAction("rejected"),
      "[": () => go($("#prev-page")),
      "]": () => go($("#next-page")),
      N: () => { location.href = $("#next-doc").getAttribute("href"); },
      u: () => { location.href = "/"; },
      "?": () => { help.hidden = !help.hidden; },
    };
    const fn = keys[event.key];
    if (!fn) return;
    event.preventDefault();
    fn();
  });

  // ---- after a reload: the same place -------------------------------------------------------
  let state = null;
  try {
    state = JSON.parse(sessionStorage.getItem(SELECTION_KEY) || "null");
  } catch (e) {
    state = null;
  }
  sessionStorage.removeItem(SELECTION_KEY);
  if (state && state.doc === doc) {
    const li = state.finding && findings.find((f) => f.dataset.key === state.finding);
    const td = state.cell && $$("td.cell").find((c) => c.dataset.table === state.cell[0]
      && c.dataset.row === state.cell[1] && c.dataset.field === state.cell[2]);
    if (td) selectCell(td);
    else if (li) selectFinding(li);
  }
})();
