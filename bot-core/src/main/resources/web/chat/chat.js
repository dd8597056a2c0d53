// The /chat/ page. The server issues the session (an HttpOnly cookie) and decides who "I" am: this script never
// names a user. The conversation is kept per session on the server (GET /chat/api/history), so a reload shows it
// again, with the pushes that arrived while the page was closed (the server remembers what a page has shown).
(function () {
  "use strict";
  var log = document.getElementById("log");
  var input = document.getElementById("t");
  var send = document.getElementById("send");
  function rid() {
    var a = new Uint8Array(12); window.crypto.getRandomValues(a);
    return Array.prototype.map.call(a, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
  }
  function scroll() { log.scrollTop = log.scrollHeight; }
  function hhmm(iso) {
    var d = new Date(Date.parse(iso) + 8 * 3600 * 1000);
    function p(n) { return (n < 10 ? "0" : "") + n; }
    return (d.getUTCMonth() + 1) + "月" + d.getUTCDate() + "日 " + p(d.getUTCHours()) + ":" + p(d.getUTCMinutes());
  }
  function add(cls, text, extra) {
    var row = document.createElement("div");
    if (cls === "sys" || cls === "sys divider") { row.className = cls; row.textContent = text; }
    else {
      row.className = "row " + cls;
      var b = document.createElement("div"); b.className = "bubble";
      if (cls.indexOf("push") === 0) {
        var l = document.createElement("span"); l.className = "push-label";
        l.textContent = "通知" + (extra && extra.at ? " · " + hhmm(extra.at) : ""); b.appendChild(l);
      }
      b.appendChild(document.createTextNode(text));
      if (extra && extra.img) { var i = document.createElement("img"); i.className = "thumb"; i.src = extra.img; i.alt = "照片"; b.appendChild(i); }
      row.appendChild(b);
    }
    log.appendChild(row); scroll();
    return row;
  }
  function greet() {
    var row = document.createElement("div"); row.className = "row bot greet";
    var b = document.createElement("div"); b.className = "bubble";
    b.appendChild(document.createTextNode("您好！我是社区服务助手“哨子”。我可以帮您："));
    var ol = document.createElement("ol");
    ["反映问题：直接说遇到了什么，如“楼道灯坏了”，可附照片和位置；", "查进度：发送“我的工单”或“查询 工单号”；",
      "收通知、做评价：办理进展会推送到这里，办结后请您评价。"].forEach(function (t) {
      var li = document.createElement("li"); li.textContent = t; ol.appendChild(li);
    });
    b.appendChild(ol); row.appendChild(b); log.appendChild(row);
  }
  function render(r) {
    if (r.type === "text") return r.text;
    if (r.type === "news") return r.articles.map(function (a) { return "【" + a.title + "】" + a.description; }).join("\n");
    if (r.type === "markdown" || r.type === "card") return (r.title ? r.title + "\n" : "") + r.text;
    if (r.type === "location") return "📍 " + r.text;
    if (r.type === "photo") return "📷 照片";
    return JSON.stringify(r);
  }
  function json(res) { return res.json().then(function (j) { return { status: res.status, j: j }; }); }
  var user = null;
  var last = null;
  // Starts (or renews) the session; the cookie comes back with the answer.
  function session() {
    return fetch("/chat/api/session", { credentials: "same-origin" }).then(json).then(function (x) {
      if (x.status !== 200) throw new Error("session");
      var changed = user !== null && user !== x.j.user;
      user = x.j.user;
      if (changed) { add("sys", "会话已过期，已为您开始新的会话"); last = null; return history(); }
    });
  }
  // What was said in this session so far, and the pushes; those after the last one seen are marked.
  function history() {
    return fetch("/chat/api/history", { credentials: "same-origin" }).then(json).then(function (x) {
      if (x.status !== 200) return;
      var divided = false, shown = 0;
      x.j.items.forEach(function (it) {
        if (it.kind === "push") {
          var away = !!it.away;
          if (away && !divided) { add("sys divider", "以下是您离开期间收到的消息"); divided = true; }
          add(away ? "push away" : "push", render(it.message), { at: it.at });
        } else {
          add(it.kind === "me" ? "me" : "bot", render(it.message));
        }
        shown++;
      });
      if (shown) add("sys", "以上是您之前的对话");
      last = x.j.last;
    });
  }
  function post(body) {
    return fetch("/chat/api/messages", { method: "POST", credentials: "same-origin",
      headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) }).then(json);
  }
  function deliver(body, shown, extra) {
    add("me", shown, extra); send.disabled = true;
    body.msgId = rid();
    return post(body)
      .then(function (x) {
        // 401: the session expired or was refused; the answer carried a new one, so send once more under it.
        if (x.status === 401) return session().then(function () { return post(body); });
        return x;
      })
      .then(function (x) {
        if (x.status !== 200) { add("sys", "出错了：" + (x.j.error || "请稍后再试")); return; }
        x.j.replies.forEach(function (r) { add("bot", render(r)); });
      })
      .catch(function () { add("sys", "网络异常，请稍后再试"); })
      .then(function () { send.disabled = false; });
  }
  document.getElementById("f").addEventListener("submit", function (e) {
    e.preventDefault(); var text = input.value.trim(); if (!text) return; input.value = "";
    deliver({ text: text }, text).then(function () { input.focus(); });
  });
  Array.prototype.forEach.call(document.querySelectorAll(".quick button[data-t]"), function (b) {
    b.addEventListener("click", function () { var t = b.getAttribute("data-t"); deliver({ text: t }, t); });
  });

  // ---- location: a place from the org's list, or typed
  var panel = document.getElementById("placePanel");
  var select = document.getElementById("placeSelect");
  var placeText = document.getElementById("placeText");
  var placesLoaded = false;
  document.getElementById("placeBtn").addEventListener("click", function () {
    panel.hidden = !panel.hidden;
    if (!panel.hidden && !placesLoaded) {
      fetch("/chat/api/places", { credentials: "same-origin" }).then(json).then(function (x) {
        if (x.status !== 200) return;
        placesLoaded = true;
        x.j.communities.forEach(function (c) {
          var g = document.createElement("optgroup"); g.label = c.community;
          c.places.forEach(function (p) { var o = document.createElement("option"); o.value = p; o.textContent = p; g.appendChild(o); });
          select.appendChild(g);
        });
      }).catch(function () { /* typed places still work */ });
    }
  });
  document.getElementById("placeCancel").addEventListener("click", function () { panel.hidden = true; });
  document.getElementById("placeSend").addEventListener("click", function () {
    var typed = placeText.value.trim();
    var place = typed ? (select.value && typed.indexOf(select.value) < 0 ? select.value + typed : typed) : select.value;
    if (!place) { placeText.focus(); return; }
    panel.hidden = true; placeText.value = ""; select.value = "";
    deliver({ place: place }, "📍 " + place);
  });

  // ---- photo: scaled down in the browser (at most 1600 px, JPEG) and uploaded, then sent as a message
  var file = document.getElementById("photoFile");
  document.getElementById("photoBtn").addEventListener("click", function () { file.click(); });
  file.addEventListener("change", function () {
    var f = file.files && file.files[0]; file.value = "";
    if (!f) return;
    if (!/^image\//.test(f.type)) { add("sys", "请选择图片文件"); return; }
    var reader = new FileReader();
    reader.onload = function () {
      var img = new Image();
      img.onload = function () {
        var scale = Math.min(1, 1600 / Math.max(img.width, img.height));
        var c = document.createElement("canvas");
        c.width = Math.round(img.width * scale); c.height = Math.round(img.height * scale);
        c.getContext("2d").drawImage(img, 0, 0, c.width, c.height);
        var preview = c.toDataURL("image/jpeg", 0.6);
        c.toBlob(function (blob) {
          fetch("/chat/api/photos", { method: "POST", credentials: "same-origin", headers: { "Content-Type": "image/jpeg" }, body: blob })
            .then(json).then(function (x) {
              if (x.status !== 200) { add("sys", "照片发送失败：" + (x.j.error || "请稍后再试")); return; }
              deliver({ photo: x.j.id }, "📷 照片", { img: preview });
            }).catch(function () { add("sys", "网络异常，照片未发送"); });
        }, "image/jpeg", 0.85);
      };
      img.onerror = function () { add("sys", "无法读取这张图片"); };
      img.src = reader.result;
    };
    reader.readAsDataURL(f);
  });

  // Pushed messages (ticket progress, rating survey) arrive through the outbox; poll for them.
  function poll() {
    var url = "/chat/api/messages" + (last === null ? "" : "?after=" + last);
    fetch(url, { credentials: "same-origin" }).then(function (res) {
      if (res.status === 401) { return session().then(function () { return null; }); }
      return res.ok ? res.json() : null;
    }).then(function (j) {
      if (!j) return;
      j.messages.forEach(function (r) { add("push", render(r), { at: new Date().toISOString() }); });
      last = j.last;
    }).catch(function () { /* offline: try again later */ }).then(function () { setTimeout(poll, 2000); });
  }
  greet();
  session().then(history).then(poll, function () { add("sys", "无法连接服务器，请稍后刷新页面"); });
  input.focus();
})();
