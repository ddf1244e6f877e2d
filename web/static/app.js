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
