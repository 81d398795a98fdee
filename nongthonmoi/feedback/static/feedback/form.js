/* Offline-then-send for the public survey form. The answer (with its client UUID) is kept in
   localStorage until the server accepts it; retries reuse the UUID, so the server stores it once. */
(function () {
  "use strict";
  var QUEUE = "ntm-fb-pending", DEVICE = "ntm-fb-device";
  var store = window.localStorage;
  var retryDelay = 5000, timer = null;

  function uuid4() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    var b = new Uint8Array(16); crypto.getRandomValues(b);
    b[6] = (b[6] & 15) | 64; b[8] = (b[8] & 63) | 128;
    var h = Array.prototype.map.call(b, function (x) { return (x + 256).toString(16).slice(1); }).join("");
    return h.slice(0, 8) + "-" + h.slice(8, 12) + "-" + h.slice(12, 16) + "-" + h.slice(16, 20) + "-" + h.slice(20);
  }
  function load() { try { return JSON.parse(store.getItem(QUEUE) || "[]"); } catch (e) { return []; } }
  function save(items) { store.setItem(QUEUE, JSON.stringify(items)); }
  function status(text) { var el = document.getElementById("fb-status"); if (el) el.textContent = text; }
  function device() {
    var id = store.getItem(DEVICE);
    if (!id) { id = uuid4(); store.setItem(DEVICE, id); }
    return id;
  }
  function showProblems(list) {
    var ul = document.getElementById("fb-problems");
    if (!ul) return;
    ul.innerHTML = "";
    list.forEach(function (p) { var li = document.createElement("li"); li.textContent = p; ul.appendChild(li); });
    ul.hidden = !list.length;
    if (list.length) ul.scrollIntoView();
  }

  function send(item) {
    return fetch(item.url, {
      method: "POST", headers: { "Content-Type": "application/json" },
      body: JSON.stringify(item.body), credentials: "omit"
    }).then(function (r) {
      return r.json().catch(function () { return {}; }).then(function (data) { return { code: r.status, data: data }; });
    });
  }

  function flush(onDone) {
    var items = load();
    if (!items.length) return;
    var item = items[0];
    send(item).then(function (res) {
      if (res.code === 201 || (res.code >= 400 && res.code < 500 && res.code !== 429 && res.code !== 408)) {
        save(load().filter(function (x) { return x.body.uuid !== item.body.uuid; }));
        retryDelay = 5000;
        if (onDone) onDone(item, res);
        if (load().length) flush(onDone);
      } else { schedule(onDone); }
    }, function () { schedule(onDone); });
  }
  function schedule(onDone) {
    status("Chưa gửi được (mất mạng?). Phiếu đã lưu trên máy và sẽ tự gửi lại.");
    clearTimeout(timer);
    timer = setTimeout(function () { flush(onDone); }, retryDelay);
    retryDelay = Math.min(retryDelay * 2, 60000);
  }

  function collect(form) {
    var answers = {};
    Array.prototype.forEach.call(form.querySelectorAll("fieldset[data-code]"), function (fs) {
      var code = fs.getAttribute("data-code"), kind = fs.getAttribute("data-kind");
      if (kind === "multiple") {
        var picked = [];
        Array.prototype.forEach.call(fs.querySelectorAll("input:checked"), function (i) { picked.push(i.value); });
        if (picked.length) answers[code] = picked;
      } else if (kind === "text") {
        var t = fs.querySelector("textarea").value.trim();
        if (t) answers[code] = t;
      } else {
        var c = fs.querySelector("input:checked");
        if (c) answers[code] = c.value;
      }
    });
    return answers;
  }

  function done(form) {
    return function (item, res) {
      if (res.code === 201) {
        if (form && item.body.uuid === form.querySelector("#fb-uuid").value) {
          window.location.href = form.getAttribute("data-thanks-url");
        } else { status("Đã gửi phiếu đã lưu trước đó. Cảm ơn ông/bà!"); }
      } else {
        status("");
        var p = (res.data && res.data.problems) || ["Không gửi được phiếu."];
        showProblems(p);
        if (form) { form.querySelector("#fb-uuid").value = uuid4(); form.querySelector("#fb-send").disabled = false; }
      }
    };
  }

  var form = document.getElementById("fb-form");
  if (form) {
    form.querySelector("#fb-device").value = device();
    if (!form.querySelector("#fb-uuid").value) form.querySelector("#fb-uuid").value = uuid4();
    form.addEventListener("submit", function (ev) {
      ev.preventDefault();
      var f = form.elements;
      var item = {
        url: form.getAttribute("data-submit-url"),
        body: {
          token: form.getAttribute("data-token"), uuid: f.submission_uuid.value, device: device(),
          answers: collect(form), website: f.website.value,
          contact_opt_in: f.contact_opt_in.checked, phone: f.phone.value
        }
      };
      var items = load().filter(function (x) { return x.body.uuid !== item.body.uuid; });
      items.push(item); save(items);
      form.querySelector("#fb-send").disabled = true;
      status("Đang gửi…");
      flush(done(form));
    });
  }
  window.addEventListener("online", function () { flush(done(form)); });
  if (load().length && !form) flush(done(null));
  else if (load().length) flush(done(form));
})();
