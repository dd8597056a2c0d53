// The /chat/ page. The server issues the session (an HttpOnly cookie) and decides who "I" am: this script never
// names a user, it only asks /chat/api/session which account the cookie stands for.
(function () {
  "use strict";
  var log = document.getElementById("log");
  var input = document.getElementById("t");
  var send = document.getElementById("send");
  function rid() {
    var a = new Uint8Array(12); window.crypto.getRandomValues(a);
    return Array.prototype.map.call(a, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
  }
  function add(cls, text) {
    var row = document.createElement("div");
    if (cls === "sys") { row.className = "sys"; row.textContent = text; }
    else { row.className = "row " + cls; var b = document.createElement("div"); b.className = "bubble"; b.textContent = text; row.appendChild(b); }
    log.appendChild(row); log.scrollTop = log.scrollHeight;
  }
  function render(r) {
    if (r.type === "text") return r.text;
    if (r.type === "news") return r.articles.map(function (a) { return "【" + a.title + "】" + a.description; }).join("\n");
    if (r.type === "markdown" || r.type === "card") return (r.title ? r.title + "\n" : "") + r.text;
    return JSON.stringify(r);
  }
  function json(res) { return res.json().then(function (j) { return { status: res.status, j: j }; }); }
  var user = null;
  // Starts (or renews) the session; the cookie comes back with the answer.
  function session() {
    return fetch("/chat/api/session", { credentials: "same-origin" }).then(json).then(function (x) {
      if (x.status !== 200) throw new Error("session");
      if (user !== null && user !== x.j.user) { add("sys", "会话已过期，已为您开始新的会话"); last = null; }
      if (user !== x.j.user) add("sys", "您的体验账号：" + x.j.user);
      user = x.j.user;
    });
  }
  function post(text, msgId) {
    return fetch("/chat/api/messages", { method: "POST", credentials: "same-origin",
      headers: { "Content-Type": "application/json" }, body: JSON.stringify({ text: text, msgId: msgId }) }).then(json);
  }
  function deliver(text) {
    add("me", text); send.disabled = true;
    var msgId = rid();
    post(text, msgId)
      .then(function (x) {
        // 401: the session expired or was refused; the answer carried a new one, so send once more under it.
        if (x.status === 401) return session().then(function () { return post(text, msgId); });
        return x;
      })
      .then(function (x) {
        if (x.status !== 200) { add("sys", "出错了：" + (x.j.error || "请稍后再试")); return; }
        x.j.replies.forEach(function (r) { add("bot", render(r)); });
      })
      .catch(function () { add("sys", "网络异常，请稍后再试"); })
      .then(function () { send.disabled = false; input.focus(); });
  }
  document.getElementById("f").addEventListener("submit", function (e) {
    e.preventDefault(); var text = input.value.trim(); if (!text) return; input.value = ""; deliver(text);
  });
  Array.prototype.forEach.call(document.querySelectorAll(".quick button"), function (b) {
    b.addEventListener("click", function () { deliver(b.getAttribute("data-t")); });
  });
  // Pushed messages (ticket progress, rating survey) arrive through the outbox; poll for them.
  var last = null;
  function poll() {
    var url = "/chat/api/messages" + (last === null ? "" : "?after=" + last);
    fetch(url, { credentials: "same-origin" }).then(function (res) {
      if (res.status === 401) { return session().then(function () { return null; }); }
      return res.ok ? res.json() : null;
    }).then(function (j) {
      if (!j) return;
      j.messages.forEach(function (r) { add("bot", render(r)); });
      last = j.last;
    }).catch(function () { /* offline: try again later */ }).then(function () { setTimeout(poll, 2000); });
  }
  session().then(poll, function () { add("sys", "无法连接服务器，请稍后刷新页面"); });
  input.focus();
})();
