// The workbench's only script: text selection -> offsets, dragging a unit's edges, merge
// versions, run progress. Offsets are counted in UTF-16 code units (JavaScript's string
// length); the server converts them to code points. No framework, no network beyond this app.
(function () {
  "use strict";

  function turnText(node) {
    var el = node && (node.nodeType === 1 ? node : node.parentElement);
    return el ? el.closest(".turn-text") : null;
  }

  // UTF-16 offset of (node, offset) in the document: the turn's start plus the length of the
  // text before it inside the turn element.
  function docOffset(node, offset) {
    var turn = turnText(node);
    if (!turn) return null;
    var r = document.createRange();
    r.selectNodeContents(turn);
    r.setEnd(node, offset);
    return Number(turn.dataset.start16) + r.toString().length;
  }

  function fillSelectionForms(start16, end16, text) {
    document.querySelectorAll("form.needs-selection").forEach(function (form) {
      form.elements.start16.value = start16;
      form.elements.end16.value = end16;
      form.querySelectorAll("button[type=submit]").forEach(function (b) { b.disabled = false; });
      var preview = form.querySelector(".selection-preview");
      if (preview) preview.textContent = text;
    });
  }

  document.addEventListener("selectionchange", function () {
    var sel = window.getSelection();
    if (!sel || !sel.rangeCount || sel.isCollapsed) return;
    var range = sel.getRangeAt(0);
    var start16 = docOffset(range.startContainer, range.startOffset);
    var end16 = docOffset(range.endContainer, range.endOffset);
    if (start16 === null || end16 === null || end16 <= start16) return;
    fillSelectionForms(start16, end16, range.toString());
  });

  // Clicking a highlighted unit (without selecting) opens it in the side panel.
  document.addEventListener("click", function (ev) {
    var span = ev.target.closest && ev.target.closest(".turn-text .unit");
    if (!span || ev.target.closest(".handle")) return;
    var sel = window.getSelection();
    if (sel && !sel.isCollapsed) return;
    var url = new URL(window.location.href);
    url.searchParams.set("unit", span.dataset.units.split(" ")[0]);
    ["error", "conflict", "notice"].forEach(function (k) { url.searchParams.delete(k); });
    window.location.href = url.toString();
  });

  // Drag handles at the selected unit's edges: drop one where the edge should go.
  function addHandles() {
    var panel = document.getElementById("unit-panel");
    var form = document.getElementById("edges-form");
    if (!panel || !form) return;
    var spans = document.querySelectorAll(".turn-text .unit.selected");
    if (!spans.length) return;
    var startHandle = document.createElement("span");
    var endHandle = document.createElement("span");
    startHandle.className = "handle handle-start"; startHandle.dataset.edge = "start";
    endHandle.className = "handle handle-end"; endHandle.dataset.edge = "end";
    startHandle.title = endHandle.title = "drag to move this edge";
    spans[0].before(startHandle);
    spans[spans.length - 1].after(endHandle);
    var start16 = docOffset(spans[0].firstChild, 0);
    var last = spans[spans.length - 1].firstChild;
    var end16 = docOffset(last, last.length);
    var dragging = null;
    [startHandle, endHandle].forEach(function (h) {
      h.addEventListener("mousedown", function (ev) { dragging = h.dataset.edge; ev.preventDefault(); });
    });
    document.addEventListener("mouseup", function (ev) {
      if (!dragging) return;
      var edge = dragging;
      dragging = null;
      var caret = document.caretRangeFromPoint ? document.caretRangeFromPoint(ev.clientX, ev.clientY) : null;
      if (!caret) return;
      var at = docOffset(caret.startContainer, caret.startOffset);
      if (at === null) return;
      form.elements.start16.value = edge === "start" ? at : start16;
      form.elements.end16.value = edge === "end" ? at : end16;
      form.submit();
    });
  }

  // A merge carries the version of the theme being merged in, as the page showed it.
  document.querySelectorAll("form.merge").forEach(function (form) {
    form.addEventListener("submit", function () {
      var opt = form.elements.other.selectedOptions[0];
      form.elements.other_version.value = opt ? opt.dataset.version : "";
    });
  });

  // Run progress: poll the state while a run is going, then reload to show the result.
  function pollRun() {
    var box = document.getElementById("run-state");
    if (!box || box.dataset.running !== "1") return;
    fetch("/run/state").then(function (r) { return r.json(); }).then(function (s) {
      document.getElementById("run-label").textContent = s.label + (s.total ? " (" + s.done + "/" + s.total + ")" : "");
      var bar = document.getElementById("run-progress");
      bar.max = s.total || 1; bar.value = s.done;
      if (s.running) { setTimeout(pollRun, 300); return; }
      box.dataset.running = "0";
      window.location.replace("/run");
    });
  }

  // The script is deferred: the document is parsed by the time it runs.
  // Slow actions (detection): say so and block a second submit while the page waits.
  document.querySelectorAll("form.busy").forEach(function (form) {
    form.addEventListener("submit", function () {
      var b = form.querySelector("button[type=submit]");
      if (b) { b.disabled = true; b.textContent = b.dataset.busy || "Working…"; }
    });
  });

  addHandles();
  pollRun();
})();
