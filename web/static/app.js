// Small progressive enhancements; every page works without this file.
document.addEventListener("click", function (event) {
  var target = event.target.closest("[data-confirm], [data-print], [data-back]");
  if (!target) return;
  if (target.hasAttribute("data-confirm") && !window.confirm(target.getAttribute("data-confirm"))) {
    event.preventDefault();
  }
  if (target.hasAttribute("data-print")) window.print();
  if (target.hasAttribute("data-back")) history.back();
});

// A form is sent once: a second click while the first submit is under way is ignored.
document.addEventListener("submit", function (event) {
  var form = event.target;
  if (form.dataset.submitting === "1") {
    event.preventDefault();
    return;
  }
  form.dataset.submitting = "1";
  setTimeout(function () { form.dataset.submitting = ""; }, 5000);
});

// Calendar feed page: [data-copy="input-id"] copies that field and says so with data-copied.
document.querySelectorAll("[data-copy]").forEach(function (button) {
  if (!navigator.clipboard) return;
  button.hidden = false;
  button.addEventListener("click", function () {
    var field = document.getElementById(button.getAttribute("data-copy"));
    navigator.clipboard.writeText(field.value).then(function () {
      button.textContent = button.getAttribute("data-copied");
    });
  });
});

// Check-in desk (签到): filter the attendee list as one types, and check a person in with one
// tap without reloading the page. Without this script the search is a GET form and each button
// a normal form post, which work the same.
(function () {
  var search = document.querySelector("[data-filter-list]");
  if (search) {
    var listID = search.getAttribute("data-filter-list");
    var list = document.getElementById(listID);
    var none = document.querySelector('[data-filter-empty="' + listID + '"]');
    search.addEventListener("input", function () {
      if (!list) return;
      var q = search.value.trim().toLowerCase();
      var shown = 0;
      list.querySelectorAll("[data-search]").forEach(function (row) {
        var match = q === "" || row.getAttribute("data-search").indexOf(q) !== -1;
        row.hidden = !match;
        if (match) shown++;
      });
      if (none) none.hidden = shown > 0;
    });
  }

  function setCount(name, value) {
    var el = document.querySelector('[data-count="' + name + '"]');
    if (el && typeof value === "number") el.textContent = String(value);
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (event.defaultPrevented || !form.hasAttribute("data-checkin-form") || !window.fetch) return;
    event.preventDefault();
    var live = document.querySelector(".checkin-live");
    fetch(form.action, {
      method: "POST",
      headers: { "Accept": "application/json" },
      body: new URLSearchParams(new FormData(form)),
      credentials: "same-origin"
    }).then(function (res) {
      return res.json().then(function (reply) { return { ok: res.ok, reply: reply }; });
    }).then(function (r) {
      form.dataset.submitting = "";
      if (live) {
        live.textContent = r.reply.message || "";
        live.classList.toggle("error", !r.ok);
      }
      if (!r.ok) return;
      var done = document.createElement("span");
      done.className = "checked";
      done.setAttribute("data-testid", "checked-" + r.reply.attendee_id);
      done.textContent = r.reply.checked;
      var row = form.closest(".checkin-row");
      if (row) row.classList.add("done");
      form.replaceWith(done);
      setCount("checked_in", r.reply.checked_in);
      setCount("expected", r.reply.expected);
    }).catch(function () {
      // Not an answer the script understands (offline, signed out): post the form the plain way.
      if (form.isConnected) form.submit();
    });
  });
})();

// Background work (an uploaded spreadsheet being checked): an element with data-poll-url
// names a JSON status ({processed, total, done, text}). While the work runs, its <progress>
// and [data-progress-text] follow the status; once it is done the page reloads to show the
// result. Without this script the page's refresh link does the same by hand.
(function () {
  var box = document.querySelector("[data-poll-url]");
  if (!box || !window.fetch) return;
  var url = box.getAttribute("data-poll-url");
  var bar = box.querySelector("progress");
  var text = box.querySelector("[data-progress-text]");
  var failures = 0;
  function poll() {
    fetch(url, { headers: { "Accept": "application/json" }, credentials: "same-origin", cache: "no-store" })
      .then(function (res) {
        if (!res.ok) throw new Error("status " + res.status);
        return res.json();
      })
      .then(function (s) {
        failures = 0;
        if (s.done) {
          window.location.reload();
          return;
        }
        if (bar && s.total > 0) {
          bar.max = s.total;
          bar.value = Math.min(s.processed, s.total);
        }
        if (text && s.text) text.textContent = s.text;
        setTimeout(poll, 1000);
      })
      .catch(function () {
        // A hiccup (network, restart): try a few more times, slower; the link still works.
        if (++failures < 10) setTimeout(poll, 3000);
      });
  }
  setTimeout(poll, 1000);
})();

// Demand intake: refuse too many or too large attachments as soon as they are chosen, naming
// each file, instead of after a long upload. The server checks them all again (and their
// content, which only it can judge).
document.querySelectorAll("input[type=file][data-max-bytes]").forEach(function (input) {
  var box = input.parentElement.querySelector("[data-file-check]");
  input.addEventListener("change", function () {
    var maxBytes = Number(input.getAttribute("data-max-bytes"));
    var maxFiles = Number(input.getAttribute("data-max-files"));
    var problems = [];
    if (input.files.length > maxFiles) problems.push(input.getAttribute("data-too-many"));
    Array.prototype.forEach.call(input.files, function (file) {
      if (file.size > maxBytes) problems.push(input.getAttribute("data-too-big").replace("%s", file.name));
    });
    if (box) {
      box.textContent = problems.join(" ");
      box.hidden = problems.length === 0;
    }
    if (problems.length > 0) input.value = "";
  });
});
