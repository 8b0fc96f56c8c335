// The Chat page: keeps the conversation in the page, posts all of it to /api/chat/reply for each
// reply, and reads the server-sent events with fetch (so a 400 body can be shown and Stop can
// abort). Every piece of user and model text is written with textContent: none of it is ever
// parsed as HTML, whatever the model says.
(function () {
  "use strict";
  var form = document.getElementById("chat");
  if (!form) return;
  var transcript = document.getElementById("transcript");
  var input = document.getElementById("message");
  var sendButton = document.getElementById("send");
  var stopButton = document.getElementById("stop");
  var resetButton = document.getElementById("reset");
  var status = document.getElementById("chat-status");
  var history = [];
  var running = null;

  function setStatus(state, text) {
    status.dataset.state = state;
    status.textContent = text;
  }

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }

  function addMessage(role) {
    var m = el("div", "msg msg-" + role);
    m.dataset.role = role;
    m.appendChild(el("div", "msg-role", role === "user" ? "You" : "Assistant"));
    transcript.appendChild(m);
    transcript.dataset.messages = String(transcript.children.length);
    return m;
  }

  // Text goes into the message's last text span, so a reply reads as one paragraph between tool blocks.
  function appendText(m, text) {
    var last = m.lastElementChild;
    if (!last || !last.classList.contains("msg-text")) {
      last = el("span", "msg-text", "");
      m.appendChild(last);
    }
    last.textContent += text;
  }

  function addToolCall(m, expression) {
    var block = el("div", "tool-call");
    block.appendChild(el("span", "tool-name", "calc"));
    block.appendChild(el("code", "tool-input", expression));
    block.appendChild(el("span", "tool-arrow", "→"));
    block.appendChild(el("code", "tool-output", "…"));
    block.dataset.pending = "true";
    m.appendChild(block);
  }

  function setToolOutput(m, output) {
    var blocks = m.querySelectorAll(".tool-call[data-pending='true']");
    var block = blocks.length ? blocks[blocks.length - 1] : null;
    if (!block) {
      addToolCall(m, "");
      block = m.lastElementChild;
    }
    var out = block.querySelector(".tool-output");
    out.textContent = output;
    if (output.indexOf("error:") === 0) block.classList.add("tool-error");
    block.dataset.pending = "false";
  }

  // A message from the history (a user's text, or a finished reply's parts).
  function renderParts(m, content) {
    if (typeof content === "string") { appendText(m, content); return; }
    content.forEach(function (p) {
      if (p.type === "text") appendText(m, p.text);
      else if (p.type === "tool_call") addToolCall(m, p.input);
      else if (p.type === "tool_output") setToolOutput(m, p.output);
    });
  }

  function finish() {
    running = null;
    sendButton.disabled = false;
    stopButton.disabled = true;
  }

  // One event block: "event: NAME\ndata: JSON".
  function handle(block, reply, state) {
    var name = "message", data = "";
    block.split("\n").forEach(function (line) {
      if (line.indexOf("event: ") === 0) name = line.slice(7);
      else if (line.indexOf("data: ") === 0) data += line.slice(6);
    });
    if (!data) return;
    var value = JSON.parse(data);
    if (name === "text") appendText(reply, value.text);
    else if (name === "tool_call") addToolCall(reply, value.input);
    else if (name === "tool_output") setToolOutput(reply, value.output);
    else if (name === "done") {
      state.done = true;
      history.push(value.message);
      reply.dataset.stop = value.stop;
      setStatus("done", value.tokens + " tokens, stopped by " + value.stop.replace(/_/g, " "));
    } else if (name === "error") {
      state.failed = true;
      setStatus("error", value.error);
    }
  }

  // A reply that did not finish leaves no trace in the conversation: the user's message is taken back.
  function abandon(reply) {
    history.pop();
    reply.classList.add("msg-failed");
  }

  form.addEventListener("submit", function (e) {
    e.preventDefault();
    if (running) return;
    var text = input.value;
    if (!text.trim()) { setStatus("error", "type a message first"); return; }
    history.push({role: "user", content: [{type: "text", text: text}]});
    renderParts(addMessage("user"), text);
    var reply = addMessage("assistant");
    input.value = "";
    var params = new URLSearchParams();
    ["model", "temperature", "top_k", "top_p", "max_tokens", "seed"].forEach(function (n) {
      params.set(n, form.elements[n].value);
    });
    setStatus("running", "generating…");
    sendButton.disabled = true;
    stopButton.disabled = false;
    var controller = new AbortController();
    running = controller;
    var state = {done: false, failed: false};
    fetch(form.action + "?" + params.toString(), {
      method: "POST",
      signal: controller.signal,
      headers: {"Accept": "text/event-stream", "Content-Type": "application/json",
                "X-CSRF-Token": form.elements.csrf.value},
      body: JSON.stringify({messages: history})
    })
      .then(function (res) {
        if (!res.ok) {
          state.failed = true;
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
              handle(buffer.slice(0, end), reply, state);
              buffer = buffer.slice(end + 2);
            }
            return pump();
          });
        }
        return pump();
      })
      .catch(function (err) {
        state.failed = true;
        if (err.name === "AbortError") setStatus("stopped", "stopped");
        else setStatus("error", String(err));
      })
      .then(function () {
        if (!state.done) abandon(reply);
        finish();
        transcript.dataset.turns = String(history.length);
      });
  });

  stopButton.addEventListener("click", function () {
    if (running) running.abort();
  });

  resetButton.addEventListener("click", function () {
    if (running) running.abort();
    history = [];
    while (transcript.firstChild) transcript.removeChild(transcript.firstChild);
    transcript.dataset.turns = "0";
    transcript.dataset.messages = "0";
    setStatus("idle", "");
    input.focus();
  });
  form.dataset.ready = "true";
})();
