/* 哨子 · the helpers the console's pages of their own (quiz.html, knowledge.html) share, as window.Console; each page
 * loads this file before its own script. No framework, no HTML built from strings: every text goes in as a text node.
 * The session is the console's (sessionStorage, the same keys as app.js), so one login serves every page. */
(function () {
  "use strict";
  var TOKEN_KEY = "shaozi.console.token";
  var WHO_KEY = "shaozi.console.who";

  function $(id) { return document.getElementById(id); }
  function token() { return sessionStorage.getItem(TOKEN_KEY) || ""; }
  /** Forgets the session: the token and the "who is logged in" that app.js keeps for it. */
  function signOut() {
    sessionStorage.removeItem(TOKEN_KEY);
    sessionStorage.removeItem(WHO_KEY);
  }

  /** el("div", {"class": "x", onclick: f}, "text", child, [children]): attributes (true → present, false/null → left
   * out), "on…" → listeners; strings and numbers become text nodes. */
  function el(tag, attrs) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k.indexOf("on") === 0) e.addEventListener(k.slice(2), attrs[k]);
      else if (attrs[k] !== undefined && attrs[k] !== null && attrs[k] !== false) e.setAttribute(k, attrs[k] === true ? "" : attrs[k]);
    });
    for (var i = 2; i < arguments.length; i++) append(e, arguments[i]);
    return e;
  }
  function append(e, c) {
    if (c === null || c === undefined || c === false) return;
    if (Array.isArray(c)) { c.forEach(function (x) { append(e, x); }); return; }
    e.appendChild(typeof c === "string" || typeof c === "number" ? document.createTextNode(String(c)) : c);
  }
  function clear(e) { while (e.firstChild) e.removeChild(e.firstChild); return e; }
  function alertBox(text, kind, id) { return el("div", { "class": "alert " + (kind || "error"), role: "alert", id: id }, text); }

  /** The text for a failed call. own(status, error) is the page's own text for a status ("" → the shared one);
   * error is the server's "error" field or "". */
  function errorText(status, body, own) {
    var z = body && body.error ? body.error : "";
    if (status === 401) return "身份验证失败，请重新输入访问令牌";
    var t = status && own ? own(status, z) : "";
    if (t) return t;
    return status === 0 ? "无法连接服务器" : "服务器错误（" + status + "）";
  }

  /** A call with the session's token; o: {body (sent as JSON), headers, errorText (the page's own texts, see
   * errorText)}. Resolves with the Response when it is ok; otherwise rejects with {status, message, body} (status 0:
   * no connection), and a 401 forgets the session. */
  function api(method, path, o) {
    o = o || {};
    var h = { "Authorization": "Bearer " + token() };
    if (o.body !== undefined) h["Content-Type"] = "application/json";
    Object.keys(o.headers || {}).forEach(function (k) { h[k] = o.headers[k]; });
    return fetch(path, { method: method, headers: h, cache: "no-store",
      body: o.body === undefined ? undefined : JSON.stringify(o.body) })
      .catch(function () { throw { status: 0, message: errorText(0, {}, o.errorText), body: {} }; })
      .then(function (res) {
        if (res.ok) return res;
        return res.text().then(function (t) {
          var b = {};
          try { b = t ? JSON.parse(t) : {}; } catch (e) { b = { error: t }; }
          if (res.status === 401) signOut();
          throw { status: res.status, message: errorText(res.status, b, o.errorText), body: b };
        });
      });
  }

  /** The token form in #main (and #who hidden); o: {title, label (what token to enter), message (shown above the
   * form, "" for none), onLogin (called once the token is stored)}. */
  function login(o) {
    $("who").hidden = true;
    var main = clear($("main"));
    var input = el("input", { type: "password", id: "token", placeholder: "请输入访问令牌", "aria-label": "访问令牌" });
    var form = el("form", { onsubmit: function (ev) {
      ev.preventDefault();
      if (!input.value.trim()) return;
      sessionStorage.setItem(TOKEN_KEY, input.value.trim());
      sessionStorage.removeItem(WHO_KEY);
      o.onLogin();
    } }, el("label", { "class": "field", "for": "token" }, o.label), input,
      el("button", { type: "submit" }, "登录"));
    main.appendChild(el("div", { "class": "login" }, el("div", { "class": "card" }, el("h1", null, o.title),
      o.message ? alertBox(o.message) : null, form)));
  }

  /** A call that failed: the login form again after a 401 (login(message)), otherwise the message in #main. */
  function failed(e, login) {
    if (e.status === 401) login(e.message);
    else clear($("main")).appendChild(alertBox(e.message));
  }

  /** The header's 退出登录 button: forgets the session, then then(). */
  function onLogout(then) {
    $("logout").addEventListener("click", function () { signOut(); then(); });
  }

  window.Console = { $: $, token: token, signOut: signOut, el: el, append: append, clear: clear, alertBox: alertBox,
    errorText: errorText, api: api, login: login, failed: failed, onLogout: onLogout };
})();
