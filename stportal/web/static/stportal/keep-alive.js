/* Keeps a logged-in session alive while a form on the page has unsaved changes (issue 10,
   review finding 9). A session ends after the idle timeout without a request, so a long text
   (an annual review part) written for longer than that used to be lost on saving: the POST
   landed on the login page. While the person has typed into a form that is not yet submitted,
   and has been active on the page within the idle time, the page asks for the keep-alive
   address every few minutes, which renews the session (SessionActivityMiddleware). An abandoned
   page stops asking, so a shared clinic computer is still logged out by the idle timeout (at
   most twice it after the last keystroke). If the session has ended anyway, a warning says to
   copy the text before it is lost. Loaded from the site itself, as the CSP requires. */
(function () {
  "use strict";
  var script = document.currentScript;
  var url = script.dataset.keepAliveUrl;
  var idleMs = Number(script.dataset.idleSeconds) * 1000;
  // Well within the idle time; the server renews a session at most once a minute.
  var everyMs = Math.max(60 * 1000, Math.min(4 * 60 * 1000, idleMs / 3));
  var unsaved = false;
  var lastActivity = Date.now();
  var timer = null;

  function inPostForm(target) {
    var form = target && target.form;
    return Boolean(form) && (form.getAttribute("method") || "").toLowerCase() === "post";
  }

  function edited(event) {
    if (inPostForm(event.target)) {
      unsaved = true;
      lastActivity = Date.now();
    }
  }

  function active() {
    lastActivity = Date.now();
  }

  function ended() {
    window.clearInterval(timer);
    var warning = document.getElementById("session-ended");
    if (warning) {
      warning.hidden = false;
    }
  }

  function ping() {
    if (!unsaved || Date.now() - lastActivity > idleMs) {
      return;
    }
    // A session that has ended is sent to log in: not followed, but taken as the end.
    window
      .fetch(url, { credentials: "same-origin", cache: "no-store", redirect: "manual" })
      .then(function (response) {
        if (response.type === "opaqueredirect" || response.status === 401) {
          ended();
        }
      })
      .catch(function () {
        // Offline for a moment: the next turn tries again.
      });
  }

  document.addEventListener("input", edited, true);
  document.addEventListener("change", edited, true);
  document.addEventListener("keydown", active, true);
  document.addEventListener("pointerdown", active, true);
  document.addEventListener(
    "submit",
    function () {
      unsaved = false;
    },
    true
  );
  timer = window.setInterval(ping, everyMs);
})();
