/* 哨子 · 接诉即办工作台: a static single-page console over the JSON admin API (no framework, works offline). */
(function () {
  "use strict";

  // ------------------------------------------------------------------ vocabulary (mirrors the Java enums)

  var TOKEN_KEY = "shaozi.console.token";
  var WHO_KEY = "shaozi.console.who";

  /** TicketStatus, in life order. */
  var STATUS = [
    ["RECEIVED", "已受理"], ["DISPATCHED", "已派单"], ["ACCEPTED", "已签收"], ["IN_PROGRESS", "处理中"],
    ["WAITING_RESIDENT", "待补充"], ["WHISTLED", "吹哨中"], ["RETURNED", "已退单"], ["ARBITRATION", "待审定"],
    ["RESOLVED", "已办结"], ["REOPENED", "重办"], ["CLOSED", "已回访"], ["MERGED", "已合并"], ["WITHDRAWN", "已撤销"]
  ];
  var STATUS_LABEL = {};
  STATUS.forEach(function (s) { STATUS_LABEL[s[0]] = s[1]; });

  var EVENT_LABEL = {
    OPENED: "受理", DISPATCHED: "派单", ACCEPTED: "签收", PROGRESS: "办理进展", WAITING: "待居民补充",
    DETAIL_ADDED: "补充诉求", RESOLVED: "办结", RETURNED: "退单", WHISTLED: "吹哨", REPORTED: "报到",
    REPORT_MISSED: "报到超时", MERGED: "合并至主单", MERGED_IN: "并入重复诉求", REOPENED: "重办",
    EXTENSION_REQUESTED: "申请延期", EXTENSION_APPROVED: "批准延期", EXTENSION_REJECTED: "驳回延期", WITHDRAWN: "撤销",
    RATED: "评价", CLOSED_UNRATED: "逾期未评价", URGED: "催办", OVERDUE: "超期", ESCALATED: "督办升级",
    ALERTED: "告警", ALERT_ACKED: "告警已确认", RECATEGORIZED: "类别更正",
    MEDIA_FAILED: "附件下载失败"
  };
  var ALARM_EVENTS = { OVERDUE: 1, ESCALATED: 1, REPORT_MISSED: 1, RETURNED: 1, URGED: 1, ALERTED: 1, MEDIA_FAILED: 1 };

  var RETURN_REASONS = [
    ["R01", "不属于本单位职责"], ["R02", "不属于本辖区"], ["R03", "诉求信息不全，无法办理"],
    ["R04", "不属于政府职能范围"], ["R05", "重复诉求"], ["R99", "其他原因（须说明）"]
  ];
  var URGENCY = [["NORMAL", "一般"], ["URGENT", "加急"], ["EMERGENCY", "紧急"]];
  var URGENCY_LABEL = { NORMAL: "一般", URGENT: "加急", EMERGENCY: "紧急" };
  var RATING = [["SATISFIED", "满意"], ["BASICALLY_SATISFIED", "基本满意"], ["UNSATISFIED", "不满意"]];
  var RATING_LABEL = { SATISFIED: "满意", BASICALLY_SATISFIED: "基本满意", UNSATISFIED: "不满意", UNRATED: "未评价" };
  var ROLE_LABEL = {
    RESIDENT: "居民", GRID_WORKER: "网格员", COMMUNITY_WORKER: "社区工作者", STREET_CADRE: "街道干部",
    DEPARTMENT_STAFF: "部门工作人员", LEADER: "领导", ADMIN: "管理员", SYSTEM: "系统"
  };
  var DEADLINE_LABEL = { SIGN: "签收", CONTACT: "联系居民", RESOLVE: "办结" };
  var CHANNEL_LABEL = { wechat: "微信公众号", wecom: "企业微信", dingtalk: "钉钉", feishu: "飞书", generic: "网页/通用接口" };

  /** TicketMachine.FROM: the states in which each action may be tried (the server checks role and data). */
  var FROM = {
    dispatch: ["RECEIVED", "RETURNED", "ARBITRATION", "DISPATCHED", "ACCEPTED", "REOPENED"],
    accept: ["DISPATCHED", "REOPENED", "WHISTLED"],
    progress: ["ACCEPTED", "IN_PROGRESS", "WAITING_RESIDENT", "WHISTLED"],
    wait: ["ACCEPTED", "IN_PROGRESS"],
    detail: ["RECEIVED", "DISPATCHED", "ACCEPTED", "IN_PROGRESS", "WAITING_RESIDENT", "WHISTLED", "RETURNED", "ARBITRATION", "REOPENED"],
    resolve: ["ACCEPTED", "IN_PROGRESS", "WHISTLED"],
    "return": ["DISPATCHED", "ACCEPTED"],
    whistle: ["RECEIVED", "DISPATCHED", "ACCEPTED", "IN_PROGRESS", "RETURNED", "ARBITRATION", "REOPENED", "WHISTLED"],
    report: ["RECEIVED", "DISPATCHED", "ACCEPTED", "IN_PROGRESS", "WAITING_RESIDENT", "WHISTLED", "RETURNED", "ARBITRATION", "REOPENED", "RESOLVED"],
    merge: ["RECEIVED", "DISPATCHED", "ACCEPTED", "IN_PROGRESS", "WAITING_RESIDENT", "WHISTLED", "RETURNED", "ARBITRATION", "REOPENED"],
    reopen: ["RESOLVED", "CLOSED"],
    extend: ["ACCEPTED", "IN_PROGRESS", "WAITING_RESIDENT", "WHISTLED"],
    withdraw: ["RECEIVED", "DISPATCHED", "ACCEPTED", "IN_PROGRESS", "WAITING_RESIDENT", "WHISTLED", "RETURNED", "ARBITRATION", "REOPENED"],
    rate: ["RESOLVED"],
    urge: ["RECEIVED", "DISPATCHED", "ACCEPTED", "IN_PROGRESS", "WAITING_RESIDENT", "WHISTLED", "RETURNED", "ARBITRATION", "REOPENED"],
    alert: ["RECEIVED", "DISPATCHED", "ACCEPTED", "IN_PROGRESS", "WAITING_RESIDENT", "WHISTLED", "RETURNED", "ARBITRATION", "REOPENED"],
    mediaFailed: ["RECEIVED", "DISPATCHED", "ACCEPTED", "IN_PROGRESS", "WAITING_RESIDENT", "WHISTLED", "RETURNED", "ARBITRATION", "RESOLVED", "REOPENED", "CLOSED", "MERGED", "WITHDRAWN"],
    ack: ["RECEIVED", "DISPATCHED", "ACCEPTED", "IN_PROGRESS", "WAITING_RESIDENT", "WHISTLED", "RETURNED", "ARBITRATION", "REOPENED"],
    locate: ["RECEIVED", "DISPATCHED", "ACCEPTED", "IN_PROGRESS", "WAITING_RESIDENT", "WHISTLED", "RETURNED", "ARBITRATION", "REOPENED"],
    correct: ["RECEIVED", "DISPATCHED", "ACCEPTED", "IN_PROGRESS", "WAITING_RESIDENT", "WHISTLED", "RETURNED", "ARBITRATION", "RESOLVED", "REOPENED", "CLOSED", "WITHDRAWN"]
  };
  /** CategoryModel.CATEGORIES: what a 类别更正 may choose (the server refuses anything else). */
  var CATEGORIES = ["城乡建设", "环境保护", "交通运输", "教育文体", "劳动和社会保障", "商贸旅游", "卫生计生"];
  /** Role.street() people (the system aside): only they correct a category. */
  var STREET_ROLES = { ADMIN: 1, LEADER: 1, STREET_CADRE: 1 };
  var ACTION_ORDER = ["accept", "progress", "resolve", "return", "dispatch", "whistle", "report", "wait", "detail",
    "extend", "merge", "urge", "reopen", "rate", "correct", "withdraw"];
  var ACTION_LABEL = {
    dispatch: "派单", accept: "签收", progress: "反馈进展", wait: "待居民补充", detail: "补充诉求", resolve: "办结",
    "return": "退单", whistle: "吹哨", report: "报到", merge: "合并", reopen: "重办", extend: "延期",
    withdraw: "撤销", rate: "评价回访", urge: "催办", correct: "更正类别"
  };

  // ------------------------------------------------------------------ small helpers

  function $(id) { return document.getElementById(id); }

  /** el("div", {class: "x", onclick: f}, "text", child, [more]) — text is always inserted as text. */
  function el(tag, attrs) {
    var node = document.createElement(tag);
    if (attrs) {
      Object.keys(attrs).forEach(function (k) {
        var v = attrs[k];
        if (v === undefined || v === null || v === false) return;
        if (k.slice(0, 2) === "on" && typeof v === "function") node.addEventListener(k.slice(2), v);
        else if (k === "class") node.className = v;
        else if (k === "text") node.textContent = v;
        else if (k === "value") node.value = v;
        else if (k === "style") node.style.cssText = v; // CSSOM, allowed by the page's style-src 'self'

        else if (k === "checked" || k === "selected" || k === "disabled" || k === "multiple") node[k] = !!v;
        else node.setAttribute(k, v === true ? "" : String(v));
      });
    }
    for (var i = 2; i < arguments.length; i++) append(node, arguments[i]);
    return node;
  }

  function append(node, c) {
    if (c === undefined || c === null || c === false) return;
    if (Array.isArray(c)) { c.forEach(function (x) { append(node, x); }); return; }
    node.appendChild(typeof c === "string" || typeof c === "number" ? document.createTextNode(String(c)) : c);
  }

  function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); return node; }

  function pad(n) { return (n < 10 ? "0" : "") + n; }

  /** ISO instant → Beijing time (UTC+8, no DST) "2026-11-28 16:05". */
  function bj(iso, withSeconds) {
    if (!iso) return "";
    var ms = Date.parse(iso);
    if (isNaN(ms)) return iso;
    var d = new Date(ms + 8 * 3600 * 1000);
    return d.getUTCFullYear() + "-" + pad(d.getUTCMonth() + 1) + "-" + pad(d.getUTCDate()) + " " +
      pad(d.getUTCHours()) + ":" + pad(d.getUTCMinutes()) + (withSeconds ? ":" + pad(d.getUTCSeconds()) : "");
  }

  /** "2026-11-28" ± days. */
  function addDays(day, n) {
    var p = day.split("-");
    var d = new Date(Date.UTC(+p[0], +p[1] - 1, +p[2]) + n * 86400000);
    return d.getUTCFullYear() + "-" + pad(d.getUTCMonth() + 1) + "-" + pad(d.getUTCDate());
  }

  function pct(v) { return (typeof v === "number" ? (v * 100).toFixed(1) : "0.0") + "%"; }

  function minutes(m) {
    if (!m) return "0";
    var h = Math.floor(m / 60);
    return h > 0 ? h + "小时" + (m % 60 ? (m % 60) + "分" : "") : m + "分钟";
  }

  function statusBadge(code, label) {
    return el("span", { "class": "badge s-" + code, text: label || STATUS_LABEL[code] || code });
  }

  function option(value, label, selected) {
    return el("option", { value: value, selected: selected }, label);
  }

  function hasHan(s) { return /[\u4e00-\u9fff]/.test(s || ""); }

  // ------------------------------------------------------------------ API

  function token() { return sessionStorage.getItem(TOKEN_KEY) || ""; }

  function ApiError(status, message, body) {
    this.status = status;
    this.message = message;
    this.body = body || {};
  }

  /** Server reasons are Chinese for ticket refusals; the few English ones are translated here. */
  function zhReason(reason) {
    var r = String(reason || "");
    if (!r || hasHan(r)) return r;
    var m;
    if ((m = /^role (\w+) may not do this$/.exec(r))) return "当前账号角色（" + (ROLE_LABEL[m[1].toUpperCase()] || m[1]) + "）无权执行此操作";
    if ((m = /^ticket (\S+) is not visible to you$/.exec(r))) return "您无权查看工单 " + m[1];
    if ((m = /^no ticket (\S+)$/.exec(r))) return "工单 " + m[1] + " 不存在";
    if (/^no handed-off conversation/.test(r)) return "该人工会话已结束或不存在";
    if (/^missing bearer token$/.test(r)) return "未提供访问令牌";
    if (/^invalid token$/.test(r)) return "访问令牌无效或已失效";
    if (/^department staff see their own/.test(r)) return "部门工作人员只能查看本部门的考核数据";
    if (/^reason code is required/.test(r)) return "请选择退单原因（R01–R05、R99）";
    if (/^unknown return reason/.test(r)) return "退单原因代码无效";
    if (/^master is required/.test(r)) return "请填写主单号";
    if (/^department is required/.test(r)) return "请选择报到部门";
    if (/^rating is required|^unknown rating/.test(r)) return "请选择评价结果";
    if (/text is required/.test(r)) return "请填写内容";
    if (/^category is required/.test(r)) return "请填写诉求类别";
    if (/^to must be after from/.test(r)) return "截止日期须不早于开始日期";
    if (/^dates are YYYY-MM-DD/.test(r)) return "日期格式应为 年-月-日";
    if (/^unknown ticket status/.test(r)) return "工单状态无效";
    if (/^overdue must be/.test(r)) return "超期筛选条件无效";
    if (/must be between|must be a number/.test(r)) return "分页参数无效";
    if (/^malformed JSON/.test(r)) return "请求格式错误";
    if (/^starting/.test(r)) return "服务正在启动，请稍后重试";
    return "（服务器说明：" + r + "）";
  }

  function errorMessage(status, reason) {
    var z = zhReason(reason);
    switch (status) {
      case 0: return "无法连接服务器，请检查网络或服务是否正在运行";
      case 401: return "身份验证失败（401）：" + (z || "访问令牌缺失或无效") + "，请重新输入访问令牌登录";
      case 403: return "没有权限（403）：" + (z || "当前账号无权执行此操作");
      case 404: return "未找到（404）：" + (z || "请求的内容不存在");
      case 409: return "操作未执行（409）：" + (z || "工单状态已变化，请刷新后重试");
      case 400: return "请求有误（400）：" + (z || "参数不正确");
      case 503: return "服务暂不可用（503）：" + (z || "服务正在启动，请稍后重试");
      default: return "服务器错误（" + status + "）" + (z ? "：" + z : "，请稍后重试");
    }
  }

  function request(method, path, body, quiet) {
    var headers = { "Authorization": "Bearer " + token(), "Accept": "application/json" };
    var init = { method: method, headers: headers, cache: "no-store" };
    if (body !== undefined) {
      headers["Content-Type"] = "application/json";
      init.body = JSON.stringify(body);
    }
    return fetch(path, init).catch(function () {
      throw new ApiError(0, errorMessage(0, ""));
    }).then(function (res) {
      if (res.ok) return res;
      return res.text().then(function (text) {
        var b = {};
        try { b = JSON.parse(text); } catch (e) { b = { error: text }; }
        var err = new ApiError(res.status, errorMessage(res.status, b.error), b);
        if (res.status === 401 && !quiet) onUnauthorized(err);
        throw err;
      });
    });
  }

  function api(method, path, body) {
    return request(method, path, body).then(function (res) { return res.json(); });
  }

  function qs(obj) {
    var p = new URLSearchParams();
    Object.keys(obj).forEach(function (k) {
      if (obj[k] !== undefined && obj[k] !== null && obj[k] !== "") p.set(k, obj[k]);
    });
    var s = p.toString();
    return s ? "?" + s : "";
  }

  /** Fetches a CSV with the token and saves it as a file. */
  function download(path, fallbackName, button) {
    if (button) button.disabled = true;
    return request("GET", path).then(function (res) {
      var name = fallbackName;
      var cd = res.headers.get("Content-Disposition") || "";
      var m = /filename="?([^";]+)"?/.exec(cd);
      if (m) name = m[1];
      return res.blob().then(function (blob) {
        var url = URL.createObjectURL(blob);
        var a = el("a", { href: url, download: name });
        document.body.appendChild(a);
        a.click();
        a.remove();
        setTimeout(function () { URL.revokeObjectURL(url); }, 10000);
        toast("已导出 " + name, "ok");
      });
    }).catch(function (e) { toast(e.message || String(e), "error"); })
      .then(function () { if (button) button.disabled = false; });
  }

  // ------------------------------------------------------------------ organisation (names for codes)

  var orgPromise = null;
  var org = { departments: [], communities: [], byCode: {} };

  function loadOrg() {
    if (!orgPromise) {
      orgPromise = api("GET", "/api/org").then(function (o) {
        var by = {};
        (o.departments || []).forEach(function (d) { by[d.code] = d.name; });
        (o.communities || []).forEach(function (c) { by[c.code] = c.name; });
        if (o.street) by[o.street.code] = o.street.name;
        if (o.district) by[o.district.code] = o.district.name;
        var cats = {};
        (o.departments || []).forEach(function (d) {
          (d.duties || []).forEach(function (x) { cats[String(x).split("/")[0]] = 1; });
        });
        org = { departments: o.departments || [], communities: o.communities || [], byCode: by,
          categories: Object.keys(cats).sort(), people: o.people || [] };
        return org;
      }).catch(function (e) {
        orgPromise = null;
        if (e.status === 401) throw e;
        return org;
      });
    }
    return orgPromise;
  }

  function nameOf(code) { return code ? (org.byCode[code] || code) : ""; }

  /** The categories a correction may pick, the ticket's own left out; "" = keep it. */
  function categorySelect(name, current, emptyLabel) {
    return el("select", { name: name }, option("", emptyLabel, true),
      CATEGORIES.filter(function (c) { return c !== current; }).map(function (c) { return option(c, c); }));
  }

  function departmentSelect(name, selected, emptyLabel) {
    var s = el("select", { name: name });
    s.appendChild(option("", emptyLabel, !selected));
    groupedDepartments().forEach(function (g) {
      var og = el("optgroup", { label: g.label });
      g.items.forEach(function (d) { og.appendChild(option(d.code, d.name, d.code === selected)); });
      s.appendChild(og);
    });
    return s;
  }

  function groupedDepartments() {
    var street = [], district = [];
    org.departments.forEach(function (d) { (d.kind === "district_bureau" ? district : street).push(d); });
    var out = [];
    if (street.length) out.push({ label: "街道科室", items: street });
    if (district.length) out.push({ label: "区委办局", items: district });
    return out;
  }

  function communitySelect(name, selected, emptyLabel) {
    var s = el("select", { name: name });
    s.appendChild(option("", emptyLabel, !selected));
    org.communities.forEach(function (c) { s.appendChild(option(c.code, c.name, c.code === selected)); });
    return s;
  }

  // ------------------------------------------------------------------ chrome: toast, nav, login

  function toast(text, kind) {
    var box = el("div", { "class": "alert " + (kind || "info") }, text);
    $("toast").appendChild(box);
    setTimeout(function () { box.remove(); }, kind === "error" ? 8000 : 3500);
  }

  function alertBox(text, kind) { return el("div", { "class": "alert " + (kind || "error"), role: "alert" }, text); }

  function who() { try { return JSON.parse(sessionStorage.getItem(WHO_KEY) || "null"); } catch (e) { return null; } }

  function setNav(active) {
    var logged = !!token();
    var w = who();
    $("whoName").textContent = w ? w.name + "（" + (w.roleLabel || "") + "）" : "";
    $("nav").hidden = !logged;
    $("who").hidden = !logged;
    Array.prototype.forEach.call(document.querySelectorAll("#nav a"), function (a) {
      a.classList.toggle("active", a.getAttribute("data-nav") === active);
      // pages only some roles may open (data-roles: the API's roles): the others do not see the link
      var roles = a.getAttribute("data-roles");
      if (roles) a.hidden = !w || roles.split(" ").indexOf(w.role) < 0;
    });
  }

  var loginMessage = "";

  function onUnauthorized(err) {
    resetAlerts();
    sessionStorage.removeItem(TOKEN_KEY);
    sessionStorage.removeItem(WHO_KEY);
    orgPromise = null;
    loginMessage = err.message;
    setTimeout(route, 0);
  }

  function loginView() {
    setNav("");
    var main = clear($("main"));
    var input = el("input", { type: "password", id: "token", autocomplete: "current-password",
      placeholder: "请输入访问令牌", "aria-label": "访问令牌", required: true });
    var msg = el("div");
    if (loginMessage) msg.appendChild(alertBox(loginMessage));
    loginMessage = "";
    var btn = el("button", { type: "submit" }, "登录");
    var form = el("form", {
      novalidate: true, onsubmit: function (ev) {
        ev.preventDefault();
        var t = input.value.trim();
        clear(msg);
        if (!t) { msg.appendChild(alertBox("请输入访问令牌")); return; }
        btn.disabled = true;
        sessionStorage.setItem(TOKEN_KEY, t);
        request("GET", "/api/me", undefined, true).then(function (res) { return res.json(); }).then(function (me) {
          sessionStorage.setItem(WHO_KEY, JSON.stringify(me));
          route();
        }).catch(function (e) {
          sessionStorage.removeItem(TOKEN_KEY);
          clear(msg).appendChild(alertBox(e.message));
          btn.disabled = false;
        });
      }
    },
      el("label", { "class": "field", "for": "token" }, "访问令牌（管理员令牌或个人令牌）"), input, btn);
    main.appendChild(el("div", { "class": "login" }, el("div", { "class": "card" },
      el("h1", null, "登录接诉即办工作台"), msg, form,
      el("p", { "class": "muted small" }, "令牌仅保存在本浏览器标签页的会话中，关闭标签页后需重新登录。"))));
    input.focus();
  }

  /**
   * The config's operator token acts as the nameless "管理员": before working, the person picks their own name and
   * the console switches to a personal token issued for them, so every action is logged under that name.
   */
  function identityView() {
    setNav("");
    var main = clear($("main"));
    var msg = el("div");
    var sel = el("select", { id: "identity", "aria-label": "选择身份" }, option("", "请选择您的姓名…", true));
    var btn = el("button", { type: "submit", id: "identityGo" }, "以此身份进入");
    main.appendChild(el("div", { "class": "login" }, el("div", { "class": "card" },
      el("h1", null, "请选择您的身份"),
      el("p", { "class": "muted" }, "您使用的是系统运维令牌。为了让每一步办理都记录到具体的人，请选择您本人的姓名；系统将为您签发个人令牌。"),
      msg,
      el("form", { novalidate: true, onsubmit: function (ev) {
        ev.preventDefault();
        clear(msg);
        if (!sel.value) { msg.appendChild(alertBox("请选择您的姓名")); return; }
        btn.disabled = true;
        api("POST", "/api/org/people/" + encodeURIComponent(sel.value) + "/tokens", { label: "console" }).then(function (r) {
          sessionStorage.setItem(TOKEN_KEY, r.token);
          return request("GET", "/api/me", undefined, true).then(function (res) { return res.json(); });
        }).then(function (me) {
          sessionStorage.setItem(WHO_KEY, JSON.stringify(me));
          orgPromise = null;
          route();
        }).catch(function (e) { btn.disabled = false; msg.appendChild(alertBox(e.message)); });
      } }, el("label", { "class": "field" }, "姓名", sel), btn),
      el("p", { "class": "small" }, el("button", { type: "button", "class": "link", id: "asOperator", onclick: function () {
        var w = who() || {}; w.confirmed = true; sessionStorage.setItem(WHO_KEY, JSON.stringify(w)); route();
      } }, "仍以“管理员”身份继续（仅限系统维护，操作记录为“管理员”）")))));
    loadOrg().then(function () {
      (org.people || []).filter(function (p) {
        return p.active !== false && p.role !== "resident" && p.role !== "member";
      }).forEach(function (p) {
        sel.appendChild(option(p.id, p.name + "（" + (ROLE_LABEL[String(p.role).toUpperCase()] || p.role) +
          (p.department ? "，" + nameOf(p.department) : p.community ? "，" + nameOf(p.community) : "") + "）"));
      });
    });
  }

  $("logout").addEventListener("click", function () {
    resetAlerts();
    sessionStorage.removeItem(TOKEN_KEY);
    sessionStorage.removeItem(WHO_KEY);
    orgPromise = null;
    location.hash = "#/tickets";
    route();
  });

  // ------------------------------------------------------------------ 告警收件箱 (polls GET /api/alerts?mine&since=)

  var KIND_LABEL = { notice: "通知", urgent: "加急", sms: "短信", supervisor: "上报上级" };
  var ALERT_POLL_MS = 5000;
  /** Full reload every this many polls: alerts of tickets that were accepted or closed leave the list. */
  var ALERT_FULL_EVERY = 6;
  /** The since= of a poll reaches this far back before the server's last "now" (items merge by id). */
  var ALERT_OVERLAP_MS = 5000;
  var inbox = { items: {}, now: "", loaded: false, token: "", polls: 0, error: null, forbidden: "", onChange: null };

  function kindLabel(k) { return KIND_LABEL[k] || k || ""; }

  function alertOpen(it) { return !!it.open && !it.ackedBy; }

  function resetAlerts() {
    inbox.items = {};
    inbox.now = "";
    inbox.loaded = false;
    inbox.token = "";
    inbox.error = null;
    renderAlertCount();
  }

  function loggedInForAlerts() {
    var w = who();
    return !!token() && !!w && !(w.operator && !w.confirmed);
  }

  /** One poll: the whole list ({@code full}) or what changed since the last answer's "now" (less an overlap). */
  function pollAlerts(full) {
    if (!loggedInForAlerts()) { if (inbox.loaded || inbox.token) resetAlerts(); return Promise.resolve(); }
    var t = token();
    if (inbox.token !== t) { resetAlerts(); inbox.token = t; }
    if (inbox.forbidden === t && !full) return Promise.resolve();
    var since = "";
    if (!full && inbox.loaded && inbox.now) {
      var ms = Date.parse(inbox.now);
      if (!isNaN(ms)) since = new Date(ms - ALERT_OVERLAP_MS).toISOString();
    }
    return api("GET", "/api/alerts?mine" + (since ? "&since=" + encodeURIComponent(since) : "")).then(function (r) {
      if (token() !== t) return;
      var before = inbox.items;
      var wasLoaded = inbox.loaded;
      if (!since) inbox.items = {};
      var fresh = [];
      (r.items || []).forEach(function (it) {
        var old = before[it.id];
        if (wasLoaded && alertOpen(it) && (!old || old.steps !== it.steps)) fresh.push(it);
        inbox.items[it.id] = it;
      });
      inbox.now = r.now || inbox.now;
      inbox.loaded = true;
      inbox.error = null;
      fresh.forEach(function (it) {
        toast("新告警：工单 " + it.ticket + " 第" + it.steps + "级（" + kindLabel(it.kind) + "）" + (it.place ? " · " + it.place : ""), "error");
      });
      renderAlertCount();
      if (inbox.onChange) inbox.onChange();
    }).catch(function (e) {
      if (token() !== t) return;
      inbox.error = e;
      if (e.status === 403) inbox.forbidden = t; // a role without alerts: stop asking with this token
      if (inbox.onChange) inbox.onChange();
    });
  }

  /** The unacknowledged count: a red badge on 告警 in the navigation and in the tab's title. */
  function renderAlertCount() {
    var n = Object.keys(inbox.items).filter(function (k) { return alertOpen(inbox.items[k]); }).length;
    var badge = $("alertCount");
    badge.textContent = n > 0 ? String(n) : "";
    badge.hidden = n === 0;
    $("alertsNav").setAttribute("aria-label", n > 0 ? "告警，" + n + " 条待确认" : "告警");
    document.title = (n > 0 ? "(" + n + ") " : "") + "哨子 · 接诉即办工作台";
  }

  setInterval(function () {
    inbox.polls++;
    pollAlerts(inbox.polls % ALERT_FULL_EVERY === 0);
  }, ALERT_POLL_MS);
  // background tabs poll rarely (browsers throttle timers): catch up as soon as the tab is seen again
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "visible") pollAlerts(true);
  });

  /** The chat page's address for this console: the link's path under the console's own origin and prefix. */
  function chatUrl(url) {
    var s = String(url || "");
    var i = s.indexOf("/chat/bind");
    return i < 0 ? s : new URL(".." + s.slice(i), location.href).href;
  }

  /** 以本人身份打开聊天: POST /api/chat/link with the cadre's own token, then opens the signed link (10 minutes). */
  function chatLinkButton() {
    var w = who() || {};
    if (w.operator) {
      return el("span", { "class": "small muted" }, "运维令牌没有本人的聊天页，请以本人身份登录后使用。");
    }
    var link = el("span", { "class": "small" });
    var btn = el("button", { type: "button", "class": "ghost", id: "chatAsMe", onclick: function () {
      btn.disabled = true;
      clear(link);
      var win = window.open("", "_blank");
      api("POST", "/api/chat/link", {}).then(function (r) {
        var url = chatUrl(r.url);
        if (win) {
          win.opener = null;
          win.location.href = url;
          toast("已在新窗口打开您本人的聊天页", "ok");
        } else {
          link.appendChild(el("a", { href: url, target: "_blank", rel: "noopener" }, "点此打开聊天页（10 分钟内有效）"));
        }
      }).catch(function (e) {
        if (win) win.close();
        toast(e.message, "error");
      }).then(function () { btn.disabled = false; });
    } }, "以本人身份打开聊天");
    return el("span", { "class": "chat-link-actions" }, btn, link);
  }

  function alertsView() {
    setNav("alerts");
    var main = clear($("main"));
    var stamp = el("span", { "class": "muted small" });
    var box = el("div", { id: "alertList" }, el("div", { "class": "card muted" }, "正在加载…"));
    main.appendChild(el("h1", null, "告警", el("span", { style: "flex:1" }),
      el("button", { type: "button", "class": "ghost", onclick: function () { pollAlerts(true); } }, "刷新")));
    main.appendChild(el("div", { "class": "toolbar" },
      el("span", { "class": "muted" }, "与您相关的告警（点名通知您的、本部门的），每 " + ALERT_POLL_MS / 1000 +
        " 秒自动更新。无人确认时告警逐级升级（通知 → 加急 → 短信 → 上报上级）；点击“确认”、在聊天中回复“收到”或打开工单都会停止升级。"),
      el("span", { "class": "spacer" }), stamp));
    main.appendChild(el("div", { "class": "card chat-link" },
      el("div", null, el("strong", null, "在聊天页接收告警"),
        el("div", { "class": "small muted" }, "告警也会推送到您本人的聊天页；在那里回复“收到”或“接单 工单号”同样有效。")),
      chatLinkButton()));
    main.appendChild(box);
    var g = generation;
    inbox.onChange = function () {
      if (g !== generation) return;
      if (inbox.now) stamp.textContent = "更新于 " + bj(inbox.now, true);
      renderAlerts(box);
    };
    if (inbox.loaded) inbox.onChange();
    pollAlerts(true);
  }

  function renderAlerts(box) {
    clear(box);
    if (inbox.error) box.appendChild(alertBox(inbox.error.message));
    if (!inbox.loaded) return;
    var all = Object.keys(inbox.items).map(function (k) { return inbox.items[k]; });
    all.sort(function (a, b) { return String(b.lastAt).localeCompare(String(a.lastAt)); });
    var open = all.filter(alertOpen);
    var done = all.filter(function (it) { return !alertOpen(it); });
    box.appendChild(el("h2", null, "待确认（" + open.length + "）"));
    if (!open.length) box.appendChild(el("div", { "class": "card empty" }, "没有待确认的告警"));
    open.forEach(function (it) { box.appendChild(alertCard(it)); });
    if (done.length) {
      box.appendChild(el("h2", null, "已确认或已停止（" + done.length + "）"));
      done.forEach(function (it) { box.appendChild(alertCard(it)); });
    }
  }

  function alertCard(it) {
    var msg = el("div");
    var isOpen = alertOpen(it);
    var ack = null;
    if (isOpen) {
      ack = el("button", { type: "button", "class": "ack", "data-id": it.id, onclick: function () {
        ack.disabled = true;
        api("POST", "/api/alerts/" + encodeURIComponent(it.id) + "/ack", {}).then(function () {
          toast("已确认工单 " + it.ticket + " 的告警，不再升级", "ok");
        }).catch(function (e) {
          ack.disabled = false;
          clear(msg).appendChild(alertBox(e.message));
        }).then(function () { return pollAlerts(true); });
      } }, "确认");
    }
    var text = it.text || "";
    return el("div", { "class": "card alert-item" + (isOpen ? " open" : ""), "data-ticket": it.ticket, "data-id": it.id },
      el("div", { "class": "alert-head" },
        el("a", { href: "#/tickets/" + encodeURIComponent(it.ticket), title: "打开工单（同时确认告警）" }, "工单 " + it.ticket),
        it.urgency ? el("span", { "class": "badge " + (it.urgency === "紧急" ? "red" : "orange") }, it.urgency) : null,
        el("span", { "class": "badge step " + (isOpen ? "orange" : "gray") }, "第" + it.steps + "级 · " + kindLabel(it.kind)),
        el("span", { "class": "small muted nowrap" }, bj(it.lastAt, true))),
      el("div", { "class": "alert-text" }, text.length > 80 ? text.slice(0, 80) + "…" : text),
      el("div", { "class": "small muted" }, (it.place ? "地点：" + it.place + "　" : "") +
        (it.department ? "承办：" + nameOf(it.department) : "未派单") + "　首次告警 " + bj(it.firstAt)),
      it.note ? el("div", { "class": "small pre alert-note" }, it.note) : null,
      el("div", { "class": "alert-foot" }, isOpen ? ack : el("span", { "class": "badge " + (it.ackedBy ? "green" : "gray") },
        it.ackedBy ? "已确认：" + it.ackedBy + (it.ackedAt ? " " + bj(it.ackedAt) : "") : "已停止（工单已签收或办理）")),
      msg);
  }

  // ------------------------------------------------------------------ routing

  var generation = 0;
  var refreshTimer = null;

  /** "#/tickets?status=X", "#/tickets/123", "#token=abc" (first login; removed from the address). */
  function parseHash() {
    var h = location.hash.replace(/^#/, "");
    var path = h, query = "";
    var qi = h.indexOf("?");
    if (h.indexOf("token=") === 0) { path = ""; query = h; }
    else if (qi >= 0) { path = h.slice(0, qi); query = h.slice(qi + 1); }
    var params = new URLSearchParams(query);
    if (params.has("token")) {
      var t = (params.get("token") || "").trim();
      if (t) { sessionStorage.setItem(TOKEN_KEY, t); sessionStorage.removeItem(WHO_KEY); }
      var next = params.get("next") || path || "/tickets";
      params.delete("token");
      params.delete("next");
      path = next;
      var rest = params.toString();
      history.replaceState(null, "", location.pathname + location.search + "#" + path + (rest ? "?" + rest : ""));
    }
    return { path: path || "/", params: params };
  }

  function navigate(hash) {
    if (location.hash === hash) route();
    else location.hash = hash;
  }

  function route() {
    generation++;
    inbox.onChange = null;
    if (refreshTimer) { clearInterval(refreshTimer); refreshTimer = null; }
    var r = parseHash();
    if (!token()) { loginView(); return; }
    var w = who();
    if (!w) {
      request("GET", "/api/me").then(function (res) { return res.json(); }).then(function (me) {
        sessionStorage.setItem(WHO_KEY, JSON.stringify(me)); route();
      }).catch(function () { /* 401 handled globally */ });
      return;
    }
    if (w.operator && !w.confirmed) { identityView(); return; }
    if (!inbox.loaded) pollAlerts(true);
    var m;
    if (r.path === "/" || r.path === "") { history.replaceState(null, "", "#/tickets"); r.path = "/tickets"; }
    if (r.path === "/tickets") listView(r.params);
    else if ((m = /^\/tickets\/([^/?#]+)$/.exec(r.path))) detailView(decodeURIComponent(m[1]));
    else if (r.path === "/alerts") alertsView();
    else if (r.path === "/metrics") metricsView(r.params);
    else if (r.path === "/handoffs") handoffsView();
    else if (r.path === "/places") placesView();
    else if (r.path === "/campaigns") campaignsView();
    else {
      setNav("");
      clear($("main")).appendChild(el("div", { "class": "card" }, "页面不存在。", el("a", { href: "#/tickets" }, "返回工单列表")));
    }
  }

  /** Runs fn(result) only if the user has not navigated away meanwhile. */
  function current(fn) {
    var g = generation;
    return function (x) { if (g === generation) return fn(x); };
  }

  window.addEventListener("hashchange", route);

  // ------------------------------------------------------------------ 工单列表

  function listView(params) {
    setNav("tickets");
    var main = clear($("main"));
    var f = {
      status: params.get("status") || "", department: params.get("department") || "",
      community: params.get("community") || "", category: params.get("category") || "",
      overdue: params.get("overdue") || "", q: params.get("q") || "",
      page: Math.max(1, parseInt(params.get("page") || "1", 10) || 1),
      size: parseInt(params.get("size") || "20", 10) || 20
    };
    var openBox = el("div");
    var exportBtn = el("button", { type: "button", "class": "ghost" }, "导出工单 CSV");
    var newBtn = el("button", { type: "button", "class": "ghost" }, "登记诉求");
    main.appendChild(el("h1", null, "工单列表", el("span", { style: "flex:1" }), newBtn, exportBtn));
    main.appendChild(openBox);
    var filterCard = el("div", { "class": "card" }, el("div", { "class": "muted" }, "正在加载…"));
    var resultCard = el("div", { "class": "card" }, el("div", { "class": "muted" }, "正在加载…"));
    main.appendChild(filterCard);
    main.appendChild(resultCard);

    exportBtn.addEventListener("click", function () {
      download("/api/export.csv" + qs({ kind: "tickets", status: f.status, department: f.department,
        community: f.community, category: f.category, overdue: f.overdue, q: f.q }), "shaozi-tickets.csv", exportBtn);
    });
    newBtn.addEventListener("click", function () {
      if (openBox.firstChild) { clear(openBox); return; }
      openBox.appendChild(openForm(function () { clear(openBox); }));
    });

    loadOrg().then(current(function () {
      clear(filterCard).appendChild(filterForm(f));
    })).catch(function () { /* 401 handled globally */ });

    api("GET", "/api/tickets" + qs({ status: f.status, department: f.department, community: f.community,
      category: f.category, overdue: f.overdue, q: f.q, page: f.page, size: f.size }))
      .then(function (page) { return loadOrg().then(function () { return page; }); })
      .then(current(function (page) { renderList(resultCard, page, f); }))
      .catch(current(function (e) { clear(resultCard).appendChild(alertBox(e.message)); }));
  }

  function listHash(f) {
    return "#/tickets" + qs({ status: f.status, department: f.department, community: f.community,
      category: f.category, overdue: f.overdue, q: f.q, page: f.page > 1 ? f.page : "", size: f.size !== 20 ? f.size : "" });
  }

  function filterForm(f) {
    var status = el("select", { name: "status" }, option("", "全部状态", !f.status),
      STATUS.map(function (s) { return option(s[0], s[1], s[0] === f.status); }));
    var dept = departmentSelect("department", f.department, "全部部门");
    var comm = communitySelect("community", f.community, "全部社区");
    var cat = el("input", { type: "text", name: "category", list: "category-list", value: f.category, placeholder: "全部类别（可输入部分，如“城建”）" });
    var cats = el("datalist", { id: "category-list" }, (org.categories || []).map(function (c) { return option(c, c); }));
    var overdue = el("select", { name: "overdue" }, option("", "全部", !f.overdue),
      option("true", "仅超期", f.overdue === "true"), option("false", "未超期", f.overdue === "false"));
    var q = el("input", { type: "text", name: "q", value: f.q, placeholder: "工单号、诉求内容、地点…" });
    var form = el("form", {
      "class": "filters", onsubmit: function (ev) {
        ev.preventDefault();
        navigate(listHash({ status: status.value, department: dept.value, community: comm.value,
          category: cat.value.trim(), overdue: overdue.value, q: q.value.trim(), page: 1, size: f.size }));
      }
    },
      el("label", { "class": "field" }, "状态", status),
      el("label", { "class": "field" }, "承办部门", dept),
      el("label", { "class": "field" }, "社区", comm),
      el("label", { "class": "field" }, "类别", cat, cats),
      el("label", { "class": "field" }, "超期", overdue),
      el("label", { "class": "field grow" }, "关键词", q),
      el("div", { "class": "buttons" }, el("button", { type: "submit" }, "查询"),
        el("button", { type: "button", "class": "ghost", onclick: function () { navigate("#/tickets"); } }, "重置")));
    return form;
  }

  /** "2小时13分" from milliseconds. */
  function span(ms) {
    var m = Math.max(0, Math.floor(ms / 60000));
    var d = Math.floor(m / 1440), h = Math.floor((m % 1440) / 60), mm = m % 60;
    if (d > 0) return d + "天" + (h ? h + "小时" : "");
    if (h > 0) return h + "小时" + (mm ? mm + "分" : "");
    return Math.max(mm, 0) + "分钟";
  }

  /** A live countdown to a deadline: 剩余 / 已超期 badges, refreshed every second by the ticker below. */
  function countdown(iso, status) {
    if (!iso) return el("span", { "class": "muted" }, "—");
    return el("span", { "class": "countdown", "data-due": iso, "data-rating": status === "RESOLVED" ? "1" : "" });
  }

  function tick() {
    var now = Date.now();
    Array.prototype.forEach.call(document.querySelectorAll(".countdown[data-due]"), function (n) {
      var left = Date.parse(n.getAttribute("data-due")) - now;
      var rating = n.getAttribute("data-rating") === "1";
      var text, cls;
      if (left < 0) { text = rating ? "评价已截止" : "已超期 " + span(-left); cls = rating ? "badge gray" : "badge red"; }
      else if (rating) { text = "评价剩 " + span(left); cls = "badge gray"; }
      else { text = "剩 " + span(left); cls = left < 3600000 ? "badge orange" : "badge green"; }
      if (n.textContent !== text) n.textContent = text;
      if (n.className !== "countdown " + cls) n.className = "countdown " + cls;
    });
  }
  setInterval(tick, 1000);

  function dueLabel(s) { return s.status === "RESOLVED" ? "评价截止" : "办理时限"; }

  function renderList(card, page, f) {
    clear(card);
    var items = page.items || [];
    var picked = {};
    var bulkBar = el("div", { "class": "bulk", hidden: true });
    var countLabel = el("span", { "class": "muted" });
    function refreshBulk() {
      var n = Object.keys(picked).length;
      bulkBar.hidden = n === 0;
      countLabel.textContent = "已选 " + n + " 件";
    }
    var bulkDept = departmentSelect("bulkDepartment", "", "派往部门…");
    function runBulk(label, bodyOf) {
      var numbers = Object.keys(picked);
      if (!numbers.length) return;
      var ok = 0, failed = [];
      var chain = Promise.resolve();
      numbers.forEach(function (n) {
        chain = chain.then(function () {
          return api("POST", "/api/tickets/" + encodeURIComponent(n) + "/actions", bodyOf(n))
            .then(function () { ok++; }, function (e) { failed.push(n + "：" + e.message); });
        });
      });
      chain.then(function () {
        toast("批量" + label + "：成功 " + ok + " 件" + (failed.length ? "，未成功 " + failed.length + " 件" : ""), failed.length ? "error" : "ok");
        failed.forEach(function (x) { toast(x, "error"); });
        navigate(listHash(f));
        route();
      });
    }
    bulkBar.appendChild(countLabel);
    bulkBar.appendChild(el("button", { type: "button", id: "bulkAccept", onclick: function () {
      runBulk("签收", function () { return { action: "accept" }; });
    } }, "批量签收"));
    bulkBar.appendChild(bulkDept);
    bulkBar.appendChild(el("button", { type: "button", "class": "ghost", id: "bulkAssign", onclick: function () {
      if (!bulkDept.value) { toast("请选择派往的部门", "error"); return; }
      runBulk("派单", function () { return { action: "dispatch", department: bulkDept.value }; });
    } }, "批量派单"));
    card.appendChild(bulkBar);

    var tbody = el("tbody");
    items.forEach(function (s) {
      var href = "#/tickets/" + encodeURIComponent(s.number);
      var box = el("input", { type: "checkbox", "aria-label": "选择 " + s.number, "data-number": s.number, onchange: function () {
        if (box.checked) picked[s.number] = 1; else delete picked[s.number];
        refreshBulk();
      } });
      tbody.appendChild(el("tr", { "class": s.overdue ? "overdue" : "", "data-number": s.number },
        el("td", { "class": "pick" }, box),
        el("td", { "class": "nowrap", "data-label": "工单号" }, el("a", { href: href }, s.number)),
        el("td", { "data-label": "状态" }, statusBadge(s.status, s.statusLabel)),
        el("td", { "class": "nowrap", "data-label": "类别" }, s.category || "",
          s.requestType ? el("span", { "class": "muted small" }, " · " + s.requestType) : null),
        el("td", { "class": "pre summary", "data-label": "诉求" }, s.text ? (s.text.length > 40 ? s.text.slice(0, 40) + "…" : s.text) : ""),
        el("td", { "data-label": "地点" }, s.place || el("span", { "class": "muted" }, "—")),
        el("td", { "class": "nowrap", "data-label": "社区" }, nameOf(s.community) || el("span", { "class": "muted" }, "—")),
        el("td", { "class": "cell-dept", "data-label": "承办部门" }, s.department ? nameOf(s.department) : el("span", { "class": "muted" }, "待派单")),
        el("td", { "class": "nowrap urg-" + s.urgency, "data-label": "紧急程度" }, URGENCY_LABEL[s.urgency] || s.urgency),
        el("td", { "class": "nowrap", "data-label": "受理时间" }, bj(s.createdAt)),
        el("td", { "class": "nowrap", "data-label": "剩余时间" }, countdown(s.dueAt, s.status)),
        el("td", { "class": "nowrap" + (s.overdue ? " due-late" : ""), "data-label": s.dueAt ? dueLabel(s) : "时限" },
          s.dueAt ? [el("span", { "class": "small muted due-kind" }, dueLabel(s) + " "), bj(s.dueAt)] : el("span", { "class": "muted" }, "—"))));
    });
    if (!items.length) {
      tbody.appendChild(el("tr", null, el("td", { colspan: 12, "class": "empty" },
        page.total > 0 && f.page > 1 ? "本页没有工单，请返回前面的页码" : "没有符合条件的工单")));
    }
    var all = el("input", { type: "checkbox", "aria-label": "全选本页", onchange: function () {
      Array.prototype.forEach.call(tbody.querySelectorAll("input[type=checkbox]"), function (b) {
        b.checked = all.checked;
        if (all.checked) picked[b.getAttribute("data-number")] = 1; else delete picked[b.getAttribute("data-number")];
      });
      refreshBulk();
    } });
    card.appendChild(el("div", { "class": "table-wrap" }, el("table", { "class": "tickets" },
      el("thead", null, el("tr", null, el("th", { "class": "pick" }, all), ["工单号", "状态", "类别", "诉求摘要", "地点", "社区", "承办部门", "紧急程度", "受理时间",
        "剩余时间", "时限（北京时间）"].map(function (h) { return el("th", null, h); }))), tbody)));
    tick();

    var total = page.total || 0;
    var pages = Math.max(1, Math.ceil(total / f.size));
    function go(p) { var g = {}; Object.keys(f).forEach(function (k) { g[k] = f[k]; }); g.page = p; navigate(listHash(g)); }
    var sizeSel = el("select", {
      "aria-label": "每页条数", onchange: function () {
        var g = {}; Object.keys(f).forEach(function (k) { g[k] = f[k]; });
        g.size = parseInt(sizeSel.value, 10); g.page = 1; navigate(listHash(g));
      }
    }, [20, 50, 100, 200].map(function (n) { return option(String(n), n + " 条/页", n === f.size); }));
    card.appendChild(el("div", { "class": "pager" },
      el("span", { "class": "muted" }, "共 " + total + " 条，第 " + f.page + " / " + pages + " 页"),
      sizeSel,
      el("button", { type: "button", "class": "ghost", disabled: f.page <= 1, onclick: function () { go(f.page - 1); } }, "上一页"),
      el("button", { type: "button", "class": "ghost", disabled: f.page >= pages, onclick: function () { go(f.page + 1); } }, "下一页")));
  }

  /** 登记诉求: POST /api/tickets. */
  function openForm(done) {
    var msg = el("div");
    var text = el("textarea", { name: "text", placeholder: "诉求内容，例如：幸福小区3号楼2单元楼道灯坏了", required: true });
    var cat = el("input", { type: "text", name: "category", list: "category-list-open", placeholder: "如：城乡建设", required: true });
    var cats = el("datalist", { id: "category-list-open" }, (org.categories || []).map(function (c) { return option(c, c); }));
    var sub = el("input", { type: "text", name: "subcategory", placeholder: "可不填" });
    var urg = el("select", { name: "urgency" }, URGENCY.map(function (u) { return option(u[0], u[1], u[0] === "NORMAL"); }));
    var place = el("input", { type: "text", name: "place", placeholder: "具体地点" });
    var comm = communitySelect("community", "", "按地点自动识别");
    var name = el("input", { type: "text", name: "name", placeholder: "可不填" });
    var phone = el("input", { type: "text", name: "phone", placeholder: "可不填" });
    var btn = el("button", { type: "submit" }, "提交并受理");
    return el("div", { "class": "card" }, el("h2", null, "登记诉求"), msg, el("form", {
      "class": "action-form", novalidate: true, style: "border:0;margin:0;padding:0", onsubmit: function (ev) {
        ev.preventDefault();
        clear(msg);
        if (!text.value.trim() || !cat.value.trim()) { msg.appendChild(alertBox("请填写诉求内容和类别")); return; }
        btn.disabled = true;
        api("POST", "/api/tickets", {
          text: text.value.trim(), category: cat.value.trim(), subcategory: sub.value.trim(), urgency: urg.value,
          place: place.value.trim(), community: comm.value, reporter: { channel: "web", name: name.value.trim(), phone: phone.value.trim() }
        }).then(function (t) {
          toast("已受理，工单号 " + t.number, "ok");
          done();
          navigate("#/tickets/" + encodeURIComponent(t.number));
        }).catch(function (e) { msg.appendChild(alertBox(e.message)); btn.disabled = false; });
      }
    },
      el("label", { "class": "field" }, "诉求内容", text),
      el("div", { "class": "row" }, el("label", { "class": "field" }, "类别", cat, cats),
        el("label", { "class": "field" }, "子类", sub), el("label", { "class": "field" }, "紧急程度", urg)),
      el("div", { "class": "row" }, el("label", { "class": "field" }, "地点", place),
        el("label", { "class": "field" }, "社区", comm)),
      el("div", { "class": "row" }, el("label", { "class": "field" }, "诉求人姓名", name),
        el("label", { "class": "field" }, "联系电话", phone)),
      el("div", { "class": "form-buttons" }, btn,
        el("button", { type: "button", "class": "ghost", onclick: done }, "取消"))));
  }

  // ------------------------------------------------------------------ 工单详情

  function detailView(number) {
    setNav("tickets");
    var main = clear($("main"));
    main.appendChild(el("div", { "class": "muted" }, "正在加载工单 " + number + " …"));
    Promise.all([api("GET", "/api/tickets/" + encodeURIComponent(number)), loadOrg()])
      .then(current(function (r) { renderDetail(r[0]); }))
      .catch(current(function (e) {
        clear(main).appendChild(el("p", null, el("a", { href: "#/tickets" }, "← 返回工单列表")));
        main.appendChild(alertBox(e.message));
      }));
  }

  function renderDetail(t, notice) {
    var main = clear($("main"));
    main.appendChild(el("p", { style: "margin:0 0 8px" }, el("a", { href: "#/tickets" }, "← 返回工单列表")));
    var badges = [statusBadge(t.status, t.statusLabel)];
    if (t.overdue) badges.push(el("span", { "class": "badge red" }, "已超期"));
    if (t.escalation >= 2) badges.push(el("span", { "class": "badge red" }, "区级督办"));
    else if (t.escalation === 1) badges.push(el("span", { "class": "badge orange" }, "街道督办"));
    if (t.paused) badges.push(el("span", { "class": "badge orange" }, "计时暂停"));
    if (t.provisional) badges.push(el("span", { "class": "badge gray" }, "时限待定"));
    if (t.urgency && t.urgency !== "NORMAL") badges.push(el("span", { "class": "badge " + (t.urgency === "EMERGENCY" ? "red" : "orange") }, URGENCY_LABEL[t.urgency]));
    main.appendChild(el("h1", null, "工单 " + t.number, badges, el("span", { style: "flex:1" }),
      el("span", { "class": "muted small" }, "版本 " + t.version),
      el("button", { type: "button", "class": "ghost", onclick: function () { detailView(t.number); } }, "刷新")));
    if (notice) main.appendChild(notice);

    var left = el("div");
    var right = el("div");
    main.appendChild(el("div", { "class": "detail-grid" }, left, right));

    left.appendChild(infoCard(t));
    left.appendChild(attachmentsCard(t));
    if ((t.summons || []).length || t.status === "WHISTLED") left.appendChild(summonsCard(t));
    if ((t.returns || []).length) left.appendChild(returnsCard(t));
    left.appendChild(timelineCard(t));
    right.appendChild(actionsCard(t));
    tick();
  }

  // ------------------------------------------------------------------ 附件 (stored in the database)

  function sizeText(n) { return n >= 1048576 ? (n / 1048576).toFixed(1) + " MB" : Math.max(1, Math.round(n / 1024)) + " KB"; }

  function attachmentsCard(t) {
    var list = el("div", { "class": "attachments" }, el("span", { "class": "muted" }, "正在加载…"));
    var msg = el("div");
    var file = el("input", { type: "file", id: "attachFile", accept: "image/*,application/pdf,audio/*" });
    var up = el("button", { type: "button", "class": "ghost", id: "attachUpload" }, "上传附件");
    var base = "/api/tickets/" + encodeURIComponent(t.number) + "/attachments";
    function load() {
      api("GET", base).then(function (r) {
        clear(list);
        if (!r.items.length) { list.appendChild(el("span", { "class": "muted" }, "暂无附件")); return; }
        r.items.forEach(function (a) {
          var item = el("div", { "class": "attachment" });
          if (a.status === "downloading" || a.status === "failed") {
            // a photo or voice from WeChat / WeCom that is not stored yet: 下载中 (retrying) or 下载失败
            item.appendChild(el("div", a.status === "failed" ? { "class": "small", style: "color:var(--danger)" } : { "class": "small muted" },
              a.name + " · " + a.statusText + (a.error ? "（" + a.error + "）" : "")));
            list.appendChild(item);
            return;
          }
          var caption = el("div", { "class": "small" }, a.name + " · " + sizeText(a.size) + " · " + a.uploadedBy + " · " + bj(a.at));
          if (/^image\//.test(a.contentType)) {
            // the file needs the bearer token: fetched, then shown from a blob: URL
            request("GET", a.url).then(function (res) { return res.blob(); }).then(function (b) {
              item.insertBefore(el("img", { src: URL.createObjectURL(b), alt: a.name, "class": "thumb" }), caption);
            }).catch(function () { /* caption stays */ });
          } else {
            caption.appendChild(el("button", { type: "button", "class": "link", onclick: function () { download(a.url, a.name); } }, " 下载"));
          }
          item.appendChild(caption);
          list.appendChild(item);
        });
      }).catch(function (e) { clear(list).appendChild(alertBox(e.message)); });
    }
    up.addEventListener("click", function () {
      clear(msg);
      var f = file.files && file.files[0];
      if (!f) { msg.appendChild(alertBox("请先选择文件")); return; }
      up.disabled = true;
      shrink(f).then(function (x) {
        if (x.size > LIMIT) throw new Error("文件不能超过 1 MB（服务器 server.maxBodyBytes）；照片会自动缩小，其他文件请先压缩");
        return fetch(base, { method: "POST", headers: { "Authorization": "Bearer " + token(), "Content-Type": "application/octet-stream",
          "X-File-Name": encodeURIComponent(x.name) }, body: x.body });
      }).then(function (res) {
        return res.json().then(function (j) {
          if (!res.ok) throw new Error(errorMessage(res.status, j.error));
          toast("已上传 " + j.name, "ok");
          file.value = "";
          load();
        });
      }).catch(function (e) { msg.appendChild(alertBox(e.message)); }).then(function () { up.disabled = false; });
    });
    load();
    var LIMIT = 1024 * 1024;
    // a photo over the limit (a phone camera's 3–5 MB) is scaled down here, as the chat page does: JPEG, the longer
    // side at most 2048 px (then 1600 px at a lower quality if that is still too big); anything else goes as it is
    function shrink(f) {
      if (f.size <= LIMIT || !/^image\/(jpeg|png|webp|bmp)$/.test(f.type)) {
        return Promise.resolve({ body: f, size: f.size, name: f.name });
      }
      return new Promise(function (resolve, reject) {
        var url = URL.createObjectURL(f);
        var img = new Image();
        img.onload = function () {
          URL.revokeObjectURL(url);
          function pass(side, quality) {
            var scale = Math.min(1, side / Math.max(img.width, img.height));
            var c = document.createElement("canvas");
            c.width = Math.max(1, Math.round(img.width * scale)); c.height = Math.max(1, Math.round(img.height * scale));
            var g = c.getContext("2d");
            g.fillStyle = "#fff"; g.fillRect(0, 0, c.width, c.height); // a transparent PNG on white, not black
            g.drawImage(img, 0, 0, c.width, c.height);
            return new Promise(function (done) { c.toBlob(done, "image/jpeg", quality); });
          }
          pass(2048, 0.85).then(function (b) { return b && b.size <= LIMIT ? b : pass(1600, 0.7); }).then(function (b) {
            if (!b) { reject(new Error("无法缩小这张图片")); return; }
            resolve({ body: b, size: b.size, name: f.name.replace(/\.[^.]*$/, "") + ".jpg" });
          });
        };
        img.onerror = function () { URL.revokeObjectURL(url); reject(new Error("无法读取这张图片")); };
        img.src = url;
      });
    }
    return el("div", { "class": "card" }, el("h2", null, "附件"), list, msg,
      el("div", { "class": "upload" }, file, up),
      el("div", { "class": "muted small" }, "支持图片（JPEG/PNG/GIF/WebP）、PDF 和录音（AMR/MP3/WAV），单个不超过 1 MB（超过的照片在上传前自动缩小为 JPEG）；文件类型按内容识别，可执行文件会被拒绝。"));
  }

  // ------------------------------------------------------------------ 社区地点 (map-free place view)

  function placesView() {
    setNav("places");
    var main = clear($("main"));
    main.appendChild(el("h1", null, "社区地点"));
    main.appendChild(el("p", { "class": "muted" }, "按社区查看在办诉求集中的地点（不依赖地图）。点击地点查看相关工单。"));
    var box = el("div", null, el("div", { "class": "muted" }, "正在加载…"));
    main.appendChild(box);
    var all = [];
    function page(n) {
      return api("GET", "/api/tickets" + qs({ page: n, size: 200 })).then(function (p) {
        all = all.concat(p.items || []);
        if ((p.items || []).length === 200 && n < 10) return page(n + 1);
      });
    }
    Promise.all([loadOrg(), page(1)]).then(current(function () {
      var DONE = { RESOLVED: 1, CLOSED: 1, MERGED: 1, WITHDRAWN: 1 };
      var by = {};
      all.forEach(function (s) {
        var c = s.community || "";
        var g = by[c] || (by[c] = { open: 0, overdue: 0, total: 0, places: {} });
        g.total++;
        if (!DONE[s.status]) g.open++;
        if (s.overdue) g.overdue++;
        var pl = s.place || "（未填地点）";
        var x = g.places[pl] || (g.places[pl] = { open: 0, total: 0, overdue: 0 });
        x.total++;
        if (!DONE[s.status]) x.open++;
        if (s.overdue) x.overdue++;
      });
      clear(box);
      var codes = org.communities.map(function (c) { return c.code; });
      if (by[""]) codes.push("");
      var grid = el("div", { "class": "place-grid" });
      codes.forEach(function (code) {
        var g = by[code] || { open: 0, overdue: 0, total: 0, places: {} };
        var names = Object.keys(g.places).sort(function (a, b) { return g.places[b].open - g.places[a].open || g.places[b].total - g.places[a].total; });
        grid.appendChild(el("div", { "class": "card place-card" + (g.overdue ? " has-overdue" : "") },
          el("h2", null, code ? nameOf(code) : "未识别社区",
            el("span", { "class": "badge " + (g.open ? "orange" : "gray") }, "在办 " + g.open),
            g.overdue ? el("span", { "class": "badge red" }, "超期 " + g.overdue) : null,
            el("span", { "class": "muted small" }, " 共 " + g.total)),
          names.length ? el("ul", { "class": "place-list" }, names.slice(0, 12).map(function (n) {
            var x = g.places[n];
            return el("li", null, el("a", { href: "#/tickets" + qs({ community: code, q: n.charAt(0) === "（" ? "" : n }) }, n),
              el("span", { "class": "muted small" }, " 在办 " + x.open + " / 共 " + x.total),
              x.overdue ? el("span", { "class": "badge red" }, "超期 " + x.overdue) : null);
          })) : el("div", { "class": "muted small" }, "暂无诉求")));
      });
      box.appendChild(grid);
    })).catch(current(function (e) { clear(box).appendChild(alertBox(e.message)); }));
  }

  function field(label, value, wide) {
    var empty = value === undefined || value === null || value === "";
    return [el("dt", null, label), el("dd", { "class": wide ? "wide" : "" }, empty ? el("span", { "class": "muted" }, "—") : value)];
  }

  function due(iso, t) {
    if (!iso) return "";
    var late = Date.parse(iso) < Date.now() && !t.closedAt && !t.resolvedAt;
    return el("span", { "class": late ? "due-late" : "" }, bj(iso));
  }

  function ticketLink(n) { return el("a", { href: "#/tickets/" + encodeURIComponent(n) }, n); }

  function infoCard(t) {
    var r = t.reporter || {};
    var who = [r.name || "", r.phone || ""].filter(Boolean).join(" ");
    var source = (CHANNEL_LABEL[r.channel] || r.channel || "") + (r.account ? "（" + r.account + "）" : "");
    var breached = (t.breached || []).map(function (k) { return DEADLINE_LABEL[k] || k; }).join("、");
    var extension = t.extensionRequested ? "申请延期 " + t.extensionRequested + " 个工作日，待审批" : "";
    if (t.extendedDays) extension = (extension ? extension + "；" : "") + "已延期 " + t.extendedDays + " 个工作日";
    var att = (t.attachments || []).map(function (a) { return el("div", { "class": "pre small" }, a); });
    return el("div", { "class": "card c-info" }, el("h2", null, "诉求信息"),
      el("div", { "class": "request-text pre" }, t.text || ""),
      el("dl", { "class": "fields" },
        field("类别", (t.category || "") + (t.subcategory ? " / " + t.subcategory : "")),
        field("紧急程度", URGENCY_LABEL[t.urgency] || t.urgency),
        field("地点", t.place),
        field("社区", t.communityName || t.community),
        field("承办部门", t.departmentName || t.department || el("span", { "class": "muted" }, "待派单")),
        field("诉求人", who || (r.user ? "居民" : "")),
        field("来源渠道", source),
        field("关注人数", (t.followers || []).length ? (t.followers.length + " 人（重复诉求合并）") : ""),
        field("受理时间", bj(t.createdAt)),
        field("派单时间", bj(t.dispatchedAt)),
        field("签收时间", bj(t.acceptedAt)),
        field("联系居民", bj(t.contactedAt)),
        field("办结时间", bj(t.resolvedAt)),
        field("结案时间", bj(t.closedAt)),
        field("签收时限", t.acceptedAt ? bj(t.signDue) : due(t.signDue, t)),
        field("联系时限", t.contactedAt ? bj(t.contactDue) : due(t.contactDue, t)),
        field("办结时限", t.resolvedAt ? bj(t.resolveDue) : due(t.resolveDue, t)),
        t.status === "RESOLVED" ? field("居民评价截止", [bj(t.dueAt), " ", countdown(t.dueAt, t.status)])
          : field("当前时限", t.dueAt ? [due(t.dueAt, t), " ", countdown(t.dueAt, t.status)] : ""),
        field("超期环节", breached ? el("span", { "class": "due-late" }, breached) : ""),
        field("退单次数", t.bounces ? String(t.bounces) : ""),
        field("延期", extension),
        field("评价", t.rating ? RATING_LABEL[t.rating] || t.rating : (t.ratingDue ? "待评价（截止 " + bj(t.ratingDue) + "）" : "")),
        field("重办次数", t.reopens ? String(t.reopens) : ""),
        field("催办次数", t.urges ? String(t.urges) : ""),
        field("主单", t.master ? ticketLink(t.master) : ""),
        field("合并的重复单", (t.merged || []).length ? t.merged.map(function (n, i) { return [i ? "、" : "", ticketLink(n)]; }) : ""),
        att.length ? field("附件", att, true) : null,
        field("最近更新", bj(t.updatedAt))));
  }

  function summonsCard(t) {
    var rows = (t.summons || []).map(function (s) {
      var state;
      if (s.reportedAt) state = s.punctual ? el("span", { "class": "badge green" }, "按时报到") : el("span", { "class": "badge orange" }, "迟到报到");
      else if (s.missed || Date.parse(s.dueAt) < Date.now()) state = el("span", { "class": "badge red" }, "超时未报到");
      else state = el("span", { "class": "badge gray" }, "待报到");
      var record = s.reportedAt ? [bj(s.reportedAt), s.reportedBy ? "，" + s.reportedBy : "",
        s.location ? el("div", { "class": "small" }, "位置：" + s.location) : null,
        s.photo ? el("div", { "class": "small pre" }, "照片：" + s.photo) : null] : el("span", { "class": "muted" }, "—");
      return el("tr", { "class": !s.reportedAt && s.missed ? "overdue" : "" },
        el("td", null, s.departmentName || nameOf(s.department)),
        el("td", { "class": "nowrap" }, bj(s.summonedAt)),
        el("td", { "class": "nowrap" + (!s.reportedAt && Date.parse(s.dueAt) < Date.now() ? " due-late" : "") }, bj(s.dueAt)),
        el("td", null, state),
        el("td", null, record));
    });
    if (!rows.length) rows.push(el("tr", null, el("td", { colspan: 5, "class": "empty" }, "尚无召集记录")));
    return el("div", { "class": "card" }, el("h2", null, "吹哨报到"),
      el("div", { "class": "table-wrap" }, el("table", null,
        el("thead", null, el("tr", null, ["被召集部门", "召集时间", "报到时限", "状态", "报到记录"].map(function (h) { return el("th", null, h); }))),
        el("tbody", null, rows))));
  }

  function returnsCard(t) {
    return el("div", { "class": "card" }, el("h2", null, "退单记录"),
      el("div", { "class": "table-wrap" }, el("table", null,
        el("thead", null, el("tr", null, ["退单单位", "原因", "时间", "审定", "耽误时长"].map(function (h) { return el("th", null, h); }))),
        el("tbody", null, (t.returns || []).map(function (r) {
          return el("tr", null,
            el("td", null, nameOf(r.department)),
            el("td", null, r.reason + " " + (r.reasonLabel || "")),
            el("td", { "class": "nowrap" }, bj(r.at)),
            el("td", null, r.wrongful ? el("span", { "class": "badge red" }, "退单不当") : el("span", { "class": "muted" }, "—")),
            el("td", { "class": "nowrap" }, r.lostMinutes ? minutes(r.lostMinutes) : "—"));
        })))));
  }

  function timelineCard(t) {
    var list = el("ol", { "class": "timeline" });
    (t.events || []).forEach(function (e) {
      var a = e.actor || {};
      var role = ROLE_LABEL[a.role] || a.role || "";
      var who = a.role === "SYSTEM" ? "系统" : (a.name || a.id || "") + (role && a.name !== role ? "（" + role +
        (a.department ? " · " + nameOf(a.department) : "") + "）" : "");
      var move = e.from && e.from !== e.to ? [statusBadge(e.from), " → ", statusBadge(e.to)]
        : (e.from ? null : ["→ ", statusBadge(e.to)]);
      var cls = ALARM_EVENTS[e.type] ? "alarm" : (a.role === "SYSTEM" ? "sys" : "");
      list.appendChild(el("li", { "class": cls },
        el("div", { "class": "ev-head" },
          el("span", { "class": "ev-label" }, e.label || EVENT_LABEL[e.type] || e.type),
          el("span", { "class": "muted small nowrap" }, bj(e.at, true)),
          el("span", { "class": "small" }, who),
          move ? el("span", { "class": "small" }, move) : null),
        e.note ? el("div", { "class": "ev-note" }, e.note) : null,
        (e.attachments || []).length ? el("div", { "class": "small muted pre" }, "附件：" + e.attachments.join("，")) : null));
    });
    if (!(t.events || []).length) list.appendChild(el("li", null, "暂无记录"));
    return el("div", { "class": "card" }, el("h2", null, "办理过程（共 " + (t.events || []).length + " 条）"), list);
  }

  // ------------------------------------------------------------------ actions

  function available(t) {
    return ACTION_ORDER.filter(function (a) {
      if (FROM[a].indexOf(t.status) < 0) return false;
      if (a === "report") return (t.summons || []).some(function (s) { return !s.reportedAt; });
      if (a === "correct") return !!STREET_ROLES[(who() || {}).role];
      return true;
    });
  }

  function actionLabel(a, t) {
    if (a === "dispatch") {
      if (t.status === "ARBITRATION") return "审定派单";
      return t.department ? "改派" : "派单";
    }
    if (a === "extend") return t.extensionRequested ? "审批延期" : "申请延期";
    if (a === "whistle" && t.status === "WHISTLED") return "追加吹哨";
    return ACTION_LABEL[a];
  }

  function actionsCard(t) {
    var acts = available(t);
    var formBox = el("div");
    var buttons = el("div", { "class": "actions" });
    var card = el("div", { "class": "card" }, el("h2", null, "办理操作"));
    if (!acts.length) {
      card.appendChild(el("p", { "class": "muted" }, "工单当前状态为「" + (t.statusLabel || STATUS_LABEL[t.status]) + "」，没有可执行的操作。"));
      return card;
    }
    acts.forEach(function (a) {
      var b = el("button", { type: "button", "class": "ghost" + (a === "withdraw" ? " danger" : ""), "data-action": a },
        actionLabel(a, t));
      b.addEventListener("click", function () {
        var on = b.classList.contains("on");
        Array.prototype.forEach.call(buttons.children, function (x) { x.classList.remove("on"); });
        clear(formBox);
        if (on) return;
        b.classList.add("on");
        formBox.appendChild(actionForm(a, t));
      });
      buttons.appendChild(b);
    });
    card.appendChild(buttons);
    card.appendChild(formBox);
    card.appendChild(el("p", { "class": "muted small", style: "margin:10px 0 0" },
      "提交时附带工单版本号（" + t.version + "），如工单已被他人更新将提示冲突。是否有权操作以服务器校验为准。"));
    return card;
  }

  function noteField(label, placeholder, required) {
    var ta = el("textarea", { name: "note", placeholder: placeholder || "", required: !!required });
    return { node: el("label", { "class": "field" }, label + (required ? "（必填）" : ""), ta), input: ta };
  }

  function attachmentsField() {
    var ta = el("textarea", { name: "attachments", placeholder: "图片或文件链接，每行一个（可不填）", style: "min-height:40px" });
    return {
      node: el("label", { "class": "field" }, "附件", ta), input: ta,
      value: function () { return ta.value.split(/\n+/).map(function (s) { return s.trim(); }).filter(Boolean); }
    };
  }

  function row() {
    var r = el("div", { "class": "row" });
    for (var i = 0; i < arguments.length; i++) append(r, arguments[i]);
    return r;
  }

  /** Builds the form for action a; collect() returns the request body or throws a Chinese validation message. */
  function actionForm(a, t) {
    var parts = [];
    var collect;
    var note, att;
    switch (a) {
      case "accept":
        note = noteField("签收说明", "可不填，如：已安排人员处理");
        parts.push(note.node);
        collect = function () { return { note: note.input.value }; };
        break;
      case "progress": {
        note = noteField("办理进展", "如：已联系居民，明早上门维修", true);
        var contacted = el("input", { type: "checkbox", name: "contacted" });
        att = attachmentsField();
        parts.push(note.node, el("label", { "class": "check" }, contacted, "已联系诉求人（停止联系时限计时）"), att.node);
        collect = function () {
          if (!note.input.value.trim()) throw "请填写办理进展";
          return { note: note.input.value, contacted: contacted.checked, attachments: att.value() };
        };
        break;
      }
      case "wait":
        note = noteField("需要居民补充的内容", "如：请提供具体门牌号", true);
        parts.push(note.node);
        collect = function () { if (!note.input.value.trim()) throw "请说明需要居民补充的内容"; return { note: note.input.value }; };
        break;
      case "detail":
        note = noteField("补充内容", "居民补充的情况");
        att = attachmentsField();
        parts.push(note.node, att.node);
        collect = function () { return { note: note.input.value, attachments: att.value() }; };
        break;
      case "resolve":
        note = noteField("办理结果", "如：已更换楼道灯，经居民确认恢复照明", true);
        att = attachmentsField();
        parts.push(note.node, att.node);
        collect = function () {
          if (!note.input.value.trim()) throw "请填写办理结果";
          return { note: note.input.value, attachments: att.value() };
        };
        break;
      case "return": {
        var reason = el("select", { name: "reason", required: true }, option("", "请选择退单原因", true),
          RETURN_REASONS.map(function (r) { return option(r[0], r[0] + " " + r[1]); }));
        note = noteField("退单说明", "说明理由；原因为「其他」时必填，建议注明应承办的单位");
        parts.push(el("label", { "class": "field" }, "退单原因", reason), note.node);
        collect = function () {
          if (!reason.value) throw "请选择退单原因";
          if (reason.value === "R99" && !note.input.value.trim()) throw "退单原因为「其他」时须说明理由";
          return { reason: reason.value, note: note.input.value };
        };
        break;
      }
      case "dispatch": {
        var dept = departmentSelect("department", "", "按职责清单自动派单");
        var comm = communitySelect("community", "", "不变");
        note = noteField(t.status === "ARBITRATION" ? "审定意见" : "派单说明", "");
        var wrongful = el("input", { type: "checkbox", name: "wrongfulReturn" });
        var dcat = categorySelect("category", t.category, "不变（" + t.category + "）");
        parts.push(row(el("label", { "class": "field" }, "承办部门", dept), el("label", { "class": "field" }, "属地社区", comm)));
        if (STREET_ROLES[(who() || {}).role]) {
          parts.push(el("label", { "class": "field" }, "更正类别（未选部门时派给新类别的主管部门）", dcat));
        }
        parts.push(note.node);
        if (t.status === "RETURNED" || t.status === "ARBITRATION") {
          parts.push(el("label", { "class": "check" }, wrongful, "认定上次退单不当（派回原退单单位，耽误时间计入该单位）"));
        }
        collect = function () {
          var body = { department: dept.value, community: comm.value, note: note.input.value, wrongfulReturn: wrongful.checked };
          if (dcat.value) body.category = dcat.value;
          return body;
        };
        break;
      }
      case "whistle": {
        var summoned = {};
        (t.summons || []).forEach(function (s) { if (!s.reportedAt) summoned[s.department] = 1; });
        var boxes = [];
        var list = el("div", { "class": "dept-list", role: "group", "aria-label": "召集部门" });
        groupedDepartments().forEach(function (g) {
          list.appendChild(el("div", { "class": "grp" }, g.label));
          g.items.forEach(function (d) {
            var cb = el("input", { type: "checkbox", value: d.code, disabled: !!summoned[d.code] });
            boxes.push(cb);
            list.appendChild(el("label", { "class": "check" }, cb, d.name, summoned[d.code] ? el("span", { "class": "muted small" }, "（已召集，待报到）") : null));
          });
        });
        if (!boxes.length) list.appendChild(el("div", { "class": "muted" }, "未能加载部门列表"));
        var lead = departmentSelect("lead", "", "默认（当前承办部门）");
        note = noteField("吹哨事由", "如：楼体外墙脱落，需城管、住建联合处置");
        parts.push(el("div", { "class": "field" }, el("span", { "class": "muted" }, "召集部门（可多选）"), list),
          el("label", { "class": "field" }, "牵头部门", lead), note.node);
        collect = function () {
          var picked = boxes.filter(function (b) { return b.checked; }).map(function (b) { return b.value; });
          if (!picked.length) throw "请至少选择一个召集部门";
          return { departments: picked, lead: lead.value, note: note.input.value };
        };
        break;
      }
      case "report": {
        var pending = (t.summons || []).filter(function (s) { return !s.reportedAt; });
        var rdept = el("select", { name: "department" }, pending.map(function (s) {
          return option(s.department, (s.departmentName || nameOf(s.department)) + "（时限 " + bj(s.dueAt) + "）");
        }));
        var loc = el("input", { type: "text", name: "location", placeholder: "如：幸福小区3号楼现场" });
        var photo = el("input", { type: "text", name: "photo", placeholder: "现场照片链接（可不填）" });
        note = noteField("报到说明", "");
        parts.push(el("label", { "class": "field" }, "报到部门", rdept), row(el("label", { "class": "field" }, "报到位置", loc),
          el("label", { "class": "field" }, "现场照片", photo)), note.node);
        collect = function () {
          return { department: rdept.value, location: loc.value, photo: photo.value, note: note.input.value };
        };
        break;
      }
      case "merge": {
        var master = el("input", { type: "text", name: "master", placeholder: "主单工单号" });
        note = noteField("合并说明", "");
        parts.push(el("label", { "class": "field" }, "合并到主单", master), note.node);
        collect = function () {
          if (!master.value.trim()) throw "请填写主单号";
          return { master: master.value.trim(), note: note.input.value };
        };
        break;
      }
      case "extend":
        if (t.extensionRequested) {
          var decision = el("select", { name: "decision" }, option("approve", "同意延期 " + t.extensionRequested + " 个工作日"),
            option("reject", "不同意延期"));
          note = noteField("审批意见", "");
          parts.push(el("label", { "class": "field" }, "审批结果", decision), note.node);
          collect = function () { return { decision: decision.value, reason: note.input.value }; };
        } else {
          var days = el("input", { type: "number", name: "days", min: 1, max: 30, value: "3" });
          note = noteField("延期理由", "如：需协调产权单位，预计下周完成", true);
          parts.push(el("label", { "class": "field" }, "延期工作日（1–30）", days), note.node);
          collect = function () {
            var n = parseInt(days.value, 10);
            if (!(n >= 1 && n <= 30)) throw "延期天数应为1至30个工作日";
            if (!note.input.value.trim()) throw "请填写延期理由";
            return { days: n, reason: note.input.value };
          };
        }
        break;
      case "withdraw":
        note = noteField("撤销原因", "如：居民来电表示问题已自行解决", true);
        parts.push(note.node);
        collect = function () { if (!note.input.value.trim()) throw "请填写撤销原因"; return { reason: note.input.value }; };
        break;
      case "reopen":
        note = noteField("重办理由", "", true);
        parts.push(note.node);
        collect = function () { if (!note.input.value.trim()) throw "请填写重办理由"; return { reason: note.input.value }; };
        break;
      case "rate": {
        var rating = el("select", { name: "rating" }, RATING.map(function (r) { return option(r[0], r[1]); }));
        note = noteField("回访记录", "居民评价意见；不满意时请说明原因");
        parts.push(el("label", { "class": "field" }, "居民评价", rating), note.node);
        collect = function () {
          if (rating.value === "UNSATISFIED" && !note.input.value.trim()) throw "请说明不满意的原因，以便重办";
          return { rating: rating.value, comment: note.input.value };
        };
        break;
      }
      case "correct": {
        var ccat = categorySelect("category", t.category, "请选择正确的类别");
        var csub = el("input", { type: "text", name: "subcategory", maxlength: 40, placeholder: "可不填（原子类将清除）" });
        note = noteField("更正说明", "如：市政道路归交通部门");
        parts.push(row(el("label", { "class": "field" }, "正确的类别（当前：" + t.category + "）", ccat),
          el("label", { "class": "field" }, "子类", csub)), note.node,
          el("p", { "class": "muted small" }, "只更正类别，不改变承办部门和时限；需要改派时请用「" + actionLabel("dispatch", t) + "」并选择新类别。"));
        collect = function () {
          if (!ccat.value) throw "请选择正确的类别";
          return { category: ccat.value, subcategory: csub.value.trim(), note: note.input.value };
        };
        break;
      }
      case "urge":
        note = noteField("催办意见", "");
        parts.push(note.node);
        collect = function () { return { note: note.input.value }; };
        break;
      default:
        collect = function () { return {}; };
    }
    var msg = el("div");
    var submit = el("button", { type: "submit", "class": a === "withdraw" ? "danger" : "" }, "确认" + actionLabel(a, t));
    var form = el("form", {
      "class": "action-form", novalidate: true, onsubmit: function (ev) {
        ev.preventDefault();
        clear(msg);
        var body;
        try { body = collect(); } catch (m) { msg.appendChild(alertBox(String(m))); return; }
        body.action = a;
        body.version = t.version;
        submit.disabled = true;
        api("POST", "/api/tickets/" + encodeURIComponent(t.number) + "/actions", body).then(function (nt) {
          toast("「" + actionLabel(a, t) + "」已完成，" + (a === "correct" ? "工单类别：" + nt.category
            : "工单状态：" + (nt.statusLabel || STATUS_LABEL[nt.status])), "ok");
          renderDetail(nt);
        }).catch(function (e) {
          submit.disabled = false;
          msg.appendChild(refusalBox(e, t));
        });
      }
    }, parts, msg, el("div", { "class": "form-buttons" }, submit));
    return form;
  }

  function refusalBox(e, t) {
    if (e.status === 409 && e.body && typeof e.body.version === "number") {
      return el("div", { "class": "alert error", role: "alert" },
        "版本冲突（409）：" + (zhReason(e.body.error) || "工单已被他人更新，请刷新后重试") + "（您打开的是第 " + t.version +
        " 版）。 ",
        el("button", { type: "button", "class": "link", onclick: function () { detailView(t.number); } }, "刷新工单"));
    }
    if (e.status === 409) {
      return alertBox("操作被拒绝（409）：" + (zhReason(e.body && e.body.error) || "当前状态不允许此操作"));
    }
    return alertBox(e.message || String(e));
  }

  // ------------------------------------------------------------------ 考核统计

  function metricsView(params) {
    setNav("metrics");
    var main = clear($("main"));
    var dim = params.get("dimension") || "department";
    var from = params.get("from") || "";
    var toIncl = params.get("to") || "";
    main.appendChild(el("h1", null, "考核统计"));
    var dimSel = el("select", { name: "dimension" }, option("department", "按承办部门", dim === "department"),
      option("community", "按社区", dim === "community"), option("category", "按诉求类别", dim === "category"));
    var fromIn = el("input", { type: "date", name: "from", value: from });
    var toIn = el("input", { type: "date", name: "to", value: toIncl });
    var exportBtn = el("button", { type: "button", "class": "ghost" }, "导出 CSV");
    function query(toExclusive) {
      return { dimension: dimSel.value, from: fromIn.value, to: toIn.value ? (toExclusive ? addDays(toIn.value, 1) : toIn.value) : "" };
    }
    exportBtn.addEventListener("click", function () {
      var q = query(true);
      q.kind = "metrics";
      download("/api/export.csv" + qs(q), "shaozi-metrics.csv", exportBtn);
    });
    main.appendChild(el("div", { "class": "card" }, el("form", {
      "class": "filters", onsubmit: function (ev) { ev.preventDefault(); navigate("#/metrics" + qs(query(false))); }
    },
      el("label", { "class": "field" }, "统计维度", dimSel),
      el("label", { "class": "field" }, "开始日期", fromIn),
      el("label", { "class": "field" }, "截止日期（含）", toIn),
      el("div", { "class": "buttons" }, el("button", { type: "submit" }, "查询"), exportBtn),
      el("span", { "class": "muted small" }, "不填日期时统计本月1日至今天（北京时间）。"))));
    var summary = el("div");
    var card = el("div", { "class": "card" }, el("div", { "class": "muted" }, "正在加载…"));
    var charts = el("div", { "class": "charts" },
      el("div", { "class": "card" }, el("h2", null, "三率对比"), el("div", { "class": "chart", id: "chartRates" })),
      el("div", { "class": "card" }, el("h2", null, "近六个月趋势"), el("div", { "class": "chart", id: "chartTrend" })));
    main.appendChild(summary);
    main.appendChild(charts);
    main.appendChild(card);
    api("GET", "/api/metrics" + qs({ dimension: dim, from: from, to: toIncl ? addDays(toIncl, 1) : "" }))
      .then(current(function (m) {
        if (!fromIn.value) fromIn.value = m.from;
        if (!toIn.value) toIn.value = addDays(m.to, -1);
        renderMetrics(summary, card, m);
        renderCharts(m);
      }))
      .catch(current(function (e) { clear(card).appendChild(alertBox(e.message)); }));
  }

  function rateCell(v) {
    if (v === null || v === undefined) return el("td", { "class": "num nowrap muted", title: "暂无评价" }, "—");
    var w = Math.max(0, Math.min(100, (v || 0) * 100));
    return el("td", { "class": "num nowrap" }, el("span", { "class": "bar-bg" }, el("span", { "class": "bar", style: "width:" + w.toFixed(0) + "%" })), pct(v));
  }

  function renderMetrics(summary, card, m) {
    var rows = m.rows || [];
    var sum = function (k) { return rows.reduce(function (a, r) { return a + (r[k] || 0); }, 0); };
    clear(summary).appendChild(el("div", { "class": "summary-cards" },
      [["受理量", sum("total")], ["派单量", sum("dispatched")], ["超期", sum("overdue")], ["退单", sum("returns")],
        ["被召集（吹哨）", sum("summoned")]].map(function (x) {
        return el("div", { "class": "card" }, el("div", { "class": "muted small" }, x[0]), el("div", { "class": "v" }, String(x[1])));
      })));
    var dimName = { department: "承办部门", community: "社区", category: "诉求类别" }[m.dimension] || "名称";
    var heads = ["排名", dimName, "受理量", "派单量", "响应率", "解决率", "满意率", "评价数", "超期", "退单（不当）", "耽误时长",
      "被召集", "报到准时率", "综合得分"];
    var tbody = el("tbody", null, rows.map(function (r) {
      return el("tr", { "class": r.overdue > 0 ? "" : "" },
        el("td", { "class": "num" }, String(r.rank)),
        el("td", null, r.name || r.key),
        el("td", { "class": "num" }, String(r.total)),
        el("td", { "class": "num" }, String(r.dispatched)),
        rateCell(r.responseRate), rateCell(r.resolutionRate), rateCell(r.satisfactionRate),
        el("td", { "class": "num" }, String(r.rated)),
        el("td", { "class": "num" + (r.overdue ? " due-late" : "") }, String(r.overdue)),
        el("td", { "class": "num" }, r.returns + (r.wrongfulReturns ? "（" + r.wrongfulReturns + "）" : "")),
        el("td", { "class": "num nowrap" }, minutes(r.lostMinutes)),
        el("td", { "class": "num" }, String(r.summoned)),
        el("td", { "class": "num" }, r.summoned ? pct(r.reportPunctuality) : "—"),
        el("td", { "class": "num" }, el("strong", null, r.dispatched ? (r.score || 0).toFixed(1) : "—")));
    }));
    if (!rows.length) tbody.appendChild(el("tr", null, el("td", { colspan: heads.length, "class": "empty" }, "统计区间内没有工单")));
    clear(card).appendChild(el("div", { "class": "muted small", style: "margin-bottom:8px" },
      "统计区间：" + m.from + " 至 " + addDays(m.to, -1) + "（北京时间）。综合得分 = 响应率、解决率、满意率按权重加权 × 100；没有评价时满意率显示“—”，不计入得分（其余两项按权重折算）。"));
    card.appendChild(el("div", { "class": "table-wrap" }, el("table", null,
      el("thead", null, el("tr", null, heads.map(function (h, i) { return el("th", { "class": i === 1 ? "" : "num" }, h); }))), tbody)));
  }

  // ------------------------------------------------------------------ charts (ECharts from the jar's WebJar)

  var echartsPromise = null;
  function loadECharts() {
    if (window.echarts) return Promise.resolve(window.echarts);
    if (!echartsPromise) {
      echartsPromise = new Promise(function (resolve, reject) {
        var sc = document.createElement("script");
        sc.src = "vendor/echarts.min.js";
        sc.onload = function () { resolve(window.echarts); };
        sc.onerror = function () { echartsPromise = null; reject(new Error("图表组件加载失败")); };
        document.head.appendChild(sc);
      });
    }
    return echartsPromise;
  }

  var charts = [];
  function chart(id) {
    var node = $(id);
    if (!node) return null;
    var c = window.echarts.init(node, null, { renderer: "canvas" });
    charts.push(c);
    return c;
  }
  window.addEventListener("resize", function () { charts.forEach(function (c) { if (!c.isDisposed()) c.resize(); }); });

  function ratePct(v) { return v === null || v === undefined ? null : Math.round(v * 1000) / 10; }

  function renderCharts(m) {
    var g = generation;
    loadECharts().then(function () {
      if (g !== generation) return;
      charts.forEach(function (c) { c.dispose(); });
      charts = [];
      var rows = (m.rows || []).slice(0, 12);
      var rates = chart("chartRates");
      if (!rates) return;
      var tip = { trigger: "axis", renderMode: "richText" };
      rates.setOption({
        animation: false, tooltip: tip, legend: { top: 0 }, grid: { left: 40, right: 10, top: 30, bottom: 70 },
        xAxis: { type: "category", data: rows.map(function (r) { return r.name || r.key; }), axisLabel: { interval: 0, rotate: 30 } },
        yAxis: { type: "value", max: 100, axisLabel: { formatter: "{value}%" } },
        series: [["响应率", "responseRate"], ["解决率", "resolutionRate"], ["满意率", "satisfactionRate"]].map(function (x) {
          return { name: x[0], type: "bar", data: rows.map(function (r) { return ratePct(r[x[1]]); }) };
        })
      });
      // trend: the three rates over all groups, month by month (Beijing calendar months)
      var months = [];
      var end = m.to.slice(0, 7);
      var y = +end.slice(0, 4), mo = +end.slice(5, 7);
      for (var i = 5; i >= 0; i--) {
        var yy = y, mm = mo - i;
        while (mm < 1) { mm += 12; yy--; }
        months.push(yy + "-" + pad(mm));
      }
      Promise.all(months.map(function (ym) {
        var ny = +ym.slice(0, 4), nm = +ym.slice(5, 7) + 1;
        if (nm > 12) { nm = 1; ny++; }
        return api("GET", "/api/metrics" + qs({ dimension: m.dimension, from: ym + "-01", to: ny + "-" + pad(nm) + "-01" }))
          .then(function (x) { return x.rows || []; }, function () { return []; });
      })).then(function (per) {
        if (g !== generation) return;
        function agg(rows, num, den) {
          var a = 0, b = 0;
          rows.forEach(function (r) { if (r[num] !== null && r[num] !== undefined) { a += r[num] * r[den]; b += r[den]; } });
          return b ? Math.round(a / b * 1000) / 10 : null;
        }
        var trend = chart("chartTrend");
        trend.setOption({
          animation: false, tooltip: tip, legend: { top: 0 }, grid: { left: 40, right: 10, top: 30, bottom: 30 },
          xAxis: { type: "category", data: months },
          yAxis: { type: "value", max: 100, axisLabel: { formatter: "{value}%" } },
          series: [
            { name: "响应率", type: "line", connectNulls: true, data: per.map(function (r) { return agg(r, "responseRate", "dispatched"); }) },
            { name: "解决率", type: "line", connectNulls: true, data: per.map(function (r) { return agg(r, "resolutionRate", "dispatched"); }) },
            { name: "满意率", type: "line", connectNulls: true, data: per.map(function (r) { return agg(r, "satisfactionRate", "rated"); }) },
            { name: "受理量", type: "bar", yAxisIndex: 0, data: per.map(function (r) { return null; }), show: false }
          ].slice(0, 3)
        });
      });
    }).catch(function (e) { toast(e.message, "error"); });
  }

  // ------------------------------------------------------------------ 推送与学习 (campaigns and Party-learning points)

  function campaignsView() {
    setNav("campaigns");
    var main = clear($("main"));
    main.appendChild(el("h1", null, "推送与学习"));
    var camp = el("div", { "class": "card" }, el("h2", null, "推送活动"), el("div", { "class": "muted" }, "正在加载…"));
    var board = el("div", { "class": "card" }, el("h2", null, "支部学习积分排行（本月）"), el("div", { "class": "muted" }, "正在加载…"));
    main.appendChild(camp);
    main.appendChild(board);
    function rate(a, b) { return b ? (a / b * 100).toFixed(1) + "%" : "—"; }
    api("GET", "/api/campaigns?size=50").then(current(function (r) {
      var items = r.items || [];
      var body = el("tbody", null, items.map(function (c) {
        return el("tr", null,
          el("td", { "class": "num" }, String(c.id)),
          el("td", null, el("span", { "class": "badge gray" }, c.statusLabel || c.status)),
          el("td", { "class": "nowrap" }, bj(c.runAt)),
          el("td", { "class": "num" }, String(c.targeted)),
          el("td", { "class": "num" }, String(c.sent)),
          el("td", { "class": "num" }, String(c.failed + c.dropped)),
          el("td", { "class": "num" }, String(c.read)),
          el("td", { "class": "num" }, rate(c.read, c.sent)),
          el("td", { "class": "num" }, String(c.studied)));
      }));
      if (!items.length) body.appendChild(el("tr", null, el("td", { colspan: 9, "class": "empty" }, "还没有推送活动")));
      clear(camp).appendChild(el("h2", null, "推送活动"));
      camp.appendChild(el("div", { "class": "table-wrap" }, el("table", null, el("thead", null, el("tr", null,
        ["编号", "状态", "发送时间", "目标人数", "已送达", "失败/放弃", "已读", "阅读率", "已学"].map(function (h, i) {
          return el("th", { "class": i > 2 ? "num" : "" }, h);
        }))), body)));
    })).catch(current(function (e) { clear(camp).appendChild(el("h2", null, "推送活动")); camp.appendChild(alertBox(e.message)); }));
    api("GET", "/api/quiz/boards").then(current(function (b) {
      var rows = b.branches || [];
      var body = el("tbody", null, rows.map(function (x) {
        return el("tr", null, el("td", { "class": "num" }, String(x.rank)), el("td", null, x.name),
          el("td", { "class": "num" }, String(x.members)), el("td", { "class": "num" }, String(x.points)),
          el("td", { "class": "num" }, (x.averagePoints || 0).toFixed(1)));
      }));
      if (!rows.length) body.appendChild(el("tr", null, el("td", { colspan: 5, "class": "empty" }, "暂无支部")));
      clear(board).appendChild(el("h2", null, "支部学习积分排行（" + b.from + " 至 " + b.to + "）"));
      board.appendChild(el("div", { "class": "table-wrap" }, el("table", null, el("thead", null, el("tr", null,
        ["排名", "支部", "党员数", "积分", "人均积分"].map(function (h, i) { return el("th", { "class": i === 1 ? "" : "num" }, h); }))), body)));
    })).catch(current(function (e) { clear(board).appendChild(el("h2", null, "支部学习积分排行")); board.appendChild(alertBox(e.message)); }));
  }

  // ------------------------------------------------------------------ 人工会话

  function handoffsView() {
    setNav("handoffs");
    var main = clear($("main"));
    var listBox = el("div", null, el("div", { "class": "muted" }, "正在加载…"));
    var stamp = el("span", { "class": "muted small" });
    var reload = function () {
      return api("GET", "/api/handoffs").then(current(function (r) {
        stamp.textContent = "更新于 " + bj(new Date().toISOString(), true);
        renderHandoffs(listBox, r.items || [], reload);
      })).catch(current(function (e) { clear(listBox).appendChild(alertBox(e.message)); }));
    };
    main.appendChild(el("h1", null, "人工会话"));
    main.appendChild(el("div", { "class": "toolbar" },
      el("span", { "class": "muted" }, "居民转人工后机器人暂停回复；处理完毕请点击「交还机器人」。"),
      el("span", { "class": "spacer" }), stamp,
      el("button", { type: "button", "class": "ghost", onclick: function () { reload(); } }, "刷新")));
    main.appendChild(listBox);
    reload();
    var g = generation;
    refreshTimer = setInterval(function () {
      if (g !== generation) return;
      var typing = Array.prototype.some.call(listBox.querySelectorAll("textarea"), function (x) { return x.value.trim(); });
      if (!typing && document.visibilityState !== "hidden") reload();
    }, 20000);
  }

  function renderHandoffs(box, items, reload) {
    clear(box);
    if (!items.length) {
      box.appendChild(el("div", { "class": "card empty" }, "当前没有等待人工处理的会话"));
      return;
    }
    items.forEach(function (h) {
      var text = el("textarea", { placeholder: "回复居民的内容（通过原渠道发送）", "aria-label": "回复内容" });
      var msg = el("div");
      var send = el("button", { type: "submit" }, "发送回复");
      var release = el("button", { type: "button", "class": "danger" }, "交还机器人");
      var path = "/api/handoffs/" + encodeURIComponent(h.key);
      release.addEventListener("click", function () {
        if (!window.confirm("确认结束人工会话，交还机器人继续服务该居民？")) return;
        release.disabled = true;
        api("POST", path + "/release", {}).then(function () {
          toast("已交还机器人", "ok");
          reload();
        }).catch(function (e) { release.disabled = false; clear(msg).appendChild(alertBox(e.message)); });
      });
      var form = el("form", {
        onsubmit: function (ev) {
          ev.preventDefault();
          clear(msg);
          var t = text.value.trim();
          if (!t) { msg.appendChild(alertBox("请输入回复内容")); return; }
          send.disabled = true;
          api("POST", path + "/reply", { text: t }).then(function () {
            text.value = "";
            msg.appendChild(alertBox("回复已加入发送队列：" + t, "ok"));
          }).catch(function (e) { msg.appendChild(alertBox(e.message)); })
            .then(function () { send.disabled = false; });
        }
      }, text, msg, el("div", { "class": "form-buttons" }, send, release));
      box.appendChild(el("div", { "class": "card handoff" },
        el("div", null,
          el("div", null, el("strong", null, CHANNEL_LABEL[h.channel] || h.channel), el("span", { "class": "muted" }, " · 账号 " + h.account)),
          el("div", { "class": "small muted" }, "居民：" + h.user),
          el("div", { "class": "small muted" }, "转人工时间：" + bj(h.since) + "　最近消息：" + bj(h.updatedAt)),
          el("div", { "class": "last" }, h.lastText || "（无文字消息）")),
        form));
    });
  }

  route();
})();
