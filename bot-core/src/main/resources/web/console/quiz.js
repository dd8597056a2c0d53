/* 哨子 · 党员答题报告: the branch secretary's quiz report over GET /api/quiz/report(.csv), /api/quiz/report-topics.csv
 * and /api/quiz/boards.
 * A page of its own (no framework; the helpers it shares with knowledge.js are common.js's window.Console); it shares
 * the console's session token (sessionStorage). A branch secretary sees their own branch; street roles choose any
 * branch or the whole street. */
(function () {
  "use strict";
  var C = window.Console, $ = C.$, el = C.el, clear = C.clear;
  var REASON = { fast: "作答过快", regular: "用时过于规律" };
  var WARNING = { 1: "已温馨提示", 2: "已严肃提醒" };

  var STATE = { none: "未开始", open: "答题中", expired: "中途未完成", late: "逾期完成" };

  /** A time as Beijing's month, day and hh:mm ("12月10日 18:00"). */
  function beijing(iso) {
    var d = new Date(Date.parse(iso) + 8 * 3600 * 1000);
    function two(n) { return (n < 10 ? "0" : "") + n; }
    return (d.getUTCMonth() + 1) + "月" + d.getUTCDate() + "日 " + two(d.getUTCHours()) + ":" + two(d.getUTCMinutes());
  }

  function pct(x) { return (Math.round(x * 1000) / 10).toFixed(1) + "%"; }
  function signed(x, asPct) {
    var v = asPct ? (Math.round(x * 1000) / 10).toFixed(1) + " 个百分点" : (Math.round(x * 100) / 100).toString();
    return x > 0 ? "↑ +" + v : x < 0 ? "↓ " + v : "持平";
  }

  /** The page's own texts for a failed call (Console.errorText has 401, no connection and server errors). */
  function ownError(status, z) {
    if (status === 403) return "没有权限：" + (z || "只有支部书记及以上可以查看答题报告");
    if (status === 404) return "未找到：" + (z || "没有这个支部");
    if (status === 400) return "请求有误：" + (z || "参数不正确");
    return "";
  }

  function request(path) { return C.api("GET", path, { errorText: ownError }); }

  function login(message) {
    C.login({ title: "党员答题报告", label: "访问令牌（支部书记或街道干部的个人令牌）", message: message, onLogin: show });
  }

  function table(head, rows) {
    return el("div", { "class": "table-wrap" }, el("table", null,
      el("thead", null, el("tr", null, head.map(function (h) { return el("th", null, h); }))),
      el("tbody", null, rows.length ? rows.map(function (r) {
        return el("tr", null, r.map(function (c) { return el("td", null, c); }));
      }) : el("tr", null, el("td", { colspan: head.length, "class": "muted" }, "无")))));
  }

  function render(r, boards) {
    var main = clear($("main"));
    var p = new URLSearchParams(location.hash.replace(/^#/, ""));
    var branch = el("input", { id: "branch", value: p.get("branch") || r.branch || "", placeholder: "全部支部" });
    var from = el("input", { id: "from", type: "date", value: r.from });
    var to = el("input", { id: "to", type: "date", value: r.to });
    main.appendChild(el("form", { "class": "card filters", onsubmit: function (ev) {
      ev.preventDefault();
      location.hash = new URLSearchParams({ branch: branch.value.trim(), from: from.value, to: to.value }).toString();
    } }, el("label", { "class": "field" }, "支部代码", branch), el("label", { "class": "field" }, "开始日期", from),
      el("label", { "class": "field" }, "结束日期", to),
      el("div", { "class": "buttons" }, el("button", { type: "submit" }, "查询"),
        el("button", { type: "button", "class": "ghost", id: "csv", onclick: function () {
          csv("/api/quiz/report.csv", "党员答题报告-" + r.from + "-" + r.to + ".csv");
        } }, "导出 CSV"),
        el("button", { type: "button", "class": "ghost", id: "csvTopics", onclick: function () {
          csv("/api/quiz/report-topics.csv", "专项答题完成情况-" + r.from + "-" + r.to + ".csv");
        } }, "导出专项 CSV"))));
    var t = r.trend, prev = r.previous;
    main.appendChild(el("div", { "class": "card", id: "summary" },
      el("h2", null, (r.branch || "全街道") + " · " + r.from + " 至 " + r.to),
      table(["指标", "本期", "上期（" + prev.from + " 至 " + prev.to + "）", "变化"], [
        ["参与率", pct(r.participationRate) + "（" + r.participants + "/" + r.members + " 人）",
          pct(prev.participationRate), signed(t.participationRate, true)],
        ["人均积分", String(r.averagePoints), String(prev.averagePoints), signed(t.averagePoints)],
        ["正确率", pct(r.accuracy), pct(prev.accuracy), signed(t.accuracy, true)]
      ])));
    main.appendChild(el("div", { "class": "card" }, el("h2", null, "分类正确率"),
      table(["分类", "作答", "答对", "正确率"], r.accuracyByCategory.map(function (a) {
        return [a.category, String(a.answered), String(a.correct), pct(a.accuracy)];
      }))));
    main.appendChild(el("div", { "class": "card" }, el("h2", null, "连续答题"),
      el("p", null, "有连续答题记录 " + r.streaks.members + " 人，最长 " + r.streaks.longest + " 天，人均 "
        + r.streaks.average + " 天。"),
      table(["姓名", "连续天数"], r.streaks.top.map(function (x) { return [x.name, x.streak + " 天"]; }))));
    main.appendChild(topicsCard(r.topics || []));
    main.appendChild(el("div", { "class": "card", id: "fairplay" }, el("h2", null, "答题异常（不计积分）"),
      table(["姓名", "日期", "类型", "原因", "提醒"], r.flaggedAttempts.map(function (f) {
        return [f.name, f.day, f.activity, REASON[f.reason] || f.reason, WARNING[f.warning] || ""];
      }))));
    main.appendChild(el("div", { "class": "card", id: "absent" }, el("h2", null, "未参加答题的党员（" + r.absent.length + " 人）"),
      table(["姓名", "编号", "支部"], r.absent.map(function (a) { return [a.name, a.id, a.branch]; }))));
    if (boards) {
      main.appendChild(el("div", { "class": "card" }, el("h2", null, "支部排行（人均积分，近30天）"),
        table(["名次", "支部", "人数", "人均积分"], boards.branches.map(function (b) {
          return [String(b.rank), b.name, String(b.members), String(b.averagePoints)];
        }))));
    }
  }

  /** 专项答题完成情况: a row a topic, then who has not completed each (before its deadline, once it has passed). */
  function topicsCard(topics) {
    var card = el("div", { "class": "card", id: "topics" }, el("h2", null, "专项答题完成情况"));
    if (!topics.length) {
      card.appendChild(el("p", { "class": "muted" }, "本期没有专项答题。"));
      return card;
    }
    card.appendChild(table(["专项", "截止时间", "完成", "完成者成绩"], topics.map(function (t) {
      return [t.name + "（" + t.code + "）", beijing(t.deadline) + (t.closed ? "（已截止）" : ""),
        t.completed + "/" + t.members + " 人（" + pct(t.completionRate) + "）"
          + (t.inProgress ? "，" + t.inProgress + " 人答题中" : ""),
        t.completed ? "人均答对 " + t.averageCorrect + "/" + t.averageAnswered + " 题，正确率 " + pct(t.accuracy) : "—"];
    })));
    topics.forEach(function (t) {
      if (!t.notCompleted.length) return;
      card.appendChild(el("p", { "class": "topic-missing", "data-code": t.code },
        el("strong", null, "《" + t.name + "》" + (t.closed ? "截止时未完成" : "尚未完成") + "（" + t.notCompleted.length
          + " 人）："),
        t.notCompleted.map(function (m) {
          return m.name + (m.state === "none" ? "" : "（" + (STATE[m.state] || m.state) + "）");
        }).join("、")));
    });
    return card;
  }

  function query() {
    var p = new URLSearchParams(location.hash.replace(/^#/, ""));
    var q = new URLSearchParams();
    ["branch", "from", "to"].forEach(function (k) { if (p.get(k)) q.set(k, p.get(k)); });
    var s = q.toString();
    return s ? "?" + s : "";
  }

  /** Downloads a CSV of the report (the token goes in a header, so the file is fetched, then saved). */
  function csv(path, name) {
    request(path + query()).then(function (res) { return res.blob(); }).then(function (blob) {
      var a = el("a", { href: URL.createObjectURL(blob), download: name });
      document.body.appendChild(a);
      a.click();
      a.remove();
    }).catch(function (e) { alert(e.message); });
  }

  function show() {
    if (!C.token()) { login(""); return; }
    $("who").hidden = false;
    request("/api/quiz/report" + query()).then(function (res) { return res.json(); }).then(function (r) {
      return request("/api/quiz/boards").then(function (res) { return res.json(); })
        .catch(function () { return null; }).then(function (b) { render(r, b); });
    }).catch(function (e) { C.failed(e, login); });
  }

  C.onLogout(function () { login(""); });
  window.addEventListener("hashchange", show);
  show();
})();
