/* 哨子 · 知识库: operators list, search, try, edit, create and delete the knowledge-base entries over /api/knowledge.
 * A page of its own (no framework, no HTML built from strings: every text goes in as a text node; the helpers it shares
 * with quiz.js are common.js's window.Console); it shares the console's session token (sessionStorage). Reading: any
 * staff role; editing: ADMIN, LEADER, STREET_CADRE, COMMUNITY_WORKER, and only when the server has a knowledge.dir
 * (editable=true). */
(function () {
  "use strict";
  var C = window.Console, $ = C.$, el = C.el, append = C.append, clear = C.clear, alertBox = C.alertBox;
  var WHO_KEY = "shaozi.console.who";
  var STAFF = ["ADMIN", "LEADER", "STREET_CADRE", "DEPARTMENT_STAFF", "COMMUNITY_WORKER", "GRID_WORKER"];
  var EDITORS = ["ADMIN", "LEADER", "STREET_CADRE", "COMMUNITY_WORKER"];
  /** KnowledgeEntry: the id pattern and the limits the server checks. */
  var ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;
  var MAX = { title: 60, question: 100, questions: 40, answer: 4000 };
  var FIELD = { id: "编号", title: "标题", questions: "其他问法", answer: "答案", file: "文件", q: "问题", limit: "条数" };
  var ASKING = { report: "是在反映问题", other: "没有提问的语气", urgent: "紧急诉求", complaint: "诉求类型是投诉",
    tipoff: "诉求类型是举报", praise: "诉求类型是表扬" };

  var me = null;     // GET /api/me
  var kb = null;     // GET /api/knowledge
  var filter = "";   // the list's search box
  var flash = "";    // a message for the next view (after a save or a delete moves to another address)
  var generation = 0;
  var dirty = null;  // the open editor's "are there unsaved changes?"
  var here = location.hash;

  /** The flash message, once: shown at the top of the next view, not over it. */
  function flashBox() {
    var f = flash;
    flash = "";
    return f ? alertBox(f, "ok", "kbFlash") : null;
  }
  function bj(iso) {
    var d = new Date(iso);
    if (isNaN(d.getTime())) return iso || "";
    return d.toLocaleString("zh-CN", { timeZone: "Asia/Shanghai", hour12: false, year: "numeric", month: "2-digit",
      day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit" }) + "（北京时间）";
  }
  function roleLabel() { return me && me.roleLabel ? me.roleLabel : (me ? me.role : ""); }
  function canEdit() { return !!(kb && kb.editable && me && EDITORS.indexOf(me.role) >= 0); }

  // ------------------------------------------------------------------ the server's reasons, in Chinese

  /** "longer than 60 characters" → "不能超过 60 个字" … (the reason after "field: "). */
  function zhReason(r) {
    var m;
    r = String(r || "").trim();
    if (/^required$/.test(r)) return "必填";
    if ((m = /^longer than (\d+) characters$/.exec(r))) return "不能超过 " + m[1] + " 个字";
    if (/^contains a control character$/.test(r)) return "含有不可见的控制字符，请删除后再保存";
    if (/^must be one line$/.test(r)) return "只能写一行";
    if ((m = /^at most (\d+) lines/.exec(r))) return "最多 " + m[1] + " 个问法";
    if (/must be a list of strings|must be a string|must be a JSON object/.test(r)) return "格式不正确";
    if (/^1-64 letters/.test(r)) return "只能用字母、数字、- 和 _，1–64 个字符，以字母或数字开头";
    if (/^the first line must be '# <title>'/.test(r)) return "第一行必须是“# 标题”";
    if (/^its first line must not start with '问：'/.test(r)) return "第一行不能以“问：”开头（会被当成一个问法）";
    if (/^an entry with this id already exists/.test(r)) return "这个编号已经有条目了（也可能是没有载入的同名文件），请换一个";
    if (/^empty$/.test(r)) return "文件是空的";
    if (/^not UTF-8$/.test(r)) return "不是 UTF-8 编码";
    if ((m = /^cannot read/.exec(r))) return "文件读不出来";
    if ((m = /^more than (\d+) entries/.exec(r))) return "条目超过 " + m[1] + " 个，没有载入";
    if ((m = /^a whole number from 1 to (\d+)/.exec(r))) return "须为 1–" + m[1] + " 的整数";
    if ((m = /^at most (\d+) characters, no control characters/.exec(r))) return "最多 " + m[1] + " 个字，不能含控制字符";
    return /[\u4e00-\u9fff]/.test(r) ? r : "（服务器说明：" + r + "）";
  }
  /** "title: required" → {field: "title", text: "必填"}; no known field: {field: "", text}. */
  function fieldError(reason) {
    var m = /^(id|title|questions|answer|file|q|limit): (.*)$/.exec(String(reason || ""));
    return m ? { field: m[1], text: zhReason(m[2]) } : { field: "", text: zhReason(reason) };
  }
  /** A problem line of the API ("broken.md: title: the first line …") in Chinese. */
  function zhProblem(p) {
    var m = /^([^:]+\.md): (.*)$/.exec(String(p));
    if (!m) return zhReason(p);
    var f = fieldError(m[2]);
    return m[1] + "：" + (f.field ? FIELD[f.field] + "——" : "") + f.text;
  }
  /** The page's own texts for a failed call (Console.errorText has 401, no connection and server errors). */
  function ownError(status, z) {
    if (status === 403) return "没有权限：" + (z || "当前角色不能执行此操作");
    if (status === 404) return "没有这个条目（可能已被删除）";
    if (status === 409) return "知识库是只读的：服务器没有配置知识库目录（knowledge.dir）";
    if (status === 400 || status === 412) { var f = fieldError(z); return (f.field ? FIELD[f.field] + "：" : "") + f.text; }
    return "";
  }

  /** The answer's JSON ({} for an empty body, null for 204); a failure rejects with {status, message, body}. */
  function request(method, path, body, headers) {
    return C.api(method, path, { body: body, headers: headers, errorText: ownError }).then(function (res) {
      if (res.status === 204) return null;
      return res.text().then(function (t) {
        try { return t ? JSON.parse(t) : {}; } catch (e) { return { error: t }; }
      });
    });
  }

  // ------------------------------------------------------------------ login

  function login(message) {
    C.login({ title: "知识库", label: "访问令牌（工作人员的个人令牌）", message: message, onLogin: start });
  }

  function failed(e) { C.failed(e, login); }

  /** Who is logged in, then the knowledge base; then the view the address names. */
  function start() {
    if (!C.token()) { login(""); return; }
    var g = ++generation;
    request("GET", "/api/me").then(function (w) {
      me = w;
      sessionStorage.setItem(WHO_KEY, JSON.stringify(w));
      $("who").hidden = false;
      $("whoName").textContent = w.name + "（" + roleLabel() + "）";
      if (STAFF.indexOf(w.role) < 0) throw { status: 403, message: "没有权限：角色「" + roleLabel() + "」不能查看知识库" };
      return request("GET", "/api/knowledge");
    }).then(function (k) { if (g === generation) { kb = k; route(); } }).catch(failed);
  }

  function reloadList() {
    return request("GET", "/api/knowledge").then(function (k) { kb = k; return k; });
  }

  function route() {
    var h = location.hash.replace(/^#/, "");
    var m;
    if (!kb) { start(); return; }
    if ((m = /^\/e\/([^/?#]+)$/.exec(h))) editView(decodeURIComponent(m[1]));
    else if (h === "/new") editView(null, "");
    else if ((m = /^\/fix\/([^/?#]+)$/.exec(h))) editView(null, decodeURIComponent(m[1]));
    else listView();
    window.scrollTo(0, 0);
  }

  // ------------------------------------------------------------------ list, state, problems, 试一试

  function readOnlyReason() {
    if (!kb.editable) {
      return "只读：服务器没有配置知识库目录（knowledge.dir），现在用的是程序自带的示例知识库，不能在这里修改。" +
        "请在配置文件 shaozi.yaml 里设置 knowledge.dir（例如 config/knowledge）后重启一次，以后的修改都不用重启。";
    }
    if (!canEdit()) {
      return "只读：您的角色（" + roleLabel() + "）可以查看知识库，修改请联系管理员、领导、街道干部或社区工作者。";
    }
    return "";
  }

  function listView() {
    var main = clear($("main"));
    var ro = readOnlyReason();
    append(main, flashBox());
    main.appendChild(el("h1", null, "知识库", el("span", { "class": "badge", id: "kbCount" }, "共 " + kb.count + " 条"),
      canEdit() ? el("button", { type: "button", id: "kbNew", onclick: function () { location.hash = "#/new"; } }, "新建条目") : null));
    main.appendChild(el("div", { "class": "card kb-state", id: "kbState" },
      el("div", null, el("span", { "class": "muted" }, "来源："),
        kb.source === "shipped" ? "程序自带的示例知识库" : el("code", { "class": "kb-path" }, kb.source)),
      el("div", null, el("span", { "class": "muted" }, "载入时间："), bj(kb.loadedAt)),
      ro ? alertBox(ro, "info", "kbReadonly")
        : el("div", { "class": "muted small" }, "保存后立即生效，居民下一次提问就用新内容，不用重启；直接修改目录里的 .md 文件也会在几秒内自动载入。")));
    if (kb.problems && kb.problems.length) {
      main.appendChild(el("div", { "class": "alert error kb-problems", role: "alert", id: "kbProblems" },
        el("strong", null, "有 " + kb.problems.length + " 个文件没有载入（其他条目照常使用），请在知识库目录里改正，或在这里重写："),
        el("ul", null, kb.problems.map(function (p) {
          var m = /^([^:]+)\.md: /.exec(p);
          var fix = m && ID.test(m[1]) && canEdit() ? m[1] : "";
          return el("li", { "data-file": m ? m[1] : "" }, zhProblem(p),
            fix ? [" ", el("a", { href: "#/fix/" + encodeURIComponent(fix), "class": "kb-fix" }, "在这里重写")] : null,
            el("div", { "class": "small kb-raw" }, p));
        }))));
    }
    main.appendChild(tryCard());

    var shown = el("span", { "class": "muted small", id: "kbShown" });
    var list = el("ul", { "class": "kb-list", id: "kbList" });
    var search = el("input", { type: "search", id: "kbSearch", value: filter, placeholder: "按标题、问法或编号筛选",
      "aria-label": "筛选条目", oninput: function () { filter = search.value; fill(); } });
    function fill() {
      clear(list);
      var words = filter.trim().toLowerCase().split(/\s+/).filter(Boolean);
      var hits = kb.entries.filter(function (e) {
        var hay = (e.id + "\n" + e.title + "\n" + e.questions.join("\n")).toLowerCase();
        return words.every(function (w) { return hay.indexOf(w) >= 0; });
      });
      shown.textContent = words.length ? "显示 " + hits.length + " / " + kb.entries.length + " 条" : "共 " + kb.entries.length + " 条";
      if (!hits.length) list.appendChild(el("li", { "class": "empty" }, words.length ? "没有符合的条目" : "知识库是空的"));
      hits.forEach(function (e) {
        list.appendChild(el("li", { "data-id": e.id }, el("a", { href: "#/e/" + encodeURIComponent(e.id) },
          el("span", { "class": "kb-title" }, e.title),
          el("span", { "class": "small muted kb-meta" }, e.id + " · " + e.questions.length + " 个问法"))));
      });
    }
    main.appendChild(el("div", { "class": "card" }, el("h2", null, "全部条目"),
      el("div", { "class": "kb-search" }, search, shown), list));
    fill();
  }

  /** 试一试: what the chat would do with a resident's question, and the entries the retrieval ranks first. */
  function tryCard() {
    var input = el("input", { type: "text", id: "tryQ", placeholder: "输入居民可能的问法，如：老年卡在哪办？",
      "aria-label": "居民的问题", maxlength: "200" });
    var out = el("div", { id: "tryResult", "aria-live": "polite" });
    var btn = el("button", { type: "submit", id: "tryGo" }, "试一试");
    var form = el("form", { "class": "kb-try", onsubmit: function (ev) {
      ev.preventDefault();
      var q = input.value.trim();
      clear(out);
      if (!q) { out.appendChild(alertBox("请输入一个问题")); return; }
      btn.disabled = true;
      request("GET", "/api/knowledge?limit=5&q=" + encodeURIComponent(q)).then(function (r) {
        kb = r;
        showTry(out, r.query);
      }).catch(function (e) { out.appendChild(alertBox(e.message)); })
        .then(function () { btn.disabled = false; });
    } }, input, btn);
    return el("div", { "class": "card", id: "kbTry" }, el("h2", null, "试一试：居民这样问，会得到哪一条？"), form, out);
  }

  function entryLink(x) { return el("a", { href: "#/e/" + encodeURIComponent(x.id) }, x.title); }

  function showTry(out, q) {
    var d = q.decision || "";
    var line;
    if (d === "answer") line = el("div", { "class": "alert ok", id: "tryDecision" }, "会直接回答：【", entryLink(q.answer), "】");
    else if (d === "choice") {
      line = el("div", { "class": "alert info", id: "tryDecision" }, "拿不准，会列出标题让居民选：",
        q.choices.map(function (c, i) { return [i ? "；" : "", (i + 1) + " ", entryLink(c)]; }));
    } else if (d === "no_match") line = el("div", { "class": "alert info", id: "tryDecision" }, "没有合适的条目：会请居民回复“登记”或“人工”。");
    else {
      var k = d.indexOf(":") > 0 ? d.slice(d.indexOf(":") + 1) : "";
      line = el("div", { "class": "alert info", id: "tryDecision" },
        "这不是提问（" + (ASKING[k] || k || "其他") + "），会按诉求登记，不查知识库。");
    }
    out.appendChild(line);
    if (!q.hits.length) { out.appendChild(el("p", { "class": "muted" }, "检索没有找到任何相关条目。")); return; }
    out.appendChild(el("div", { "class": "small muted" },
      "检索排名（与聊天用的是同一个索引；先按 BM25 得分取前几名，再按“覆盖”——问题里的主题词有多少在条目中出现——重排）："));
    out.appendChild(el("ol", { "class": "kb-hits", id: "tryHits" }, q.hits.map(function (h) {
      return el("li", { "data-id": h.id }, entryLink(h),
        el("span", { "class": "small muted" }, " 得分 " + h.score.toFixed(3) + " · 覆盖 " + Math.round(h.coverage * 100) + "%"));
    })));
  }

  // ------------------------------------------------------------------ the editor

  /* The answer's Markdown subset, as io.shaozi.core.content.Markdown reads it (the chat sends its toPlainText):
   * paragraphs (blank lines between; single line breaks kept), "- "/"* " bullets, "1. "/"1) " numbers, **bold** and
   * [text](http(s)://…) links. Built as DOM nodes, never as HTML. */
  var BULLET = /^\s{0,3}[-*]\s+(.*)$/, NUMBERED = /^\s{0,3}[0-9]{1,3}[.)]\s+(.*)$/;
  function blocks(source) {
    var out = [], cur = null;
    String(source || "").replace(/\r\n?/g, "\n").split("\n").forEach(function (raw) {
      var line = raw.trim(), m, kind, text;
      if (!line) { cur = null; return; }
      if ((m = BULLET.exec(raw))) { kind = "ul"; text = m[1].trim(); }
      else if ((m = NUMBERED.exec(raw))) { kind = "ol"; text = m[1].trim(); }
      else { kind = "p"; text = line; }
      if (!cur || cur.kind !== kind) { cur = { kind: kind, lines: [] }; out.push(cur); }
      cur.lines.push(text);
    });
    return out;
  }
  function httpUrl(u) {
    if (/\s/.test(u)) return false;
    try { var x = new URL(u); return (x.protocol === "http:" || x.protocol === "https:") && !!x.hostname; } catch (e) { return false; }
  }
  /** Calls text(s), bold(s) and link(text, url) over one line, left to right. */
  function inline(line, text, bold, link) {
    var re = /\*\*(.+?)\*\*|\[([^\[\]\n]+)\]\(([^()\s]+)\)/g, at = 0, m;
    while ((m = re.exec(line))) {
      if (m[1] === undefined && !httpUrl(m[3])) continue; // not a link we render: stays text
      text(line.slice(at, m.index));
      if (m[1] !== undefined) bold(m[1]); else link(m[2], m[3]);
      at = re.lastIndex;
    }
    text(line.slice(at));
  }
  function markdown(source) {
    var box = document.createDocumentFragment();
    blocks(source).forEach(function (b) {
      function fill(parent, line) {
        inline(line, function (t) { if (t) parent.appendChild(document.createTextNode(t)); },
          function (t) { parent.appendChild(el("strong", null, t)); },
          function (t, u) { parent.appendChild(el("a", { href: u, target: "_blank", rel: "nofollow noopener noreferrer" }, t)); });
      }
      if (b.kind === "p") {
        var p = el("p");
        b.lines.forEach(function (l, i) { if (i) p.appendChild(el("br")); fill(p, l); });
        box.appendChild(p);
      } else {
        box.appendChild(el(b.kind, null, b.lines.map(function (l) { var li = el("li"); fill(li, l); return li; })));
      }
    });
    return box;
  }
  /** Markdown.toPlainText: what the chat sends. */
  function plainText(source) {
    return blocks(source).map(function (b) {
      return b.lines.map(function (l, i) {
        var s = b.kind === "ul" ? "• " : b.kind === "ol" ? (i + 1) + ". " : "";
        inline(l, function (t) { s += t; }, function (t) { s += t; }, function (t, u) { s += t + "（" + u + "）"; });
        return s;
      }).join("\n");
    }).join("\n\n");
  }

  function questionLines(text) {
    return text.split(/\r?\n/).map(function (q) { return q.replace(/^\s*问\s*[:：]\s*/, "").trim(); })
      .filter(function (q) { return q; });
  }

  /** An entry (id), a new one (id null), or a new text for a file that was left out (id null, fix: its id). */
  function editView(id, fix) {
    var main = clear($("main"));
    var isNew = id === null;
    var g = generation;
    main.appendChild(el("p", { "class": "kb-back" }, el("a", { href: "#/", id: "kbBack" }, "← 返回知识库")));
    if (isNew) { form({ id: fix, title: "", questions: [], answer: "" }); return; }
    main.appendChild(el("p", { "class": "muted" }, "正在加载…"));
    request("GET", "/api/knowledge/" + encodeURIComponent(id)).then(function (e) {
      if (g === generation && location.hash === "#/e/" + encodeURIComponent(id)) { main.lastChild.remove(); form(e); }
    }).catch(function (e) { main.lastChild.remove(); main.appendChild(alertBox(e.message)); });

    function form(e) {
      var ro = readOnlyReason();
      var errors = {};
      function field(name, label, control, hint) {
        errors[name] = el("div", { "class": "field-error", id: "err-" + name, role: "alert", hidden: true });
        return el("label", { "class": "field kb-field", "for": control.id }, el("span", null, label), control,
          hint ? el("span", { "class": "small muted" }, hint) : null, errors[name]);
      }
      var idIn = el("input", { type: "text", id: "kbId", value: e.id, readonly: !isNew || !!fix || !!ro, autocomplete: "off",
        autocapitalize: "off", spellcheck: "false", placeholder: "如 pool-hours" });
      var title = el("input", { type: "text", id: "kbTitle", value: e.title, readonly: !!ro });
      var questions = el("textarea", { id: "kbQuestions", rows: "6", readonly: !!ro });
      questions.value = e.questions.join("\n");
      var answer = el("textarea", { id: "kbAnswer", rows: "10", readonly: !!ro });
      answer.value = e.answer;
      var counts = { title: el("span", { "class": "small muted" }), answer: el("span", { "class": "small muted" }),
        questions: el("span", { "class": "small muted" }) };
      var preview = el("div", { "class": "kb-preview", id: "kbPreview" });
      var chatText = el("div", { "class": "kb-chat-text", id: "kbChatText" });
      var msg = el("div", { id: "kbMsg" });
      var heading = el("h1", null, fix ? "重写没有载入的文件" : isNew ? "新建条目" : e.title);
      var problem = fix ? (kb.problems || []).filter(function (p) { return p.indexOf(fix + ".md: ") === 0; })[0] : "";

      function refresh() {
        var qs = questionLines(questions.value);
        counts.title.textContent = title.value.trim().length + " / " + MAX.title + " 字";
        counts.answer.textContent = answer.value.trim().length + " / " + MAX.answer + " 字";
        counts.questions.textContent = qs.length + " / " + MAX.questions + " 个问法，每个不超过 " + MAX.question + " 字";
        clear(preview).appendChild(el("div", { "class": "kb-preview-title" }, "【" + (title.value.trim() || "标题") + "】"));
        preview.appendChild(markdown(answer.value));
        chatText.textContent = "【" + (title.value.trim() || "标题") + "】\n" + plainText(answer.value);
      }
      function showError(name, text) {
        var box = errors[name];
        if (!box) { msg.appendChild(alertBox(text)); return; }
        box.textContent = text;
        box.hidden = false;
        ({ id: idIn, title: title, questions: questions, answer: answer })[name].setAttribute("aria-invalid", "true");
      }
      function clearErrors() {
        clear(msg);
        Object.keys(errors).forEach(function (k) { errors[k].hidden = true; errors[k].textContent = ""; });
        [idIn, title, questions, answer].forEach(function (c) { c.removeAttribute("aria-invalid"); });
      }
      [title, questions, answer].forEach(function (c) { c.addEventListener("input", refresh); });
      refresh();
      function snapshot() { return JSON.stringify([idIn.value, title.value, questions.value, answer.value]); }
      var baseline = snapshot();
      dirty = function () { return !ro && snapshot() !== baseline; };

      var save = el("button", { type: "submit", id: "kbSave" }, "保存");
      var del = el("button", { type: "button", "class": "danger", id: "kbDelete" }, "删除");
      var confirmBox = el("div", { "class": "kb-confirm", id: "kbConfirm", hidden: true, role: "alertdialog" },
        el("p", null, fix ? "确定删除没有载入的文件 " + fix + ".md 吗？此操作不能撤销。"
          : "确定删除「" + e.title + "」吗？将删除文件 " + e.id + ".md，居民马上就查不到这一条了。此操作不能撤销。"),
        el("div", { "class": "form-buttons" },
          el("button", { type: "button", "class": "danger", id: "kbDeleteYes", onclick: function () {
            this.disabled = true;
            var yes = this;
            request("DELETE", "/api/knowledge/" + encodeURIComponent(e.id)).then(function () {
              baseline = snapshot();
              return reloadList();
            }).then(function () {
              flash = fix ? "已删除文件 " + fix + ".md" : "已删除「" + e.title + "」";
              location.hash = "#/";
            }).catch(function (err) {
              yes.disabled = false;
              confirmBox.hidden = true;
              if (err.status === 401) { login(err.message); return; }
              msg.appendChild(alertBox(err.message));
            });
          } }, "确认删除"),
          el("button", { type: "button", "class": "ghost", id: "kbDeleteNo", onclick: function () { confirmBox.hidden = true; } }, "取消")));
      del.addEventListener("click", function () { confirmBox.hidden = false; });

      var f = el("form", { "class": "card kb-form", id: "kbForm", novalidate: true, onsubmit: function (ev) {
        ev.preventDefault();
        if (ro) return;
        clearErrors();
        var newId = idIn.value.trim();
        // the id names the file and the address: checked here like the server does; the rest the server checks
        if (isNew && !ID.test(newId)) {
          showError("id", newId ? zhReason("1-64 letters") : "必填：请给条目起一个编号（字母、数字、- 或 _）");
          idIn.focus();
          return;
        }
        var body = { title: title.value, questions: questionLines(questions.value), answer: answer.value };
        save.disabled = true;
        // a new entry never replaces a file of the same name (the server answers 412); a rewrite of a bad file does
        request("PUT", "/api/knowledge/" + encodeURIComponent(newId), body, isNew && !fix ? { "If-None-Match": "*" } : undefined)
          .then(function (saved) {
            return reloadList().then(function () { return saved; });
          }).then(function (saved) {
            save.disabled = false;
            baseline = snapshot();
            if (isNew) {
              flash = (fix ? "已重写 " + fix + ".md「" : "已新建「") + saved.title + "」，已生效：居民现在就能问到。";
              location.hash = "#/e/" + encodeURIComponent(saved.id);
              return;
            }
            heading.textContent = saved.title;
            title.value = saved.title;
            questions.value = saved.questions.join("\n");
            answer.value = saved.answer;
            refresh();
            baseline = snapshot();
            msg.appendChild(alertBox("已保存，已生效：居民再问就会得到新的回答。", "ok", "kbSaved"));
          }).catch(function (err) {
            save.disabled = false;
            if (err.status === 401) { login(err.message); return; }
            var fe = fieldError(err.body && err.body.error);
            if ((err.status === 400 || err.status === 412) && fe.field && errors[fe.field]) {
              showError(fe.field, fe.text);
              ({ id: idIn, title: title, questions: questions, answer: answer })[fe.field].focus();
            } else {
              msg.appendChild(alertBox(err.message));
            }
          });
      } },
        ro ? alertBox(ro, "info", "kbReadonly") : null,
        fix ? alertBox("文件 " + fix + ".md 没有载入" + (problem ? "：" + zhProblem(problem).replace(fix + ".md：", "") : "") +
          "。原文请在知识库目录里查看；在这里保存会用新内容替换这个文件。", "info", "kbFixNote") : null,
        field("id", "编号（文件名）", idIn, isNew && !fix ? "只能用字母、数字、- 和 _，以字母或数字开头，最长 64 个字符；保存后不能修改" : e.id + ".md"),
        field("title", "标题", title, counts.title),
        field("questions", "其他问法（每行一个）", questions, counts.questions),
        field("answer", "答案（最后一行写明依据的公开规定）", answer, counts.answer),
        el("div", { "class": "kb-preview-box" }, el("h2", null, "预览"),
          el("div", { "class": "small muted" }, "答案支持 **加粗**、“- ”列表、“1. ”编号和 [文字](网址) 链接。"), preview,
          el("div", { "class": "small muted kb-chat-label" }, "居民在聊天里收到的文字（纯文本：加粗不显示符号，链接写成“文字（网址）”）："),
          chatText),
        msg,
        ro ? null : el("div", { "class": "form-buttons" }, save, isNew && !fix ? null : del),
        ro || (isNew && !fix) ? null : confirmBox);
      append(main, flashBox());
      main.appendChild(heading);
      main.appendChild(f);
      if (isNew) (fix ? title : idIn).focus();
    }
  }

  C.onLogout(function () {
    me = null; kb = null; dirty = null;
    login("");
  });
  window.addEventListener("hashchange", function () {
    if (dirty && dirty() && !window.confirm("有未保存的修改，确定离开吗？")) {
      history.replaceState(null, "", here);
      return;
    }
    dirty = null;
    here = location.hash;
    generation++;
    route();
  });
  window.addEventListener("beforeunload", function (ev) {
    if (dirty && dirty()) { ev.preventDefault(); ev.returnValue = ""; }
  });
  start();
})();
