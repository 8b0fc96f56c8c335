// The playground: POSTs the form to /api/playground/generate and reads its server-sent events with
// fetch (so a 400 body can be shown and Stop can abort), and writes prompt and model text with
// textContent only: neither is ever parsed as HTML. While others' prompts generate first, the
// status says how many are ahead.
(function () {
  "use strict";
  var form = document.getElementById("playground");
  if (!form) return;
  var stopButton = document.getElementById("stop");
  var goButton = document.getElementById("generate");
  var status = document.getElementById("gen-status");
  var outPrompt = document.getElementById("out-prompt");
  var outText = document.getElementById("out-text");
  var running = null;

  function setStatus(state, text) {
    status.dataset.state = state;
    status.textContent = text;
  }

  function finish() {
    running = null;
    goButton.disabled = false;
    stopButton.disabled = true;
  }

  // One event block: "event: NAME\ndata: JSON".
  function handle(block) {
    var name = "message", data = "";
    block.split("\n").forEach(function (line) {
      if (line.indexOf("event: ") === 0) name = line.slice(7);
      else if (line.indexOf("data: ") === 0) data += line.slice(6);
    });
    if (!data) return;
    var value = JSON.parse(data);
    if (name === "queued") {
      setStatus("queued", value.ahead + " ahead of you");
    } else if (name === "piece") {
      if (status.dataset.state === "queued") setStatus("running", "generating…");
      outText.textContent += value.text;
      outText.dataset.pieces = String(Number(outText.dataset.pieces || "0") + 1);
    } else if (name === "done") {
      setStatus("done", value.tokens + " tokens, stopped by " + value.stop.replace("_", " "));
    } else if (name === "error") {
      setStatus("error", value.error);
    }
  }

  form.addEventListener("submit", function (e) {
    e.preventDefault();
    if (running) running.abort();
    var params = new URLSearchParams(new FormData(form));
    outPrompt.textContent = params.get("prompt");
    outText.textContent = "";
    outText.dataset.pieces = "0";
    setStatus("running", "generating…");
    goButton.disabled = true;
    stopButton.disabled = false;
    var controller = new AbortController();
    running = controller;
    fetch(form.action, {method: "POST", body: params, signal: controller.signal,
                        headers: {"Accept": "text/event-stream", "X-CSRF-Token": form.elements.csrf.value}})
      .then(function (res) {
        if (!res.ok) {
          return res.json().then(function (body) { setStatus("error", body.error || ("HTTP " + res.status)); },
            function () { setStatus("error", "HTTP " + res.status); });
        }
        var reader = res.body.getReader();
        var decoder = new TextDecoder("utf-8");
        var buffer = "";
        function pump() {
          return reader.read().then(function (chunk) {
            if (chunk.done) return;
            buffer += decoder.decode(chunk.value, {stream: true});
            var end;
            while ((end = buffer.indexOf("\n\n")) >= 0) {
              handle(buffer.slice(0, end));
              buffer = buffer.slice(end + 2);
            }
            return pump();
          });
        }
        return pump();
      })
      .catch(function (err) {
        if (err.name === "AbortError") setStatus("stopped", "stopped");
        else setStatus("error", String(err));
      })
      .then(finish);
  });

  stopButton.addEventListener("click", function () {
    if (running) running.abort();
  });
  form.dataset.ready = "true";
})();
