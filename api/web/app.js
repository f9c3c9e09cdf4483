/* 依据 Yiju — single-page UI for the three users (officer, legal reviewer, planner).
 *
 * No dependencies, no build step.  All API text goes into the page through
 * textContent; the only markup taken from the API is <em> in search snippets,
 * rebuilt as DOM nodes by `highlighted()`.
 */
"use strict";

(() => {
  // ---------------------------------------------------------------- helpers

  const $ = (sel, root = document) => root.querySelector(sel);

  /** Build an element.  attrs: class, text, on<Event>, data-*, aria-*, boolean and string props. */
  function h(tag, attrs, ...children) {
    const el = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === null || v === undefined || v === false) continue;
      if (k === "class") el.className = v;
      else if (k === "text") el.textContent = String(v);
      else if (k.startsWith("on") && typeof v === "function") el.addEventListener(k.slice(2), v);
      else if (k === "hidden" || k === "open" || k === "disabled") el[k] = Boolean(v);
      else el.setAttribute(k, v === true ? "" : String(v));
    }
    append(el, children);
    return el;
  }

  function append(el, children) {
    for (const c of children.flat(Infinity)) {
      if (c === null || c === undefined || c === false || c === "") continue;
      el.append(c instanceof Node ? c : document.createTextNode(String(c)));
    }
    return el;
  }

  function clear(el) {
    while (el.firstChild) el.firstChild.remove();
    return el;
  }

  const ENTITIES = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: "\u00a0" };

  /** Undo the HTML escaping the API applies to snippet text (the result only ever goes to text nodes). */
  function unescapeEntities(s) {
    return s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (m, code) => {
      if (code[0] === "#") {
        const n = code[1] === "x" || code[1] === "X" ? parseInt(code.slice(2), 16) : parseInt(code.slice(1), 10);
        return Number.isFinite(n) && n > 0 && n <= 0x10ffff ? String.fromCodePoint(n) : m;
      }
      return Object.prototype.hasOwnProperty.call(ENTITIES, code.toLowerCase()) ? ENTITIES[code.toLowerCase()] : m;
    });
  }

  /** A snippet with <em> highlights as DOM: only <em> survives, everything else is text. */
  function highlighted(snippet) {
    const frag = document.createDocumentFragment();
    let em = null;
    for (const part of String(snippet ?? "").split(/(<\/?em\s*>)/i)) {
      if (/^<em\s*>$/i.test(part)) {
        if (!em) { em = document.createElement("em"); frag.append(em); }
      } else if (/^<\/em\s*>$/i.test(part)) {
        em = null;
      } else if (part) {
        (em || frag).append(document.createTextNode(unescapeEntities(part)));
      }
    }
    return frag;
  }

  const DIGITS = "零一二三四五六七八九";

  /** 1 → 一, 18 → 十八, 105 → 一百零五 (as in article labels). */
  function cnNumber(n) {
    if (!(n > 0 && n < 100000)) return String(n);
    const units = [[10000, "万"], [1000, "千"], [100, "百"], [10, "十"], [1, ""]];
    let out = "";
    let zero = false;
    for (const [value, unit] of units) {
      const d = value === 10000 ? Math.floor(n / value) : Math.floor(n / value) % 10;
      if (d === 0) { if (out) zero = true; continue; }
      if (zero) { out += "零"; zero = false; }
      if (!(d === 1 && unit === "十" && !out)) out += DIGITS[d];
      out += unit;
    }
    return out;
  }

  const PID_RE = /^([^@/]+)(?:@(\d{4}-\d{2}-\d{2}))?\/art_(\d+)(?:-(\d+))?(?:\/para_(\d+))?(?:\/item_(\d+))?(?:\/sub_(\d+))?$/;

  /** "城乡规划法@2019-04-23/art_64/para_1" → {statute, version, label: "第六十四条第一款"} */
  function parsePid(pid) {
    const m = PID_RE.exec(String(pid || "").trim());
    if (!m) return null;
    const [, statute, version, art, suffix, para, item, sub] = m;
    let label = `第${cnNumber(+art)}条` + (suffix ? `之${cnNumber(+suffix)}` : "");
    if (para) label += `第${cnNumber(+para)}款`;
    if (item) label += `第（${cnNumber(+item)}）项`;
    if (sub) label += `第${sub}目`;
    return { statute, version: version || null, label, rest: pid.slice(pid.indexOf("/") + 1) };
  }

  function pidText(pid) {
    const p = parsePid(pid);
    return p ? `${p.statute} ${p.label}` : String(pid);
  }

  function pidPath(pid) {
    return String(pid).split("/").map(encodeURIComponent).join("/");
  }

  const isPid = (v) => typeof v === "string" && PID_RE.test(v);

  const join = (list, sep = "、") => (list || []).filter((x) => x !== null && x !== undefined && x !== "").join(sep);
  const period = (from, to) => (from || to ? `${from || "…"} 至 ${to || "今"}` : "未注明");

  // ---------------------------------------------------------------- the API

  class ApiError extends Error {
    constructor(message, code, status) {
      super(message);
      this.code = code;
      this.status = status;
    }
  }

  function apiUrl(path, params) {
    const url = new URL(path, location.origin);
    for (const [k, v] of Object.entries(params || {})) {
      if (v !== null && v !== undefined && String(v).trim() !== "") url.searchParams.set(k, String(v).trim());
    }
    return url;
  }

  async function request(url, signal) {
    let res;
    try {
      res = await fetch(url, { signal, headers: { Accept: "application/json" } });
    } catch (e) {
      if (e.name === "AbortError") throw e;
      throw new ApiError("无法连接服务器，请检查网络后重试", "NETWORK", 0);
    }
    if (res.ok) return res;
    let body = null;
    try { body = await res.json(); } catch (_) { /* not JSON */ }
    const err = body && body.error;
    const message = (err && err.message) || (body && typeof body.detail === "string" && res.status === 404
      ? "未找到请求的资源" : `服务器返回错误（HTTP ${res.status}）`);
    throw new ApiError(message, err && err.code, res.status);
  }

  async function api(path, params, signal) {
    const res = await request(apiUrl(path, params), signal);
    try {
      return await res.json();
    } catch (e) {
      if (e.name === "AbortError") throw e;
      throw new ApiError("服务器返回的数据无法解析", "BAD_RESPONSE", res.status);
    }
  }

  // ------------------------------------------------------- alerts and loading

  function showAlert(name, message) {
    const el = $(`#${name}-alert`);
    if (!el) return;
    clear(el);
    el.append(h("strong", { text: "出错了：" }), document.createTextNode(message));
    el.hidden = false;
  }

  function hideAlert(name) {
    const el = $(`#${name}-alert`);
    if (el) { el.hidden = true; clear(el); }
  }

  const controllers = {};

  /** Run one request for an area: abort the previous one, show loading, report errors in the area's alert. */
  async function task(name, loadingText, fn) {
    if (controllers[name]) controllers[name].abort();
    const ctrl = new AbortController();
    controllers[name] = ctrl;
    const status = $(`#${name}-status`);
    const area = $(`#${name}-result`) || $(`#${name}-results`) || $(`#${name}-body`);
    hideAlert(name);
    if (status) { status.textContent = loadingText; status.classList.add("loading"); }
    if (area) area.setAttribute("aria-busy", "true");
    try {
      await fn(ctrl.signal);
      if (status && controllers[name] === ctrl) status.textContent = "";
    } catch (e) {
      if (e.name === "AbortError") return;
      if (controllers[name] === ctrl) {
        if (status) status.textContent = "";
        showAlert(name, e instanceof ApiError ? e.message : "页面出现意外错误，请刷新后重试");
        if (!(e instanceof ApiError)) setTimeout(() => { throw e; }); // keep real bugs visible to developers
      }
    } finally {
      if (controllers[name] === ctrl) {
        if (status) status.classList.remove("loading");
        if (area) area.removeAttribute("aria-busy");
        delete controllers[name];
      }
    }
  }

  // ----------------------------------------------------------- shared lookups

  const cache = { townships: null, townshipNames: new Map(), items: null };

  /** Townships for the pickers and for key → name; fetched once (a failure leaves the pickers empty). */
  function loadTownships() {
    cache.townships = cache.townships || api("/townships").then((list) => {
      const dl = clear($("#township-list"));
      const regions = new Set();
      for (const t of list) {
        cache.townshipNames.set(t.key, t.name);
        dl.append(h("option", { value: t.name, label: join([t.region, t.items ? `${t.items} 项` : ""], " · ") }));
        if (t.region) regions.add(t.region);
      }
      const rl = clear($("#region-list"));
      for (const r of [...regions].sort()) rl.append(h("option", { value: r }));
      return list;
    }, () => []);
    return cache.townships;
  }

  /** Item codes and domains for the pickers; fetched once, when the review or plan tab opens. */
  function loadItems() {
    cache.items = cache.items || api("/items", { limit: 1000 }).then((data) => {
      const il = clear($("#item-list"));
      const domains = new Set();
      for (const it of data.items || []) {
        il.append(h("option", { value: it.code || it.key, label: it.name }));
        if (it.domain) domains.add(it.domain);
      }
      const dl = clear($("#domain-list"));
      for (const d of [...domains].sort()) dl.append(h("option", { value: d }));
      return data.items || [];
    }, () => []);
    return cache.items;
  }

  const townshipName = (key) => cache.townshipNames.get(key) || key;
  const sameTownship = (key, chosen) => !!chosen && (key === chosen || townshipName(key) === chosen);

  /** "20261207T024606.628936337-90a6" (UTC) → "2026/12/07 10:46" in the reader's time zone. */
  function generationTime(id) {
    const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})/.exec(id || "");
    if (!m) return null;
    const d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]));
    return d.toLocaleString("zh-CN", { year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", hour12: false });
  }

  // ------------------------------------------------------ my township and region

  const PREFS_KEY = "yiju.prefs";
  const prefs = (() => {
    try { return JSON.parse(localStorage.getItem(PREFS_KEY)) || {}; } catch (_) { return {}; }
  })();

  /** Remember the user's township and region (this browser only) and show them in the header. */
  function setPrefs(next) {
    prefs.township = String(next.township ?? prefs.township ?? "").trim();
    prefs.region = String(next.region ?? prefs.region ?? "").trim();
    try { localStorage.setItem(PREFS_KEY, JSON.stringify({ township: prefs.township, region: prefs.region })); } catch (_) { /* private mode */ }
    $("#pref-township").value = prefs.township;
    $("#pref-region").value = prefs.region;
  }

  async function onPrefChange(ev) {
    const f = $("#prefs").elements;
    const township = f.township.value.trim();
    let region = f.region.value.trim();
    if (ev.target === f.township && township) {
      const t = (await loadTownships()).find((x) => x.name === township || x.key === township);
      if (t && t.region) region = t.region; // a township's region comes with it
    }
    setPrefs({ township, region });
    const sp = state.params.search;
    if (state.tab === "search" && sp.q) navigate("search", { ...sp, township, region, p: "" }, { force: ["search"] });
  }

  async function loadHealth() {
    const el = $("#health");
    try {
      const hz = await api("/healthz");
      el.className = "health";
      const when = generationTime(hz.generation);
      el.textContent = `${when ? `数据更新于 ${when}` : "数据已载入"} · 法规 ${hz.statutes} 部 · 条文 ${hz.provisions} 条 · 事项 ${hz.items} 项`;
      if (hz.generation) el.title = `数据版本 ${hz.generation}`;
    } catch (e) {
      el.className = "health warn";
      el.textContent = e.message;
    }
  }

  // ------------------------------------------------------------ small widgets

  const LEVELS = ["宪法", "法律", "行政法规", "地方性法规", "部门规章", "地方政府规章", "司法解释", "其他"];

  function levelBadge(level) {
    if (!level) return null;
    const i = LEVELS.indexOf(level);
    return h("span", { class: `badge level level-${i < 0 ? 7 : i}`, text: level });
  }

  function roleBadge(role) {
    if (!role) return null;
    const cls = { 罚则: "role-penalty", 违则: "role-violated", 事项: "role-item" }[role] || "role-plain";
    return h("span", { class: `badge ${cls}`, text: role });
  }

  function badge(text, cls = "") {
    return text ? h("span", { class: `badge ${cls}`.trim(), text }) : null;
  }

  function flag(ok, yes, no, unknown = "未知") {
    if (ok === null || ok === undefined) return h("span", { class: "flag unknown", text: unknown });
    return h("span", { class: `flag ${ok ? "ok" : "bad"}`, text: ok ? yes : no });
  }

  function kv(pairs) {
    const dl = h("dl", { class: "kv" });
    for (const [k, v] of pairs) {
      if (v === null || v === undefined || v === "" || (Array.isArray(v) && !v.length)) continue;
      dl.append(h("dt", { text: k }), h("dd", {}, v));
    }
    return dl;
  }

  function textBlock(text, cls = "law-text") {
    return h("div", { class: cls, text: text || "" });
  }

  const CN_DIGIT = { 零: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };

  /** 二十七 → 27, 一百零五 → 105, 十 → 10 (article numbers). */
  function cnToInt(s) {
    let total = 0;
    let digit = 0;
    for (const ch of s) {
      if (ch in CN_DIGIT) digit = CN_DIGIT[ch];
      else {
        const unit = { 十: 10, 百: 100, 千: 1000 }[ch];
        if (!unit) return null;
        total += (digit || 1) * unit;
        digit = 0;
      }
    }
    return total + digit;
  }

  const CITATION_RE = /(《([^》]{2,60})》|本法|本条例|本办法|本规定|本细则|本决定)第([零一二两三四五六七八九十百千]+)条(之([一二三四五六七八九十]+))?/g;

  /** Law text with its article citations as links into the statute browser: 《…》第X条 to that statute,
   * 本法（本条例…）第X条 to this version.  A bare 第X条 stays text: what it refers to is not certain. */
  function citedText(text, statuteKey, version) {
    const frag = document.createDocumentFragment();
    let last = 0;
    for (const m of String(text || "").matchAll(CITATION_RE)) {
      const n = cnToInt(m[3]);
      if (n === null || n <= 0) continue;
      const art = `art_${n}${m[5] ? `-${cnToInt(m[5])}` : ""}`;
      const other = m[2];
      const href = other
        ? makeHash("statutes", { s: other, a: `${other}/${art}` })
        : makeHash("statutes", { s: statuteKey, v: version, a: `${statuteKey}${version ? `@${version}` : ""}/${art}` });
      frag.append(text.slice(last, m.index), h("a", { class: "cite-link", href, text: m[0] }));
      last = m.index + m[0].length;
    }
    frag.append(text.slice(last));
    return frag;
  }

  /** A link to a provision: in the review tab it opens the inline viewer, elsewhere the dialog. */
  function provisionLink(pid, label) {
    const tab = state.tab;
    return h("a", {
      class: "plink", href: makeHash(tab, { ...state.params[tab], p: pid }), "data-pid": pid,
      text: label || pidText(pid),
      onclick: (ev) => {
        if (ev.button !== 0 || ev.metaKey || ev.ctrlKey || ev.shiftKey) return;
        ev.preventDefault();
        if (state.tab === "review") {
          navigate("review", { ...state.params.review, p: pid }, { force: ["review-provision"] });
          $("#provision-form").scrollIntoView({ behavior: "smooth", block: "start" });
        } else {
          openProvisionDialog(pid);
        }
      },
    });
  }

  // ------------------------------------------------------------------ routing

  const TABS = ["search", "review", "statutes", "plan"];
  const FIELDS = {
    search: ["q", "region", "level", "as_of", "township", "p"],
    statutes: ["sq", "slevel", "page", "s", "v", "cmp", "a", "p"],
    review: ["township", "item", "provision", "q", "date", "p", "p_as_of"],
    plan: ["report", "region", "township", "domain", "as_of", "p"],
  };
  const state = { tab: "search", params: { search: {}, review: {}, statutes: {}, plan: {} }, ran: {} };

  function makeHash(tab, params) {
    const qs = new URLSearchParams();
    for (const k of FIELDS[tab]) if (params[k]) qs.set(k, params[k]);
    const s = qs.toString();
    return `#${tab}${s ? "?" + s : ""}`;
  }

  function parseHash() {
    const raw = location.hash.replace(/^#\/?/, "");
    const i = raw.indexOf("?");
    const name = i < 0 ? raw : raw.slice(0, i);
    const tab = TABS.includes(name) ? name : "search";
    const qs = new URLSearchParams(i < 0 ? "" : raw.slice(i + 1));
    const params = {};
    for (const k of FIELDS[tab]) { const v = qs.get(k); if (v) params[k] = v; }
    return { tab, params };
  }

  /** Go to a tab with params; `force` lists the areas to run again even if their inputs are unchanged. */
  function navigate(tab, params, { force = [] } = {}) {
    const hash = makeHash(tab, params);
    for (const area of force) delete state.ran[area];
    if (location.hash === hash) route();
    else location.hash = hash;
  }

  function replaceHash(tab, params) {
    history.replaceState(null, "", makeHash(tab, params));
    state.params[tab] = { ...params };
  }

  function selectTab(tab) {
    state.tab = tab;
    for (const btn of document.querySelectorAll('[role="tab"]')) {
      const on = btn.dataset.tab === tab;
      btn.setAttribute("aria-selected", String(on));
      btn.tabIndex = on ? 0 : -1;
    }
    for (const panel of document.querySelectorAll('[role="tabpanel"]')) panel.hidden = panel.dataset.panel !== tab;
    if (tab !== "search") loadItems();
  }

  /** Run `fn` when the inputs of an area changed since it last ran. */
  function once(area, inputs, fn) {
    const key = JSON.stringify(inputs);
    if (state.ran[area] === key) return false;
    state.ran[area] = key;
    fn();
    return true;
  }

  function route() {
    const { tab, params } = parseHash();
    state.params[tab] = params;
    selectTab(tab);
    if (tab === "search") routeSearch(params);
    else if (tab === "review") routeReview(params);
    else if (tab === "statutes") routeStatutes(params);
    else routePlan(params);
    if (tab !== "review" && params.p) openProvisionDialog(params.p, false);
    else if ($("#provision-dialog").open) closeDialog(false);
  }

  function fillForm(form, values) {
    for (const [name, value] of Object.entries(values)) {
      const el = form.elements.namedItem(name);
      if (el && !(el instanceof RadioNodeList)) el.value = value || "";
    }
  }

  // ---------------------------------------------------------------- 执法检索

  function routeSearch(p) {
    const form = $("#search-form");
    // a link that names a township or region chooses it (and the header remembers it)
    if ((p.township && p.township !== prefs.township) || (p.region && p.region !== prefs.region)) {
      setPrefs({ township: p.township || prefs.township, region: p.region || (p.township ? "" : prefs.region) });
    }
    const eff = { ...p, township: p.township || prefs.township, region: p.region || prefs.region };
    fillForm(form, { q: p.q, as_of: p.as_of, level: p.level });
    if (p.as_of || p.level) $("#search-more").open = true;
    if (p.q) once("search", [eff.q, eff.region, eff.level, eff.as_of, eff.township], () => runSearch(eff));
  }

  function submitSearch(ev) {
    ev.preventDefault();
    const f = ev.target.elements;
    const q = f.q.value.trim();
    if (!q) {
      clear($("#search-results"));
      showAlert("search", "请输入违法行为描述，如：有人在人行道上摆摊");
      f.q.focus();
      return;
    }
    navigate("search", { q, region: prefs.region, level: f.level.value, as_of: f.as_of.value, township: prefs.township },
      { force: ["search"] });
  }

  const SEARCH_LIMIT = 10;

  function runSearch(p) {
    const out = $("#search-results");
    return task("search", "正在检索…", async (signal) => {
      const towns = await loadTownships();
      if (p.township && !p.region) { // a township's region comes with it (a link may name the township only)
        const t = towns.find((x) => x.name === p.township || x.key === p.township);
        if (t && t.region) {
          p = { ...p, region: t.region };
          if (!prefs.region) setPrefs({ region: t.region });
        }
      }
      const data = await api("/search", { q: p.q, region: p.region, level: p.level, as_of: p.as_of, limit: SEARCH_LIMIT }, signal);
      clear(out);
      renderSearch(out, data, p);
    });
  }

  function renderSearch(out, data, p) {
    const hits = data.hits || [];
    if (!hits.length) {
      const box = h("div", { class: "notice empty" },
        h("p", { class: "notice-title", text: data.message || "没有找到相关的法律依据" }));
      if (data.suggestions && data.suggestions.length) {
        box.append(h("p", { text: "您可以试试：" }), h("div", { class: "chips" }, data.suggestions.map((s) =>
          h("button", { type: "button", class: "chip", text: s,
            onclick: () => navigate("search", { ...p, q: s, p: "" }) }))));
      }
      out.append(box);
      return;
    }
    const head = h("p", { class: "summary" },
      hits.length >= SEARCH_LIMIT ? `最相关的 ${hits.length} 条结果` : `共 ${hits.length} 条结果`,
      p.township ? `；我的乡镇：${p.township}，其职权排在最前，可一键核查` : "；在页首选择乡镇后，可看到本乡镇的职权并一键核查");
    const exportUrl = (format) => apiUrl("/answers/export", { q: p.q, format, region: p.region, level: p.level,
      township: p.township, as_of: p.as_of, limit: SEARCH_LIMIT }).toString();
    const fname = (ext) => `检索结果_${p.q.slice(0, 20).replace(/[\\/:*?"<>|\s]+/g, "_")}.${ext}`;
    out.append(h("div", { class: "report-head results-head" }, head, h("div", { class: "downloads" },
      downloadLink(exportUrl("docx"), fname("docx"), "导出 Word", "search"),
      downloadLink(exportUrl("xlsx"), fname("xlsx"), "导出 Excel", "search"))));
    if (data.message) out.append(h("div", { class: "notice", text: data.message }));
    const understood = understoodBox(data.interpreted);
    if (understood) out.append(understood);
    if (data.suggestions && data.suggestions.length) {
      out.append(h("div", { class: "chips related" }, h("span", { text: "相关检索：" }), data.suggestions.map((s) =>
        h("button", { type: "button", class: "chip", text: s,
          onclick: () => navigate("search", { ...p, q: s, p: "" }) }))));
    }
    const seenPairs = new Set();
    const groups = (data.groups || []).filter((g) => {
      if (!g.penalty || !(g.violated || []).length) return false;
      const key = [g.penalty.provision_id, ...g.violated.map((v) => v.provision_id)].join("|");
      if (seenPairs.has(key)) return false;
      seenPairs.add(key);
      return true;
    });
    if (groups.length) {
      out.append(h("details", { class: "card groups" },
        h("summary", { text: `违则—罚则配对（${groups.length}）` }),
        h("ul", {}, groups.map((g) => h("li", {},
          provisionLink(g.penalty.provision_id, `${g.penalty.statute_title} ${g.penalty.article}`), "（罚则）← 违反 ",
          g.violated.map((v, i) => [i ? "、" : "", provisionLink(v.provision_id, `${v.article}`)]))))));
    }
    const list = h("ol", { class: "hits" });
    hits.forEach((hit, i) => list.append(h("li", {}, hitCard(hit, i, p))));
    out.append(list);
  }

  // how the question was read (api.cli_text.UNDERSTOOD_LABELS): the everyday words mapped to statute words and
  // the learned associations the shown hits hold, so that a reader sees why an article without the question's words came
  const UNDERSTOOD = [["region", "地区"], ["statutes", "法规"], ["article", "条号"], ["synonyms", "常用说法"],
    ["thesaurus", "法规用词"], ["associations", "学习联想"], ["asked", "常问指向"]];

  function understoodBox(interp) {
    const rows = UNDERSTOOD.filter(([k]) => interp && interp[k] && interp[k].length)
      .map(([k, label]) => h("li", {}, h("strong", { text: `${label}：` }),
        Array.isArray(interp[k]) ? interp[k].join("、") : String(interp[k])));
    if (!rows.length) return null;
    return h("details", { class: "understood small" }, h("summary", { text: "检索理解" }), h("ul", {}, rows),
      interp.associations || interp.asked
        ? h("p", { class: "muted", text: "学习联想与常问指向来自已标注的执法问法，只用于扩大候选范围和排序，不是法律依据。" }) : null);
  }

  function hitCard(hit, i, p) {
    const isItem = hit.kind === "item";
    const role = hit.role || (isItem ? "事项" : hit.is_penalty ? "罚则" : (hit.penalized_by || []).length ? "违则" : null);
    const title = isItem
      ? h("span", { class: "hit-title" }, hit.item_code ? h("code", { text: hit.item_code }) : null, " ", hit.item_name || hit.statute_title)
      : provisionLink(hit.provision_id, `${hit.statute_title} ${hit.article}`);
    const card = h("article", { class: "card hit", "aria-labelledby": `hit-${i}` },
      h("header", {},
        h("h3", { id: `hit-${i}` }, title),
        h("div", { class: "badges" }, roleBadge(role), isItem ? null : levelBadge(hit.level),
          badge(hit.region, "region"), hit.version ? badge(`${hit.version} 版`, "version") : null,
          hit.status ? h("span", { class: `badge status ${STATUS_CLASS[hit.status] || ""}`.trim(), text: hit.status, title: hit.status_basis || null }) : null,
          isItem && hit.department ? badge(hit.department, "dept") : null)),
      isItem ? null : citeLine(hitCitation(hit), hit.statute_key, hit.provision_id),
      h("p", { class: "snippet" }, highlighted(hit.snippet || hit.text || "")));
    const associated = (hit.why || []).filter((w) => w.startsWith("联想："));
    if (associated.length) card.append(h("p", { class: "muted small", text: `学习联想：${associated.map((w) => w.slice(3)).join("、")}` }));
    const asked = (hit.why || []).filter((w) => w.startsWith("常问："));
    if (asked.length) card.append(h("p", { class: "muted small", text: `常问指向：已标注的执法问法中，含“${asked[0].slice(3).split("、").join("”“")}”的问题常以本条为依据` }));
    if (hit.text && hit.text !== hit.snippet && !(isItem && hit.text === hit.item_name)) {
      card.append(h("details", { class: "fulltext" }, h("summary", { text: isItem ? "事项详情" : "条文全文" }),
        textBlock(hit.text)));
    }
    // 违则 / 罚则 with their text, sanctions, body, items and duties come with the answer card
    card.append(answerArea(hit, p));

    if (p.township) {
      const result = h("div", { class: "check-result" });
      const status = h("div", { class: "status", "aria-live": "polite" });
      const btn = h("button", {
        type: "button", class: "check-btn",
        text: `职权核查：${p.township}是否有权处罚`,
        onclick: () => inlineCheck(btn, status, result, isItem ? { item: hit.provision_id } : { provision: hit.provision_id }, p),
      });
      card.append(h("div", { class: "actions" }, btn), status, result);
    }
    return card;
  }

  function townshipsLine(towns, chosen) {
    const held = towns.some((t) => sameTownship(t, chosen));
    return h("p", { class: "towns" }, h("span", { class: "plabel", text: "承接乡镇：" }),
      towns.map((t, j) => [j ? "、" : "", sameTownship(t, chosen) ? h("mark", { text: townshipName(t) }) : townshipName(t)]),
      chosen && !held ? h("span", { class: "muted", text: `（不含${chosen}）` }) : null);
  }

  function itemsBlock(items, chosen) {
    return h("div", { class: "items" },
      h("p", { class: "plabel", text: `引用本条的执法事项（${items.length}）：` }),
      h("ul", {}, items.map((it) => h("li", {},
        it.code ? h("code", { text: it.code }) : null, " ", h("span", { text: it.name }),
        it.role ? h("span", { class: "muted", text: `（${it.role}）` }) : null,
        (it.townships || []).length ? townshipsLine(it.townships, chosen)
          : h("p", { class: "towns muted", text: "承接乡镇：无（由原实施部门行使）" })))));
  }

  async function inlineCheck(btn, status, out, target, p) {
    btn.disabled = true;
    status.textContent = "正在核查职权…";
    status.classList.add("loading");
    clear(out);
    try {
      const ans = await api("/authority/check", { township: p.township, date: p.as_of, ...target });
      out.append(authorityView(ans, { compact: true }));
    } catch (e) {
      out.append(h("div", { class: "alert", role: "alert" }, h("strong", { text: "出错了：" }),
        e instanceof ApiError ? e.message : "页面出现意外错误，请刷新后重试"));
      if (!(e instanceof ApiError)) setTimeout(() => { throw e; });
    } finally {
      status.textContent = "";
      status.classList.remove("loading");
      btn.disabled = false;
    }
  }

  // ------------------------------------------------------------ answer card

  /** 《城市道路管理条例》第四十二条第（三）项, from a hit before its card arrives. */
  function hitCitation(hit) {
    const pp = parsePid(hit.provision_id);
    return `《${hit.statute_title || (pp && pp.statute) || ""}》${pp ? pp.label : hit.article || ""}`;
  }

  async function copyText(text) {
    try {
      await navigator.clipboard.writeText(text);
      return true;
    } catch (_) {
      const ta = h("textarea", { class: "sr-only", readonly: true, "aria-hidden": "true" });
      ta.value = text;
      document.body.append(ta);
      ta.select();
      let ok = false;
      try { ok = document.execCommand("copy"); } catch (_e) { ok = false; }
      ta.remove();
      return ok;
    }
  }

  /** One click copies the citation as decisions write it. */
  function copyButton(text) {
    if (!text) return null;
    const btn = h("button", {
      type: "button", class: "copy", "data-copy": text, title: `复制：${text}`, "aria-label": `复制引用 ${text}`, text: "复制引用",
      onclick: async () => {
        const ok = await copyText(text);
        btn.textContent = ok ? "已复制" : "复制失败，请手动选择";
        setTimeout(() => { btn.textContent = "复制引用"; }, 2000);
      },
    });
    return btn;
  }

  function statuteHref(key, pid) {
    const pp = parsePid(pid);
    return makeHash("statutes", { s: key || (pp && pp.statute), v: pp && pp.version, a: pid && pid.split("/").slice(0, 2).join("/") });
  }

  function citeLine(citation, statuteKey, pid) {
    return h("div", { class: "cite" },
      h("span", { class: "cite-text", text: citation }), copyButton(citation),
      h("a", { class: "slink", href: statuteHref(statuteKey, pid), text: "法规全文与版本" }));
  }

  const STATUS_CLASS = { 现行有效: "ok", 已修改: "warn", 已废止: "bad", 尚未生效: "warn" };

  /** 时效性: the status the data carries (never guessed), and the version's dates. */
  function timeBadges(x) {
    if (!x) return null;
    const status = x.status_label || x.status;
    return [
      status ? h("span", { class: `badge status ${STATUS_CLASS[status] || ""}`.trim(), text: status,
        title: join([x.status_date ? `${x.status_date} 时` : null, x.status_basis], "：") || null }) : null,
      x.version ? h("span", { class: "badge version", text: `${x.version} 版` }) : null,
      x.valid_from || x.valid_to ? h("span", { class: "muted small", text: `有效期 ${period(x.valid_from, x.valid_to)}` }) : null,
      x.status_note ? h("span", { class: "warn-text small status-note", text: x.status_note }) : null,
    ];
  }

  function answerArea(hit, p) {
    const box = h("div", { class: "answer", "aria-busy": "true" }, h("p", { class: "status loading", text: "正在整理答案…" }));
    const isItem = hit.kind === "item";
    const path = isItem ? `/answers/item/${encodeURIComponent(hit.provision_id)}` : `/answers/provision/${pidPath(hit.provision_id)}`;
    api(path, { township: p.township, date: p.as_of }).then((card) => {
      clear(box).append(answerView(card, hit, p));
    }, (e) => {
      clear(box).append(h("p", { class: "muted small", text: `答案卡无法载入：${e instanceof ApiError ? e.message : "页面出现意外错误"}` }));
    }).finally(() => box.removeAttribute("aria-busy"));
    return box;
  }

  function sideEntry(x, self) {
    return h("div", { class: "side-entry" },
      h("div", { class: "side-head" }, x.provision_id ? provisionLink(x.provision_id, x.citation) : x.citation,
        self ? h("span", { class: "muted small", text: "（本条）" }) : null, timeBadges(x), copyButton(x.citation)),
      x.missing ? h("p", { class: "warn-text small", text: x.missing }) : null,
      !self && x.text ? h("details", { class: "side-text" }, h("summary", { text: clip(x.text, 60) }), textBlock(x.text)) : null);
  }

  const clip = (t, n) => (t.length > n ? `${t.slice(0, n)}…` : t);

  function answerView(card, hit, p) {
    const wrap = h("div", { class: "answer-body" });
    if (card.missing) return append(wrap, [h("p", { class: "muted small", text: card.missing })]);
    const self = card.kind === "provision" ? { provision_id: card.provision_id, citation: card.citation, status: card.status,
      status_basis: card.status_basis, status_note: card.status_note, status_date: card.status_date,
      version: card.version, valid_from: card.valid_from, valid_to: card.valid_to } : null;
    const violated = card.role === "违则" && self ? [self] : card.violated || [];
    const penalties = card.penalties || [];
    if (card.role === "条文") {
      wrap.append(h("p", { class: "muted small", text: "本条既不是罚则，也未识别到对违反本条的处罚条文。" }));
    } else {
      wrap.append(h("div", { class: "pair" },
        h("section", { class: "side side-violated", "aria-label": "违则" }, h("h4", { text: "违则（违反的条文）" }),
          violated.length ? violated.map((x) => sideEntry(x, self && x === self)) : h("p", { class: "muted small", text: "未识别到违则" })),
        // a 处理依据 only orders (责令改正, 限期拆除 …): named as such, never as a 罚则
        h("section", { class: "side side-penalty", "aria-label": "罚则" }, h("h4", { text: penalties.length && penalties.every((x) => !(x.sanctions || []).some((s) => s.is_penalty)) ? "处理依据（责令改正等，不是行政处罚）" : "罚则（处罚的条文）" }),
          penalties.length ? penalties.map((x) => sideEntry(x, self && (card.role === "罚则" || card.role === "处理依据") && x.provision_id === card.provision_id))
            : h("p", { class: "muted small", text: "未识别到罚则" }))));
    }
    const sanctions = penalties.flatMap((x) => x.sanctions || []);
    const bodies = [...new Set(penalties.map((x) => (x.township_competent ? `${x.competent_body || "乡、镇人民政府"}（乡镇法定职权）` : x.competent_body)).filter(Boolean))];
    const facts = [];
    if (sanctions.length) {
      facts.push(["处罚种类", h("ul", { class: "sanctions" }, sanctions.map((s) => h("li", {},
        h("strong", { text: s.kind }), s.range ? h("span", { class: "range", text: s.range }) : null,
        s.is_penalty === false ? h("span", { class: "badge", title: "《行政处罚法》第九条、第二十八条：责令改正等不是行政处罚", text: "非行政处罚" }) : null,
        h("span", { class: "muted", text: `：${s.text || ""}` }))))]);
    }
    if (penalties.length) facts.push(["执法主体", bodies.length ? bodies.join("；") : "罚则未写明作出处罚的机关，由本法规的主管部门条款确定"]);
    if (self) facts.push(["时效性", timeBadges(self)]);
    if (self && self.status_basis) facts.push(["时效依据", h("span", { class: "small", text: self.status_basis })]);
    wrap.append(kv(facts));
    const items = card.items || [];
    if (items.length) wrap.append(itemCards(items, p.township));
    else if (card.role !== "条文") wrap.append(h("p", { class: "muted small", text: "目录中暂无引用本条的执法事项；乡镇是否有权须另行核查" }));
    return wrap;
  }

  const REVIEW_WORDS = { required: "需要", depends: "视情况而定", not_required: "不需要", unknown: "无法判断" };

  function reviewChips(review) {
    const list = h("ul", { class: "flags", "aria-label": "法制审核、听证与集体讨论" });
    for (const key of ["legal_review", "hearing", "collective_decision"]) {
      const r = (review || {})[key];
      if (!r) continue;
      const reasonText = (x) => `${x.reason || ""}${x.rule ? `（${x.rule}）` : ""}`;
      let why = join((r.reasons || []).map(reasonText), "；");
      const need = r.status !== "not_required";
      const text = `${r.kind}：${REVIEW_WORDS[r.status] || r.status}`;
      if (r.conditions && r.conditions.length) why = join([why, ...r.conditions], "；");
      list.append(h("li", { class: need ? "need" : "noneed", title: why || null }, text,
        why ? h("details", { class: "why" }, h("summary", { text: "依据" }), h("p", { class: "small", text: why })) : null));
    }
    for (const r of (review || {}).other || []) list.append(h("li", { class: "need", title: r.reason || null }, r.kind));
    return list;
  }

  function holdingsLine(holdings, chosen) {
    if (!holdings.length) return h("p", { class: "towns muted", text: "承接乡镇：无（由原实施部门行使）" });
    const held = holdings.some((x) => x.mine && x.in_force);
    return h("p", { class: "towns" }, h("span", { class: "plabel", text: "承接乡镇：" }),
      holdings.map((x, j) => [j ? "、" : "",
        x.mine ? h("mark", { text: x.township_name }) : x.township_name,
        h("span", { class: "muted small", text: `（${join([x.source, x.valid_from ? `自 ${x.valid_from} 起` : "起始日期未注明",
          x.valid_to ? `至 ${x.valid_to}` : null, x.in_force === false ? "该日不持有" : null, x.scope_note ? `限于：${x.scope_note}` : null], "，")}）` })]),
      chosen && !held ? h("span", { class: "muted", text: `（${chosen}不持有）` }) : null);
  }

  function itemCards(items, chosen) {
    return h("div", { class: "items" },
      h("p", { class: "plabel", text: `执法事项（${items.length}）${chosen ? `：${chosen}持有的排在最前` : ""}` }),
      h("ul", {}, items.map((it) => h("li", {},
        it.code ? h("code", { text: it.code }) : null, " ", h("span", { text: it.name }),
        it.catalog && it.catalog.title ? h("span", { class: "muted small", text: `（${join([it.catalog.title, it.catalog.doc_number], " ")}）` }) : null,
        holdingsLine(it.holdings || [], chosen),
        reviewChips(it.review),
        (it.discretion || []).length ? discretionTable(it.discretion) : null))));
  }

  function discretionTable(rules) {
    return h("details", { class: "discretion" }, h("summary", { text: `裁量基准（${rules.length} 档）` }),
      h("div", { class: "table-wrap" }, h("table", { class: "data" },
        h("thead", {}, h("tr", {}, ["档次", "情形", "处罚标准"].map((t) => h("th", { scope: "col", text: t })))),
        h("tbody", {}, rules.map((r) => h("tr", {}, h("td", { text: r.tier || "—" }), h("td", { text: r.condition || "—" }),
          h("td", { text: join([r.standard, r.range], "；") || "—" })))))));
  }

  // ---------------------------------------------------------------- 法规浏览

  const STATUTE_PAGE = 50;

  function routeStatutes(p) {
    fillForm($("#statutes-form"), { sq: p.sq, slevel: p.slevel });
    const ran = p.s
      ? once("statutes", [p.s, p.v, p.cmp], () => runStatute(p))
      : once("statutes", ["list", p.sq, p.slevel, p.page], () => runStatuteList(p));
    if (!ran && p.a) scrollToArticle(p.a);
  }

  function submitStatutes(ev) {
    ev.preventDefault();
    const f = ev.target.elements;
    navigate("statutes", { sq: f.sq.value.trim(), slevel: f.slevel.value }, { force: ["statutes"] });
  }

  function runStatuteList(p) {
    const out = $("#statutes-result");
    const page = Math.max(1, Number(p.page) || 1);
    return task("statutes", "正在查找法规…", async (signal) => {
      const data = await api("/statutes", { q: p.sq, level: p.slevel, limit: STATUTE_PAGE, offset: (page - 1) * STATUTE_PAGE }, signal);
      const pages = Math.max(1, Math.ceil(data.total / STATUTE_PAGE));
      const nav = (n, text) => h("a", { class: "button", href: makeHash("statutes", { ...p, page: n }), text });
      clear(out).append(h("section", { class: "card statute-list" },
        h("p", { class: "summary", text: `共 ${data.total} 部法规${pages > 1 ? `，第 ${page} / ${pages} 页` : ""}` }),
        data.statutes.length ? h("ul", { class: "statutes" }, data.statutes.map((st) => h("li", {},
          h("a", { href: makeHash("statutes", { s: st.key }), text: st.title }), " ", levelBadge(st.level), badge(st.region, "region"))))
          : h("p", { class: "notice", text: "没有找到名称相符的法规" }),
        pages > 1 ? h("nav", { class: "pager", "aria-label": "法规列表分页" },
          page > 1 ? nav(page - 1, "上一页") : null, page < pages ? nav(page + 1, "下一页") : null) : null));
    });
  }

  function runStatute(p) {
    const out = $("#statutes-result");
    return task("statutes", "正在载入法规…", async (signal) => {
      const key = encodeURIComponent(p.s);
      const data = await api(`/statutes/${key}/text`, { version: p.v }, signal);
      if (p.cmp) {
        const other = await api(`/statutes/${key}/text`, { version: p.cmp }, signal);
        clear(out).append(compareView(data, other, p));
      } else {
        clear(out).append(statuteView(data, p));
        if (p.a) scrollToArticle(p.a);
      }
    });
  }

  function scrollToArticle(pid) {
    const art = String(pid).split("/")[1]; // "art_27": a citation that names no version
    const el = document.getElementById(`a-${pid}`) || document.getElementById(`a-${pid.split("/").slice(0, 2).join("/")}`)
      || (art && document.querySelector(`.art[data-art="${CSS.escape(art)}"]`));
    if (!el) return;
    for (const old of document.querySelectorAll(".art.target")) old.classList.remove("target");
    el.classList.add("target");
    el.scrollIntoView({ block: "start" });
    el.focus({ preventScroll: true });
  }

  function versionStatus(v) {
    if (v.status_label || v.status) return v.status_label || v.status;
    return v.repealed ? "已废止" : null;
  }

  function versionsTable(data, p) {
    const versions = data.versions || [];
    const current = data.version.version;
    const table = h("div", { class: "table-wrap" }, h("table", { class: "data versions" },
      h("thead", {}, h("tr", {}, ["版本", "有效期", "时效性", "条数", "题注"].map((t) => h("th", { scope: "col", text: t })))),
      h("tbody", {}, versions.map((v) => h("tr", { class: v.version === current ? "current" : null },
        h("td", { class: "nowrap" }, v.version === current ? h("strong", { text: `${v.version || "未注明"}（正在查看）` })
          : h("a", { href: makeHash("statutes", { s: data.key, v: v.version }), text: v.version || "未注明" })),
        h("td", { class: "nowrap", text: period(v.valid_from, v.valid_to) }),
        h("td", {}, versionStatus(v) ? h("span", { class: `badge status ${STATUS_CLASS[versionStatus(v)] || ""}`.trim(), text: versionStatus(v) }) : "—"),
        h("td", { class: "num", text: String(v.articles ?? "") }),
        h("td", { class: "small" }, (v.events || []).length ? h("details", {}, h("summary", { text: `${v.events.length} 条` }),
          h("ul", {}, v.events.map((e) => h("li", { text: e.text || `${e.date} ${e.kind}` })))) : "—"))))));
    const wrap = h("section", { class: "versions-block" }, h("h4", { text: `版本（${versions.length}）` }), table);
    if (versions.length > 1) {
      const opts = (sel) => versions.map((v) => h("option", { value: v.version, selected: v.version === sel }, v.version));
      const others = versions.filter((v) => v.version !== current);
      const a = h("select", { name: "a", "aria-label": "对比的旧版本" }, opts(others[0].version));
      const b = h("select", { name: "b", "aria-label": "对比的新版本" }, opts(current));
      wrap.append(h("form", { class: "compare-form", onsubmit: (ev) => {
        ev.preventDefault();
        navigate("statutes", { s: data.key, v: a.value, cmp: b.value });
      } }, h("span", { text: "版本对比：" }), a, h("span", { text: "↔" }), b, h("button", { type: "submit", text: "并排对比" })));
    }
    return wrap;
  }

  function tocList(entries, data, p) {
    return h("ol", {}, entries.map((e) => h("li", {},
      h("a", { href: makeHash("statutes", { s: data.key, v: p.v, a: e.first }), text: e.title }),
      e.children && e.children.length ? tocList(e.children, data, p) : null)));
  }

  function statuteView(data, p) {
    const v = data.version;
    const wrap = h("article", { class: "card statute" },
      h("header", {}, h("h3", { text: data.title }),
        h("div", { class: "badges" }, levelBadge(data.level), badge(data.region, "region"), timeBadges({ ...v, status: versionStatus(v) }))),
      (data.aliases || []).filter((a) => a !== data.title).length
        ? h("p", { class: "muted small", text: `简称：${join(data.aliases.filter((a) => a !== data.title))}` }) : null,
      versionsTable(data, p));
    const body = h("div", { class: "statute-body" });
    if ((data.toc || []).length) {
      body.append(h("nav", { class: "toc", "aria-label": "目录" }, h("h4", { text: "目录" }), tocList(data.toc, data, p)));
    }
    const arts = h("div", { class: "articles" });
    let last = "";
    for (const a of data.articles) {
      const head = (a.heading || []).join(" › ");
      if (head && head !== last) arts.append(h("h4", { class: "art-heading", text: head }));
      last = head;
      const pp = parsePid(a.provision_id);
      const cite = `《${data.title}》${pp ? pp.label : a.article}`;
      arts.append(h("section", { class: `art${a.is_penalty ? " penalty" : ""}`, id: `a-${a.provision_id}`, tabindex: "-1",
        "data-pid": a.provision_id, "data-art": artKey(a.provision_id) },
        h("div", { class: "art-head" }, h("strong", { text: a.article }), a.is_penalty ? roleBadge("罚则") : null,
          copyButton(cite), provisionLink(a.provision_id, "违则、罚则与事项")),
        h("div", { class: "law-text" }, citedText(a.text, data.key, v.version))));
    }
    body.append(arts);
    wrap.append(body);
    return wrap;
  }

  /** Article key within a statute ("art_42", "art_42-1") for aligning versions. */
  const artKey = (pid) => String(pid).split("/").slice(1).join("/");
  const artOrder = (k) => { const m = /^art_(\d+)(?:-(\d+))?/.exec(k); return m ? (+m[1]) * 100 + (+(m[2] || 0)) : 1e9; };

  /** The changed middle of two texts (common prefix and suffix kept plain): cheap and clear for amendments. */
  function diffPair(a, b) {
    let i = 0;
    while (i < a.length && i < b.length && a[i] === b[i]) i++;
    let j = 0;
    while (j < a.length - i && j < b.length - i && a[a.length - 1 - j] === b[b.length - 1 - j]) j++;
    const part = (t, tag) => [t.slice(0, i), t.slice(i, t.length - j) ? h(tag, { text: t.slice(i, t.length - j) }) : null, t.slice(t.length - j)];
    return [part(a, "del"), part(b, "ins")];
  }

  function compareView(a, b, p) {
    // whitespace and half-/full-width brackets are typesetting, not amendments
    const norm = (t) => String(t || "").replace(/\s+/g, "").replace(/\(/g, "（").replace(/\)/g, "）");
    const left = new Map(a.articles.map((x) => [artKey(x.provision_id), x]));
    const right = new Map(b.articles.map((x) => [artKey(x.provision_id), x]));
    const keys = [...new Set([...left.keys(), ...right.keys()])].sort((x, y) => artOrder(x) - artOrder(y));
    let changed = 0;
    const rows = keys.map((k) => {
      const x = left.get(k);
      const y = right.get(k);
      const kind = !x ? "added" : !y ? "removed" : norm(x.text) === norm(y.text) ? "same" : "changed";
      if (kind !== "same") changed++;
      const [ta, tb] = kind === "changed" ? diffPair(x.text, y.text) : [x ? x.text : "（无此条）", y ? y.text : "（无此条）"];
      return h("tr", { class: `cmp-${kind}`, "data-kind": kind },
        h("th", { scope: "row", class: "nowrap" }, (x || y).article,
          h("div", { class: "small muted", text: { same: "未变", changed: "有修改", added: "新增", removed: "删除" }[kind] })),
        h("td", { class: "law-cell", "data-label": `${a.version.version} 版` }, ta),
        h("td", { class: "law-cell", "data-label": `${b.version.version} 版` }, tb));
    });
    const table = h("table", { class: "data compare" },
      h("thead", {}, h("tr", {}, h("th", { scope: "col", text: "条文" }),
        h("th", { scope: "col", text: `${a.version.version} 版` }), h("th", { scope: "col", text: `${b.version.version} 版` }))),
      h("tbody", {}, rows));
    const only = h("input", { type: "checkbox", checked: true, onchange: () => table.classList.toggle("only-changed", only.checked) });
    table.classList.add("only-changed");
    return h("article", { class: "card statute compare-view" },
      h("header", {}, h("h3", { text: `${a.title}：版本对比` }),
        h("a", { href: makeHash("statutes", { s: a.key, v: b.version.version }), text: "返回法规全文" })),
      h("p", { class: "summary", text: `${a.version.version} 版 ↔ ${b.version.version} 版：${keys.length} 条中 ${changed} 条有变化（新增、删除或修改）` }),
      h("label", { class: "toggle" }, only, " 只显示有变化的条文"),
      h("div", { class: "table-wrap" }, table));
  }

  // ------------------------------------------------------------ authority view

  const VERDICTS = {
    holds: ["持有", "v-holds"],
    holds_within_scope: ["在限定范围内持有", "v-scope"],
    does_not_hold: ["不持有", "v-not"],
    ambiguous: ["无法确定（依据有歧义）", "v-unknown"],
    unknown: ["无法判断", "v-unknown"],
  };

  function authorityView(ans, { compact = false } = {}) {
    const [label, cls] = VERDICTS[ans.verdict] || [ans.verdict, "v-unknown"];
    const ev = ans.evidence || [];
    const best = ev[0];
    const town = (ans.township && ans.township.name) || "";
    const box = h("section", { class: `verdict ${cls}`, "aria-label": "职权核查结论" },
      h("div", { class: "verdict-head" },
        h("span", { class: "verdict-label", text: label }),
        ans.source ? h("span", { class: "badge source", text: `来源：${ans.source}` }) : null,
        h("span", { class: "muted", text: `${town}${town ? " · " : ""}${ans.date || ""}` })),
      ans.message ? h("p", { class: "verdict-msg", text: ans.message }) : null,
      best ? reviewFlags(best) : null);
    if (!ev.length) return box;
    const chain = h("div", { class: "evidence" }, ev.map((e, i) => evidenceCard(e, i, ans)));
    if (compact) box.append(h("details", { class: "chain" }, h("summary", { text: `证据链（${ev.length} 个事项）` }), chain));
    else box.append(h("h3", { class: "sub", text: `证据链（${ev.length} 个事项）` }), chain);
    return box;
  }

  /** Short chips: 法制审核, 集体讨论, 听证 as required / depends / not_required / unknown, with every reason. */
  function reviewFlags(e) {
    return reviewChips({ legal_review: { kind: "法制审核", ...e.legal_review }, hearing: { kind: "听证", ...e.hearing },
      collective_decision: { kind: "集体讨论", ...e.collective_decision } });
  }

  function evidenceCard(e, i, ans) {
    const it = e.item || {};
    const cat = e.catalog || {};
    const hold = e.holding;
    const src = it.source || {};
    const where = [src.file, src.sheet, src.row ? `第 ${src.row} 行` : null].filter(Boolean).join(" · ");
    const card = h("article", { class: "card ev" },
      h("h4", {}, i === 0 && hold ? badge("依据事项", "ok") : null, " ",
        it.code ? h("code", { text: it.code }) : null, " ", it.name || ""),
      kv([
        ["职权类型", it.power_type],
        ["领域", it.domain],
        ["原实施部门", it.department],
        ["范围说明", it.scope_note],
        ["目录来源行", where],
      ]),
      h("h5", { text: "赋权目录" }),
      kv([
        ["目录", cat.title || cat.key],
        ["发布机关", cat.issuer],
        ["文号", cat.doc_number],
        ["施行日期", cat.effective],
        ["职权来源", cat.authority],
      ]),
      h("h5", { text: `${townshipName(ans.township && ans.township.key) || "本乡镇"}的持有情况` }),
      hold ? kv([
        ["来源", hold.source],
        ["目录", hold.catalog === cat.key && cat.title ? cat.title : hold.catalog],
        ["有效期", period(hold.valid_from, hold.valid_to)],
        ["限定范围", hold.scope_note ? h("mark", { text: hold.scope_note }) : null],
        ["来源行", hold.provenance ? [hold.provenance.file, hold.provenance.sheet,
          hold.provenance.row ? `第 ${hold.provenance.row} 行` : null].filter(Boolean).join(" · ") : null],
      ]) : h("p", { class: "muted", text: "该日不持有此事项" }),
      (e.held_by || []).length ? h("p", { class: "small" }, h("span", { class: "plabel", text: "当日持有该事项的乡镇：" }),
        e.held_by.map(townshipName).join("、")) : null);
    if ((e.basis || []).length) card.append(h("h5", { text: "法律依据" }), basisTable(e.basis));
    if ((e.review || []).length) {
      card.append(h("h5", { text: "审核与听证" }),
        h("ul", {}, e.review.map((r) => h("li", {}, h("strong", { text: r.kind }), r.reason ? `：${r.reason}` : ""))));
    }
    if (e.separation) card.append(h("h5", { text: "管罚分离（审批 / 监管 / 执法）" }), separationView(e.separation));
    return card;
  }

  const RESOLUTION = {
    resolved: "已解析", suggested: "建议匹配（待确认）", statute_not_found: "法规未找到", article_not_found: "条文不存在",
    ambiguous: "指向不明确", not_in_force: "不在有效期内", unparsed: "无法识别", no_basis: "未填写依据",
  };

  function basisTable(basis) {
    return h("div", { class: "table-wrap" }, h("table", { class: "data" },
      h("thead", {}, h("tr", {}, ["角色", "引用", "解析", "该日有效", "条文"].map((t) => h("th", { scope: "col", text: t })))),
      h("tbody", {}, basis.map((b) => h("tr", {},
        h("td", { text: b.role || "" }),
        h("td", {}, b.citation || "", b.citation ? copyButton(b.citation) : null),
        h("td", {}, b.provision_id ? provisionLink(b.provision_id) : null,
          h("div", { class: `small ${b.status === "resolved" ? "muted" : "warn-text"}`,
            text: [RESOLUTION[b.status] || b.status, b.reason].filter(Boolean).join("：") })),
        h("td", {}, flag(b.in_force_on_date, "有效", "已失效", "无法确定"),
          b.version_in_force_on_date && b.provision_id && parsePid(b.provision_id)
            && parsePid(b.provision_id).version !== b.version_in_force_on_date
            ? h("div", { class: "muted small", text: `该日有效版本：${b.version_in_force_on_date}` }) : null),
        h("td", { class: "text-cell" }, b.text ? h("details", {}, h("summary", { text: "展开" }), textBlock(b.text)) : "—"))))));
  }

  function separationView(sep) {
    const cell = (v) => (Array.isArray(v) ? (v.length ? v.join("、") : "—") : v || "—");
    return h("div", { class: "sep" }, ["审批", "监管", "执法"].map((k) =>
      h("div", { class: "sep-cell" }, h("span", { class: "sep-k", text: k }), h("span", { class: "sep-v", text: cell(sep[k]) }))));
  }

  // ---------------------------------------------------------------- 法制审核

  const TARGETS = {
    item: ["事项编码", "输入或选择目录中的事项编码", "item-list"],
    provision: ["条文标识", "如：城乡规划法/art_65 或 城乡规划法@2019-04-23/art_64/para_1", null],
    q: ["违法行为描述", "如：村里有人未批先建", null],
  };

  function setTarget(by) {
    const form = $("#review-form");
    for (const r of form.querySelectorAll('input[name="by"]')) r.checked = r.value === by;
    const [label, hint, list] = TARGETS[by];
    $("#review-target-label").textContent = label;
    $("#review-target-hint").textContent = hint;
    const input = $("#review-target");
    if (list) input.setAttribute("list", list); else input.removeAttribute("list");
  }

  function routeReview(p) {
    const by = p.item ? "item" : p.provision ? "provision" : p.q ? "q" : ($("#review-form").elements.by.value || "item");
    setTarget(by);
    fillForm($("#review-form"), { township: p.township || prefs.township, date: p.date, target: p[by] });
    fillForm($("#provision-form"), { p: p.p, as_of: p.p_as_of });
    if (p.township && (p.item || p.provision || p.q)) {
      once("review-check", [p.township, p.item, p.provision, p.q, p.date], () => runCheck(p));
    }
    if (p.p) once("review-provision", [p.p, p.p_as_of], () => runProvision(p.p, p.p_as_of));
  }

  function submitReview(ev) {
    ev.preventDefault();
    const f = ev.target.elements;
    const by = f.by.value;
    const township = f.township.value.trim();
    const target = f.target.value.trim();
    if (!township || !target) {
      showAlert("review", !township ? "请填写乡镇（街道）" : `请填写${TARGETS[by][0]}`);
      (!township ? f.township : f.target).focus();
      return;
    }
    const keep = state.params.review;
    navigate("review", { township, date: f.date.value, [by]: target, p: keep.p, p_as_of: keep.p_as_of },
      { force: ["review-check"] });
  }

  function runCheck(p) {
    const out = $("#review-result");
    return task("review", "正在核查职权…", async (signal) => {
      await loadTownships();
      const ans = await api("/authority/check",
        { township: p.township, item: p.item, provision: p.provision, q: p.q, date: p.date }, signal);
      clear(out).append(authorityView(ans));
    });
  }

  function submitProvision(ev) {
    ev.preventDefault();
    const f = ev.target.elements;
    const pid = f.p.value.trim();
    if (!pid) {
      showAlert("provision", "请填写条文标识，如：城乡规划法/art_64");
      f.p.focus();
      return;
    }
    navigate("review", { ...state.params.review, p: pid, p_as_of: f.as_of.value }, { force: ["review-provision"] });
  }

  function runProvision(pid, asOf) {
    const out = $("#provision-result");
    return task("provision", "正在载入条文…", async (signal) => {
      const data = await api(`/provisions/${pidPath(pid)}`, { as_of: asOf }, signal);
      clear(out).append(provisionView(data));
    });
  }

  // ---------------------------------------------------------- provision view

  function provisionView(d) {
    const st = d.statute || {};
    const wrap = h("article", { class: "card provision" },
      h("header", {},
        h("h3", {}, `${st.title || ""} ${d.label || d.article || ""}`),
        h("div", { class: "badges" }, levelBadge(st.level), badge(st.region, "region"),
          d.version ? badge(`${d.version} 版`, "version") : null,
          d.as_of ? flag(d.in_force_on, `${d.as_of} 有效`, `${d.as_of} 不在有效期内`) : null)),
      citeLine(`《${st.title || ""}》${d.label || d.article || ""}`, st.key, d.provision_id),
      kv([
        ["时效性", timeBadges({ status: d.status_label || d.status, status_basis: d.status_basis, status_note: d.status_note, status_date: d.status_date })],
        ["时效依据", d.status_basis],
        ["条文标识", h("code", { text: d.provision_id })],
        ["版本有效期", period(d.valid_from, d.valid_to)],
        ["所在章节", (d.heading || []).join(" › ")],
      ]),
      textBlock(d.text));
    if (d.article_text && d.article_text !== d.text) {
      wrap.append(h("details", {}, h("summary", { text: `${d.article}全文` }), textBlock(d.article_text)));
    }
    if (d.township_competent) {
      wrap.append(h("p", { class: "notice ok", text: "本条直接规定由乡、镇人民政府行使（法定职权）" }));
    }
    if (d.competent_body) wrap.append(kv([["执法主体", d.competent_body]]));
    if ((d.sanctions || []).length) {
      wrap.append(h("h4", { text: "可处罚种类" }), h("ul", { class: "sanctions" }, d.sanctions.map((s) =>
        h("li", {}, h("strong", { text: s.kind }), s.text ? `：${s.text}` : "", amountText(s)))));
    }
    const partnerList = (title, list) => {
      const rows = [...new Map((list || []).filter(Boolean).map((r) => [r.provision_id, r])).values()];
      if (!rows.length) return null;
      return [h("h4", { text: title }), h("ul", { class: "partners-list" }, rows.map((r) => h("li", {},
        provisionLink(r.provision_id, `${r.statute_key} ${r.article}`),
        r.text ? h("p", { class: "muted small clamp", text: r.text }) : null)))];
    };
    append(wrap, [partnerList("违则（本条处罚的违法行为所违反的条文）", d.violated),
      partnerList("罚则（对违反本条的处罚条文）", d.penalized_by)]);
    const linkList = (title, list) => (list && list.length ? [h("h4", { text: title }),
      h("p", { class: "links" }, list.map((pid, i) => [i ? "、" : "", provisionLink(pid)]))] : null);
    append(wrap, [linkList(`本条引用（${(d.cites || []).length}）`, d.cites),
      linkList(`被引用（${(d.cited_by || []).length}）`, d.cited_by)]);
    if ((d.items || []).length) wrap.append(itemsBlock(d.items, prefs.township));
    const others = (d.other_versions || []).filter((v) => v.version && v.version !== d.version);
    const pp = parsePid(d.provision_id);
    if (others.length && pp) {
      wrap.append(h("h4", { text: "其他版本" }), h("ul", {}, others.map((v) => h("li", {},
        provisionLink(`${st.key || pp.statute}@${v.version}/${pp.rest}`, `${v.version} 版`),
        h("span", { class: "muted", text: `（${period(v.valid_from, v.valid_to)}）` })))));
    }
    return wrap;
  }

  /** The fine range, when the article states amounts in yuan (multiples are clear enough in the text). */
  function amountText(s) {
    const yuan = (n) => (n >= 10000 ? `${n / 10000} 万元` : `${n} 元`);
    if (s.min_amount != null && s.max_amount != null) return `（${yuan(s.min_amount)}—${yuan(s.max_amount)}）`;
    if (s.max_amount != null) return `（最高 ${yuan(s.max_amount)}）`;
    if (s.min_amount != null) return `（最低 ${yuan(s.min_amount)}）`;
    return "";
  }

  // ------------------------------------------------------------ the dialog

  let dialogPid = null;

  function openProvisionDialog(pid, push = true) {
    const dlg = $("#provision-dialog");
    const tab = state.tab;
    if (push) {
      const params = { ...state.params[tab], p: pid };
      history.pushState(null, "", makeHash(tab, params));
      state.params[tab] = params;
    }
    if (!dlg.open) dlg.showModal();
    if (dialogPid === pid && $("#dialog-body").childNodes.length) return;
    dialogPid = pid;
    $("#dialog-title").textContent = pidText(pid);
    const body = clear($("#dialog-body"));
    task("dialog", "正在载入条文…", async (signal) => {
      const data = await api(`/provisions/${pidPath(pid)}`, { as_of: state.params[tab].as_of }, signal);
      $("#dialog-title").textContent = `${(data.statute && data.statute.title) || ""} ${data.label || ""}`;
      clear(body).append(provisionView(data));
    });
  }

  function closeDialog(updateHash = true) {
    const dlg = $("#provision-dialog");
    if (dlg.open) dlg.close();
    dialogPid = null;
    if (controllers.dialog) controllers.dialog.abort();
    const tab = state.tab;
    if (updateHash && tab !== "review" && state.params[tab].p) {
      const { p: _, ...rest } = state.params[tab];
      replaceHash(tab, rest);
    }
  }

  // ---------------------------------------------------------------- 规划报表

  const REPORT_NAMES = {
    unmapped: "未解析依据", ownerless: "无主事项", overlaps: "重叠", gaps: "空白",
    "negative-list": "负面清单", stale: "过时引用", coverage: "覆盖情况",
  };

  /** Labels for summary counts, categories and other keys of a report (as in kg/reports.py). */
  const LABELS = {
    items_checked: "检查事项数", findings: "发现数", partially_resolved: "部分依据已解析",
    unknown_department_names: "未知部门名称数", statutes_in_force: "现行法规数", penalty_provisions: "罚则条文数",
    covered: "已覆盖罚则", domains: "领域数", delegated_items: "赋权（委托）事项数", rules: "规则数",
    cited_articles: "被引条文数", items_affected: "受影响事项数", townships: "乡镇（街道）数",
    holdings: "承接关系数", items: "事项数", legal_review_items: "需法制审核事项", hearing_items: "可能需听证事项",
    statute_not_found: "法规未找到", article_not_found: "条文未找到", not_in_force: "法规不在施行期",
    ambiguous: "法规名称有歧义", unparsed: "依据无法识别", no_basis: "未列法律依据", suggested_only: "仅有推荐条文",
    no_department: "无主管部门", unknown_department: "部门名称未知", same_penalty_article: "同一罚则多个事项",
    similar_names: "事项名称相同或相近", delegated_still_at_county: "已赋权仍由县级部门列管",
    township_double_holding: "乡镇重复持有", uncovered_penalty_provision: "无事项覆盖的罚则",
    certain: "命中负面清单", uncertain: "命中负面清单（待核实）", amended: "条文已修改", renumbered: "条文序号调整",
    removed: "条文已删除", statute_repealed: "法规已废止", township_domain: "乡镇×领域",
    // keys of findings and sections
    category_label: "类别", reason: "原因", item_codes: "事项编码", code: "事项编码", name: "名称", rows: "来源行",
    department: "部门", standard_name: "标准名称", domain: "领域", title: "法规", statute_title: "法规", level: "效力级别",
    region: "地区", version: "现行版本", article: "条文", township: "乡镇（街道）", total: "合计", id: "规则",
    kind: "类型", match: "匹配", basis: "来源", note: "说明", uncovered: "未覆盖", statute: "法规标识",
  };
  const SECTION_LABELS = { ...LABELS, certain: "确定性", items: "命中事项数", covered: "已覆盖", version: "现行版本" };
  const label = (k) => LABELS[k] || k;

  function routePlan(p) {
    fillForm($("#plan-form"), { report: p.report || $("#plan-report").value, region: p.region, township: p.township,
      domain: p.domain, as_of: p.as_of });
    if (p.report) once("plan", [p.report, p.region, p.township, p.domain, p.as_of], () => runReport(p));
  }

  function submitPlan(ev) {
    ev.preventDefault();
    const f = ev.target.elements;
    navigate("plan", { report: f.report.value, region: f.region.value.trim(), township: f.township.value.trim(),
      domain: f.domain.value.trim(), as_of: f.as_of.value }, { force: ["plan"] });
  }

  function runReport(p) {
    const out = $("#plan-result");
    const filters = { region: p.region, township: p.township, domain: p.domain, as_of: p.as_of };
    return task("plan", "正在生成报表…", async (signal) => {
      await loadTownships();
      const data = await api(`/reports/${encodeURIComponent(p.report)}`, filters, signal);
      clear(out).append(reportView(p.report, data, filters));
    });
  }

  function rowsText(rows) {
    return join((rows || []).map((r) => join([r.file, r.sheet, r.row ? `第 ${r.row} 行` : null], " · ")), "；");
  }

  function codesCell(f) {
    const codes = f.item_codes || [];
    return [codes.map((c, i) => [i ? "、" : "", h("code", { text: c })]), f.listed_truncated ? "…" : null];
  }

  const namesCell = (f) => join((f.items || []).map((i) => i.name), "；");

  function pidCell(pid, text) {
    return pid && isPid(pid) ? provisionLink(pid, text || null) : text || pid || "—";
  }

  function linksCell(links) {
    return (links || []).map((lk, i) => h("div", { class: i ? "sub-row" : null },
      lk.role ? `${lk.role}：` : "", lk.provision_id && isPid(lk.provision_id) ? provisionLink(lk.provision_id, lk.citation) : lk.citation || "（空）",
      h("span", { class: lk.status === "resolved" ? "muted" : "warn-text", text: `（${lk.status_label || lk.status}）` })));
  }

  function suggestionsCell(list) {
    return (list || []).map((sg, i) => h("div", { class: i ? "sub-row" : null },
      pidCell(sg.provision_id, sg.provision_id ? pidText(sg.provision_id) : sg.citation),
      sg.score != null ? h("span", { class: "muted", text: `（${Number(sg.score).toFixed(2)}）` }) : null));
  }

  const HEAD = [["类别", (f) => f.category_label || label(f.category), "nowrap"]];
  const ITEM_COLS = [
    ["事项编码", codesCell, "nowrap"],
    ["事项名称", namesCell],
    ["来源行", (f) => h("span", { class: "small", text: rowsText(f.rows) })],
  ];
  const REASON = ["原因", (f) => f.reason];

  /** Columns of the findings table per report; the downloads carry every column. */
  const REPORT_COLUMNS = {
    unmapped: [...HEAD, ...ITEM_COLS, REASON, ["依据", (f) => linksCell(f.links)], ["推荐条文", (f) => suggestionsCell(f.suggestions)]],
    ownerless: [...HEAD, ...ITEM_COLS, ["填写的部门", (f) => f.department], ["最接近的已知部门", (f) => join(f.closest)], REASON],
    overlaps: [...HEAD, ...ITEM_COLS, ["罚则", (f) => f.article], ["乡镇", (f) => join([f.township, ...(f.townships || [])].filter((x, i, a) => a.indexOf(x) === i))], REASON],
    gaps: [...HEAD, ["领域", (f) => f.domain, "nowrap"], ["法规", (f) => f.statute_title], ["效力级别", (f) => levelBadge(f.level)],
      ["条文", (f) => pidCell(f.provision_id, f.article)], ["处罚种类", (f) => join(f.sanctions)],
      ["实施主体", (f) => f.competent_body], ["乡镇法定职权", (f) => (f.township_competent ? "是" : "否")], REASON],
    "negative-list": [...HEAD, ...ITEM_COLS, ["规则", (f) => join(f.rule_ids)], ["承接乡镇", (f) => join(f.townships)],
      ["处罚种类", (f) => join(f.sanctions)], REASON],
    stale: [...HEAD, ...ITEM_COLS, ["法规", (f) => f.statute_title], ["引用版本", (f) => f.cited_version],
      ["现行版本", (f) => f.current_version], ["条文", (f) => f.article],
      ["候选新条文", (f) => (f.candidate ? pidCell(f.candidate.provision_id, f.candidate.article || f.candidate.label) : "—")], REASON],
    coverage: [["乡镇（街道）", (f) => f.township, "nowrap"], ["领域", (f) => f.domain, "nowrap"], ["事项数", (f) => f.held, "num"],
      ["法定", (f) => f.statutory, "num"], ["赋权", (f) => f.delegated, "num"], ["委托", (f) => f.entrusted, "num"],
      ["需法制审核", (f) => f.legal_review, "num"], ["可能需听证", (f) => f.hearing, "num"], ["事项编码", codesCell]],
  };

  function genericColumns(rows, labels = LABELS, skip = ["category", "items"]) {
    const seen = new Set();
    for (const r of rows.slice(0, 100)) for (const k of Object.keys(r)) seen.add(k);
    return [...seen].filter((k) => !skip.includes(k)).map((k) => [labels[k] || k, (r) => plainCell(r[k], k)]);
  }

  function plainCell(v, key) {
    if (v === null || v === undefined || v === "") return "—";
    if (typeof v === "boolean") return v ? "是" : "否";
    if (typeof v === "number") return Number.isInteger(v) ? String(v) : v.toFixed(2);
    if (isPid(v)) return provisionLink(v);
    if (Array.isArray(v)) return v.length ? join(v.map((x) => (typeof x === "object" ? JSON.stringify(x) : x)), "；") : "—";
    if (typeof v === "object") return key === "rows" ? rowsText([v]) : JSON.stringify(v);
    return String(v);
  }

  function cellContent(v) {
    return v === null || v === undefined || v === "" || (Array.isArray(v) && !v.length) ? "—" : v;
  }

  const PAGE_ROWS = 100;

  /** A table of any length: one page of rows in the DOM at a time, with a pager when there is more than one. */
  function dataTable(cols, rows, caption) {
    const pages = Math.max(1, Math.ceil(rows.length / PAGE_ROWS));
    const tbody = h("tbody");
    const box = h("div", { class: "paged" });
    let page = 0;
    // the pager's controls are made once and updated, so a focused page number is never removed under the user
    const prev = h("button", { type: "button", class: "page-prev", text: "上一页", onclick: () => show(page - 1) });
    const next = h("button", { type: "button", class: "page-next", text: "下一页", onclick: () => show(page + 1) });
    const info = h("span", { class: "page-info" });
    const jump = h("input", { type: "number", min: 1, max: pages, value: 1, "aria-label": "页码",
      onchange: (ev) => { const n = Number(ev.target.value); if (Number.isFinite(n) && n - 1 !== page) show(n - 1); } });
    const pager = h("nav", { class: "pager", "aria-label": `${caption}分页` }, prev, info, next,
      h("label", { class: "page-jump" }, "跳至 ", jump, " 页"));
    const show = (n) => {
      page = Math.min(Math.max(n, 0), pages - 1);
      const start = page * PAGE_ROWS;
      clear(tbody).append(...rows.slice(start, start + PAGE_ROWS).map((r, i) => h("tr", {},
        h("td", { class: "num", text: String(start + i + 1) }),
        cols.map(([, fn, cls]) => h("td", { class: cls || null }, cellContent(fn(r)))))));
      prev.disabled = page === 0;
      next.disabled = page === pages - 1;
      info.textContent = `第 ${page + 1} / ${pages} 页（第 ${start + 1}–${Math.min(start + PAGE_ROWS, rows.length)} 行，共 ${rows.length} 行）`;
      jump.value = String(page + 1);
    };
    show(0);
    if (pages > 1) box.append(pager);
    box.append(h("div", { class: "table-wrap" }, h("table", { class: "data report-table" },
      h("caption", { class: "sr-only", text: caption }),
      h("thead", {}, h("tr", {}, h("th", { scope: "col", text: "序号" }), cols.map(([t]) => h("th", { scope: "col", text: t })))),
      tbody)));
    return box;
  }

  function reportView(name, data, filters) {
    const title = data.title || `${REPORT_NAMES[name] || name}`;
    const wrap = h("section", { class: "report", "aria-label": title });
    const findings = Array.isArray(data.findings) ? data.findings : [];
    const exportUrl = (format) => apiUrl(`/reports/${encodeURIComponent(name)}/export`, { format, ...filters }).toString();
    wrap.append(h("div", { class: "report-head" },
      h("h3", { text: title }),
      h("div", { class: "downloads" },
        downloadLink(exportUrl("xlsx"), exportName(name, filters, "xlsx"), "下载 Excel（xlsx）"),
        downloadLink(exportUrl("csv"), exportName(name, filters, "csv"), "下载 CSV"))));
    const used = Object.entries(filters).filter(([, v]) => v);
    if (used.length) {
      const names = { region: "地区", township: "乡镇", domain: "领域", as_of: "日期" };
      wrap.append(h("p", { class: "muted small", text: `筛选：${used.map(([k, v]) => `${names[k] || k} ${v}`).join("；")}` }));
    }

    const tiles = h("div", { class: "tiles" });
    const summary = data.summary && typeof data.summary === "object" ? data.summary : {};
    if (!("findings" in summary)) {
      tiles.append(h("div", { class: "tile" }, h("span", { class: "tile-v", text: String(findings.length) }), h("span", { class: "tile-k", text: "发现数" })));
    }
    for (const [k, v] of Object.entries(summary)) {
      if (v === null || typeof v === "object") continue;
      if (v === 0 && LABELS[k] && !["findings", "items_checked", "items"].includes(k)) continue; // empty categories
      tiles.append(h("div", { class: `tile${k === "findings" && v > 0 && name !== "coverage" ? " main" : ""}` },
        h("span", { class: "tile-v", text: String(v) }), h("span", { class: "tile-k", text: label(k) })));
    }
    wrap.append(tiles);
    if (data.message) wrap.append(h("p", { class: "notice", text: data.message }));
    if ((data.notes || []).length) wrap.append(h("ul", { class: "notes muted small" }, data.notes.map((n) => h("li", { text: n }))));

    if (findings.length) {
      wrap.append(dataTable(REPORT_COLUMNS[name] || genericColumns(findings), findings, title));
    } else if (!data.message) {
      wrap.append(h("p", { class: "notice ok", text: "没有发现问题" }));
    }
    for (const [section, rows] of Object.entries(data.sections || {})) {
      if (!Array.isArray(rows) || !rows.length) continue;
      wrap.append(h("details", { class: "card section" }, h("summary", { text: `${section}（${rows.length}）` }),
        dataTable(genericColumns(rows, SECTION_LABELS, []), rows, section)));
    }
    if (name === "coverage") wrap.append(heatMap(exportUrl("png")));
    return wrap;
  }

  /** 空白报表_航埠镇_2024-01-01.xlsx: the report's Chinese name and the filters used (safe in any file system). */
  function exportName(name, filters, ext) {
    const parts = [`${REPORT_NAMES[name] || name}报表`, filters.region, filters.township, filters.domain, filters.as_of]
      .filter(Boolean).map((x) => String(x).replace(/[\\/:*?"<>|\s]+/g, "_"));
    return `${parts.join("_")}.${ext}`;
  }

  function downloadLink(url, filename, label, area = "plan") {
    return h("a", {
      class: "button", href: url, download: filename, text: label,
      onclick: async (ev) => {
        ev.preventDefault();
        hideAlert(area);
        const a = ev.currentTarget;
        a.setAttribute("aria-busy", "true");
        try {
          const res = await request(url);
          const blob = await res.blob();
          const href = URL.createObjectURL(blob);
          const tmp = h("a", { href, download: filename, hidden: true });
          document.body.append(tmp);
          tmp.click();
          tmp.remove();
          setTimeout(() => URL.revokeObjectURL(href), 10000);
        } catch (e) {
          showAlert(area, e instanceof ApiError ? e.message : "下载失败，请重试");
        } finally {
          a.removeAttribute("aria-busy");
        }
      },
    });
  }

  function heatMap(url) {
    const status = h("p", { class: "status loading", text: "热力图生成中…" });
    const img = h("img", {
      class: "heatmap", src: url, alt: "覆盖热力图：各乡镇在各领域承接的事项数",
      onload: () => status.remove(),
      onerror: async () => {
        status.remove();
        img.hidden = true;
        try {
          await request(url);
          showAlert("plan", "热力图无法显示");
        } catch (e) {
          showAlert("plan", e instanceof ApiError ? e.message : "热力图无法显示");
        }
      },
    });
    return h("figure", { class: "card figure" }, h("figcaption", { text: "覆盖热力图（乡镇 × 领域）" }), status, img);
  }

  // ------------------------------------------------------------------ wiring

  function onTabKey(ev) {
    const tabs = [...document.querySelectorAll('[role="tab"]')];
    const i = tabs.indexOf(ev.target);
    let j = null;
    if (ev.key === "ArrowRight") j = (i + 1) % tabs.length;
    else if (ev.key === "ArrowLeft") j = (i - 1 + tabs.length) % tabs.length;
    else if (ev.key === "Home") j = 0;
    else if (ev.key === "End") j = tabs.length - 1;
    if (j === null) return;
    ev.preventDefault();
    tabs[j].focus();
    tabs[j].click();
  }

  // ------------------------------------------------------- catalog imports

  /** An import report in Chinese: the labels come with it (the API keeps its English keys). */
  function importReport(report, labels, message) {
    const L = labels || { fields: {}, resolution: {}, diagnostic: {}, severity: {} };
    const label = (k) => L.fields[k] || k;
    const wrap = h("div", { class: "import-report" });
    if (message) wrap.append(h("p", { text: message }));
    const scalar = Object.entries(report || {}).filter(([k, v]) => k !== "diagnostics" && k !== "resolution"
      && (v === null || typeof v !== "object"));
    wrap.append(kv(scalar.map(([k, v]) => [label(k), v === null ? "—" : String(v)])));
    const res = Object.entries((report || {}).resolution || {}).filter(([, n]) => n);
    wrap.append(h("h4", { text: label("resolution") }),
      res.length ? kv(res.map(([state, n]) => [L.resolution[state] || state, String(n)]))
        : h("p", { class: "muted", text: "无引用" }));
    const diags = (report || {}).diagnostics || [];
    if (diags.length) {
      const cols = ["source", "sheet", "line", "severity", "message"];
      wrap.append(h("h4", { text: `${label("diagnostics")}（${diags.length}）` }),
        dataTable(cols.map((c) => [L.diagnostic[c] || c,
          (d) => (c === "severity" ? L.severity[d.severity] || d.severity : d[c] ?? "")]), diags, label("diagnostics")));
    }
    return wrap;
  }

  function listCatalogs() {
    const out = $("#import-result");
    return task("import", "正在读取已导入的目录…", async (signal) => {
      const list = await api("/catalogs", {}, signal);
      clear(out).append(list.length ? h("ul", { class: "catalog-list" }, list.map((c) => h("li", {},
        h("button", { type: "button", class: "link", text: c.title || c.key, onclick: () => showCatalog(c.key) }),
        h("span", { class: "muted small", text: ` ${join([c.doc_number, c.region], " · ")}（${c.items} 个事项）` }))))
        : h("p", { class: "muted", text: "尚未导入任何目录" }));
    });
  }

  function showCatalog(key) {
    const out = $("#import-result");
    return task("import", "正在读取导入报告…", async (signal) => {
      const c = await api(`/catalogs/${encodeURIComponent(key)}`, {}, signal);
      clear(out).append(h("h3", { text: c.title || c.key }),
        c.report ? importReport(c.report, c.labels) : h("p", { class: "muted", text: "该目录没有保存导入报告" }));
    });
  }

  async function submitImport(ev) {
    ev.preventDefault();
    const f = ev.target.elements;
    const file = f.file.files[0];
    const out = $("#import-result");
    if (!file) { showAlert("import", "请选择要导入的目录文件"); return; }
    await task("import", "正在上传…", async (signal) => {
      const body = new FormData();
      body.append("file", file, file.name);
      let res;
      try {
        res = await fetch("/catalogs", { method: "POST", body, signal,
          headers: { Accept: "application/json", "X-Yiju-Token": f.token.value } });
      } catch (e) {
        if (e.name === "AbortError") throw e;
        throw new ApiError("无法连接服务器，请检查网络后重试", "NETWORK", 0);
      }
      let job = null;
      try { job = await res.json(); } catch (_) { /* not JSON */ }
      if (res.status !== 202 || !job || !job.id) {
        const err = job && job.error;
        throw new ApiError((err && err.message) || `服务器返回错误（HTTP ${res.status}）`, err && err.code, res.status);
      }
      const status = $("#import-status");
      while (job.status === "queued" || job.status === "running") {
        status.textContent = job.message;
        await new Promise((r) => setTimeout(r, 1000));
        job = await api(`/jobs/${encodeURIComponent(job.id)}`, {}, signal);
      }
      if (job.status === "failed") throw new ApiError(job.message, job.error && job.error.code, 200);
      clear(out).append(importReport(job.report, job.labels, job.message));
      cache.items = null; // the new items appear in the pickers
      loadHealth();
    });
  }

  function init() {
    for (const btn of document.querySelectorAll('[role="tab"]')) {
      btn.addEventListener("click", () => {
        const tab = btn.dataset.tab;
        if (tab === state.tab) return;
        const params = { ...state.params[tab] };
        if (tab !== "review") delete params.p;
        location.hash = makeHash(tab, params);
      });
      btn.addEventListener("keydown", onTabKey);
    }
    $("#search-form").addEventListener("submit", submitSearch);
    $("#review-form").addEventListener("submit", submitReview);
    $("#provision-form").addEventListener("submit", submitProvision);
    $("#plan-form").addEventListener("submit", submitPlan);
    $("#statutes-form").addEventListener("submit", submitStatutes);
    $("#import-form").addEventListener("submit", submitImport);
    $("#import-list").addEventListener("click", listCatalogs);
    $("#prefs").addEventListener("submit", (ev) => ev.preventDefault());
    for (const el of $("#prefs").elements) el.addEventListener("change", onPrefChange);
    setPrefs({});
    for (const r of document.querySelectorAll('#review-form input[name="by"]')) {
      r.addEventListener("change", () => { setTarget(r.value); $("#review-target").value = ""; });
    }
    const dlg = $("#provision-dialog");
    $("#dialog-close").addEventListener("click", () => closeDialog());
    dlg.addEventListener("close", () => closeDialog());
    dlg.addEventListener("click", (ev) => { if (ev.target === dlg) closeDialog(); });
    window.addEventListener("hashchange", route);
    window.addEventListener("popstate", route);
    loadHealth();
    loadTownships();
    route();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
