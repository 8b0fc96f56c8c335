// Logs in through the JSON API; the session cookie comes back HttpOnly, the CSRF token is fetched
// again by the labeling page from /label/api/me. After signing in the browser goes to ?next= when it
// is a path on this server (one leading slash, no backslash or control character), so a crafted
// login link cannot send it to another site; otherwise to the labeling page.
function nextPath() {
  const next = new URLSearchParams(location.search).get("next");
  if (!next || !next.startsWith("/") || next.startsWith("//") || /[\\\u0000-\u001f\u007f]/.test(next)) return "/label";
  return next;
}

document.getElementById("login").addEventListener("submit", async (e) => {
  e.preventDefault();
  const r = await fetch("/label/api/login", {
    method: "POST",
    headers: {"Content-Type": "application/json"},
    body: JSON.stringify({
      name: document.getElementById("name").value,
      password: document.getElementById("password").value,
    }),
  });
  if (r.ok) {
    location.href = nextPath();
  } else {
    const body = await r.json().catch(() => ({error: "login failed (" + r.status + ")"}));
    document.getElementById("login-error").textContent = body.error;
  }
});
