// Logs in through the JSON API; the session cookie comes back HttpOnly, the CSRF token is fetched
// again by the labeling page from /label/api/me.
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
    location.href = "/label";
  } else {
    const body = await r.json().catch(() => ({error: "login failed (" + r.status + ")"}));
    document.getElementById("login-error").textContent = body.error;
  }
});
