// Live incident dashboard: loads the list, then follows /api/v1/incidents/stream (EventSource resends
// Last-Event-ID by itself when it reconnects). No build step, no dependencies.
(function () {
  'use strict';
  const T = {
    en: { title: 'Live incidents', connecting: 'connecting…', live: 'live', offline: 'reconnecting…', show: 'Show',
      active: 'active', all: 'all', severity: 'Severity', brand: 'Brand', summary: 'What happened', started: 'Started',
      state: 'State', empty: 'No incidents. All quiet.', acknowledge: 'Acknowledge', resolve: 'Resolve',
      falseAlarm: 'False alarm', note: 'Add note', history: 'History',
      open: 'open', acknowledged: 'acknowledged', snoozed: 'snoozed', resolved: 'resolved', false_alarm: 'false alarm',
      ago: ' ago', reason: 'Reason?', noteText: 'Note:', token: 'API token (viewer or higher):', noTimeline: 'No timeline available',
      fired: 'alert started', volume: 'all mentions', negative: 'negative',
      samples: 'Latest negative posts', noSamples: 'No negative posts received recently', followers: 'followers',
      openPost: 'open post', noSamplesError: 'Posts not available',
      ev: { ACKNOWLEDGED: 'acknowledged', ASSIGNED: 'assigned', SNOOZED: 'snoozed until', RESOLVED: 'resolved',
        FALSE_ALARM: 'marked as false alarm', NOTE: 'note', REOPENED: 'reopened' }, q: ['“', '”'] },
    de: { title: 'Aktuelle Vorfälle', connecting: 'verbinde…', live: 'live', offline: 'verbinde neu…', show: 'Zeige',
      active: 'aktive', all: 'alle', severity: 'Schwere', brand: 'Marke', summary: 'Was passiert ist', started: 'Beginn',
      state: 'Status', empty: 'Keine Vorfälle. Alles ruhig.', acknowledge: 'Übernehmen', resolve: 'Erledigt',
      falseAlarm: 'Fehlalarm', note: 'Notiz', history: 'Verlauf',
      open: 'offen', acknowledged: 'übernommen', snoozed: 'pausiert', resolved: 'erledigt', false_alarm: 'Fehlalarm',
      ago: '', reason: 'Grund?', noteText: 'Notiz:', token: 'API-Token (mindestens viewer):', noTimeline: 'Kein Verlauf verfügbar',
      fired: 'Alarm begann', volume: 'alle Erwähnungen', negative: 'negativ',
      samples: 'Neueste negative Beiträge', noSamples: 'Zuletzt keine negativen Beiträge empfangen', followers: 'Follower',
      openPost: 'Beitrag öffnen', noSamplesError: 'Beiträge nicht verfügbar',
      ev: { ACKNOWLEDGED: 'übernommen', ASSIGNED: 'zugewiesen', SNOOZED: 'pausiert bis', RESOLVED: 'erledigt',
        FALSE_ALARM: 'als Fehlalarm markiert', NOTE: 'Notiz', REOPENED: 'wieder geöffnet' }, q: ['„', '“'] }
  };
  // Brand overview and planned events.
  Object.assign(T.en, { brands: 'Brands', query: 'Query', activeIncidents: 'Active incidents',
    plannedEvents: 'Planned events', declareEvent: 'Declare a planned event',
    declareHint: 'During a launch or campaign more talk is expected: mute the brand\'s alerts or raise their thresholds.',
    eventTitle: 'Title', eventStart: 'Start', eventEnd: 'End', eventMode: 'Alerts', modeRaise: 'raise thresholds',
    modeMute: 'mute', eventFactor: 'Factor', declare: 'Declare', declared: 'Planned event declared',
    running: 'until', from: 'from', during: 'During a planned event:', raised: 'thresholds ×', muted: 'alerts muted', noBrands: 'No brands configured.' });
  Object.assign(T.de, { brands: 'Marken', query: 'Suchanfrage', activeIncidents: 'Aktive Vorfälle',
    plannedEvents: 'Geplante Ereignisse', declareEvent: 'Geplantes Ereignis anmelden',
    declareHint: 'Bei einem Launch oder einer Kampagne wird mehr geredet: Alarme der Marke stummschalten oder ihre Schwellen anheben.',
    eventTitle: 'Titel', eventStart: 'Beginn', eventEnd: 'Ende', eventMode: 'Alarme', modeRaise: 'Schwellen anheben',
    modeMute: 'stummschalten', eventFactor: 'Faktor', declare: 'Anmelden', declared: 'Geplantes Ereignis angemeldet',
    running: 'bis', from: 'ab', during: 'Während eines geplanten Ereignisses:', raised: 'Schwellen ×', muted: 'Alarme stumm', noBrands: 'Keine Marken eingerichtet.' });
  // Brand administration (admins only: canEditBrands).
  Object.assign(T.en, { newBrand: 'New brand', editBrand: 'Edit brand', brandId: 'Id', brandName: 'Name',
    brandHashtags: 'Hashtags', save: 'Save', cancel: 'Cancel', edit: 'Edit', del: 'Delete', confirmDelete: 'Really delete?',
    brandHint: 'The query decides which posts belong to the brand: words, "phrases", AND, OR, NOT, NEAR/n, #hashtags, @handles, lang:de.',
    brandCreated: 'Brand created', brandSaved: 'Brand saved', brandDeleted: 'Brand deleted', column: 'Column',
    expected: 'expected', idExists: 'This id is taken; choose another or edit that brand.' });
  Object.assign(T.de, { newBrand: 'Neue Marke', editBrand: 'Marke bearbeiten', brandId: 'Kennung', brandName: 'Name',
    brandHashtags: 'Hashtags', save: 'Speichern', cancel: 'Abbrechen', edit: 'Bearbeiten', del: 'Löschen',
    confirmDelete: 'Wirklich löschen?',
    brandHint: 'Die Suchanfrage bestimmt, welche Beiträge zur Marke gehören: Wörter, "Phrasen", AND, OR, NOT, NEAR/n, #Hashtags, @Handles, lang:de.',
    brandCreated: 'Marke angelegt', brandSaved: 'Marke gespeichert', brandDeleted: 'Marke gelöscht', column: 'Spalte',
    expected: 'erwartet', idExists: 'Diese Kennung ist vergeben; wählen Sie eine andere oder bearbeiten Sie jene Marke.' });
  // Timeline window and what the shown range adds up to.
  Object.assign(T.en, { timeline: 'Mentions', windowLabel: 'Windows', w1m: '1 min', w5m: '5 min', w1h: '1 h',
    per_1m: 'per minute', per_5m: 'per 5 minutes', per_1h: 'per hour', lastHours: 'last {n} h', lastDays: 'last {n} days',
    rangeTitle: 'In the range shown', statMentions: 'Mentions', statAuthors: 'Unique authors',
    statReach: 'Reach (followers, summed per mention)', statEngagement: 'Engagement (likes, reposts, replies, quotes)',
    topTerms: 'Top terms', topHashtags: 'Top hashtags', topAuthors: 'Top authors by reach', between: 'between {a} and {b}',
    authorsShort: 'authors', reach: 'reach', mentionsShort: 'mentions',
    rangeNote: 'Sums over the {n} windows shown. The top lists add up each window\'s top entries, so their counts are '
      + 'lower bounds. Unique authors cannot be added across windows (an author posting in several counts in each): the '
      + 'true number lies between the busiest window\'s count and the sum over all windows.' });
  Object.assign(T.de, { timeline: 'Erwähnungen', windowLabel: 'Zeitfenster', w1m: '1 Min.', w5m: '5 Min.', w1h: '1 Std.',
    per_1m: 'je Minute', per_5m: 'je 5 Minuten', per_1h: 'je Stunde', lastHours: 'letzte {n} Std.', lastDays: 'letzte {n} Tage',
    rangeTitle: 'Im gezeigten Zeitraum', statMentions: 'Erwähnungen', statAuthors: 'Verschiedene Accounts',
    statReach: 'Reichweite (Follower, je Erwähnung summiert)', statEngagement: 'Interaktionen (Likes, Reposts, Antworten, Zitate)',
    topTerms: 'Häufigste Begriffe', topHashtags: 'Häufigste Hashtags', topAuthors: 'Reichweitenstärkste Accounts',
    between: 'zwischen {a} und {b}', authorsShort: 'Accounts', reach: 'Reichweite', mentionsShort: 'Erwähnungen',
    rangeNote: 'Summen über die {n} gezeigten Zeitfenster. Die Ranglisten addieren die Spitzenreiter jedes Fensters; '
      + 'ihre Zahlen sind daher Untergrenzen. Verschiedene Accounts lassen sich nicht über Fenster addieren (wer in '
      + 'mehreren postet, zählt in jedem): Die wahre Zahl liegt zwischen der des stärksten Fensters und der Summe aller Fenster.' });
  // ?lang=de|en overrides the browser's language.
  const wanted = new URLSearchParams(location.search).get('lang') || navigator.language || 'en';
  const lang = wanted.toLowerCase().startsWith('de') ? 'de' : 'en';
  const t = (k) => (T[lang][k] !== undefined ? T[lang][k] : k);
  document.documentElement.lang = lang;
  document.querySelectorAll('[data-i18n]').forEach((el) => { el.textContent = t(el.dataset.i18n); });

  const incidents = new Map();
  const brandNames = new Map();
  let selected = null;
  let source = null;
  let token = localStorage.getItem('monitor.token') || '';

  function headers(extra) {
    const h = Object.assign({ Accept: 'application/json' }, extra || {});
    if (token) h.Authorization = 'Bearer ' + token;
    return h;
  }

  async function api(path, options) {
    const res = await fetch(path, Object.assign({}, options, { headers: headers(options && options.headers) }));
    if (res.status === 401) {
      const entered = window.prompt(t('token'));
      if (entered) { token = entered.trim(); localStorage.setItem('monitor.token', token); return api(path, options); }
    }
    const body = await res.json().catch(() => ({}));
    if (!res.ok) {
      // The problem document (RFC 9457) goes along: forms show its field, position and column next to the input.
      const err = new Error(body.detail || body.title || ('HTTP ' + res.status));
      err.status = res.status;
      err.problem = body;
      throw err;
    }
    return body;
  }

  function showError(e) {
    const el = document.getElementById('error');
    el.textContent = e.message || String(e);
    el.hidden = false;
    setTimeout(() => { el.hidden = true; }, 6000);
  }

  function age(iso) {
    const s = Math.max(0, (Date.now() - Date.parse(iso)) / 1000);
    const v = s < 90 ? Math.round(s) + ' s' : s < 5400 ? Math.round(s / 60) + ' min' : s < 172800 ? Math.round(s / 3600) + ' h' : Math.round(s / 86400) + ' d';
    return lang === 'de' ? 'vor ' + v : v + t('ago');
  }

  function el(tag, attrs, text) {
    const e = document.createElement(tag);
    Object.entries(attrs || {}).forEach(([k, v]) => e.setAttribute(k, v));
    if (text !== undefined && text !== null) e.textContent = text;
    return e;
  }

  function visible(i) {
    const f = document.getElementById('state-filter').value;
    return f !== 'active' || (i.state !== 'resolved' && i.state !== 'false_alarm');
  }

  function render(flashFp) {
    const tbody = document.querySelector('#incidents tbody');
    tbody.textContent = '';
    const rows = [...incidents.values()].filter(visible).sort((a, b) => Date.parse(b.startsAt) - Date.parse(a.startsAt));
    for (const i of rows) {
      const tr = el('tr', { class: 'incident' + (i.fingerprint === selected ? ' selected' : '') + (i.fingerprint === flashFp ? ' flash' : '') });
      const sev = el('td'); sev.appendChild(el('span', { class: 'sev ' + i.severity }, i.severity)); tr.appendChild(sev);
      tr.appendChild(el('td', {}, brandNames.get(i.brand) || i.brand || '–'));
      tr.appendChild(el('td', {}, i.summary || i.rule || i.fingerprint));
      tr.appendChild(el('td', { title: i.startsAt }, age(i.startsAt)));
      tr.appendChild(el('td', { class: 'state ' + i.state }, t(i.state) + (i.assignee ? ' → ' + i.assignee : '')));
      const act = el('td');
      if (i.state === 'open') {
        const b = el('button', {}, t('acknowledge'));
        b.addEventListener('click', (ev) => { ev.stopPropagation(); act_(i.fingerprint, 'acknowledge', {}); });
        act.appendChild(b);
      }
      tr.appendChild(act);
      tr.addEventListener('click', () => select(i.fingerprint));
      tbody.appendChild(tr);
    }
    document.getElementById('empty').hidden = rows.length > 0;
  }

  async function act_(fp, action, body) {
    try {
      const r = await api('/api/v1/incidents/' + encodeURIComponent(fp) + '/' + action,
        { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
      incidents.set(fp, r.incident);
      render(fp);
      if (selected === fp) select(fp);
    } catch (e) { showError(e); }
  }

  async function select(fp) {
    selected = fp;
    render();
    try {
      const d = await api('/api/v1/incidents/' + encodeURIComponent(fp));
      const i = d.incident;
      document.getElementById('detail').hidden = false;
      document.getElementById('detail-title').textContent = (brandNames.get(i.brand) || i.brand || '') + ': '
        + (i.summary || i.rule || fp);
      document.getElementById('detail-description').textContent = i.description || '';
      const during = document.getElementById('detail-events');
      const planned = d.plannedEvents || [];
      during.hidden = !planned.length;
      during.textContent = planned.length ? t('during') + ' ' + planned.map((e) => e.title + ' (' + modeText(e) + ', '
        + when(e.start) + ' – ' + when(e.end) + ')').join('; ') : '';
      const hist = document.getElementById('history');
      hist.textContent = '';
      hist.appendChild(el('li', {}, new Date(i.startsAt).toLocaleString(lang) + ' – ' + t('fired')));
      for (const e of d.timeline) {
        const what = T[lang].ev[e.type] || e.type.toLowerCase();
        const q = T[lang].q;
        hist.appendChild(el('li', {}, new Date(e.at).toLocaleString(lang) + ' – ' + e.actor + ': ' + what
          + (e.until ? ' ' + new Date(e.until).toLocaleString(lang) : '')
          + (e.assignee ? ' → ' + e.assignee : '') + (e.text ? ' ' + q[0] + e.text + q[1] : '')));
      }
      if (i.brand) { chart(i.brand); samples(i.brand); }
    } catch (e) { showError(e); }
  }

  // The brand's timeline in the chosen window size (1m, 5m, 1h; the server's default range for each: 1 day, 7 days,
  // 35 days), bars placed by time, and under it what the shown range adds up to.
  const WINDOWS = ['1m', '5m', '1h'];
  let timelineWindow = WINDOWS.includes(localStorage.getItem('monitor.window')) ? localStorage.getItem('monitor.window') : '1m';
  let chartBrand = null;
  let chartRequest = 0;

  function markWindow() {
    document.querySelectorAll('#timeline-window button').forEach((b) => {
      b.setAttribute('aria-pressed', String(b.dataset.window === timelineWindow));
    });
  }
  document.querySelectorAll('#timeline-window button').forEach((b) => b.addEventListener('click', () => {
    timelineWindow = b.dataset.window;
    localStorage.setItem('monitor.window', timelineWindow);
    markWindow();
    if (chartBrand) chart(chartBrand);
  }));
  markWindow();

  const num = (n) => Number(n).toLocaleString(lang);
  const compact = (n) => new Intl.NumberFormat(lang, { notation: 'compact', maximumFractionDigits: 1 }).format(n);

  function spanText(from, to) {
    const h = Math.round((Date.parse(to) - Date.parse(from)) / 3600000);
    return h <= 48 ? t('lastHours').replace('{n}', h) : t('lastDays').replace('{n}', Math.round(h / 24));
  }

  async function chart(brand) {
    chartBrand = brand;
    const request = ++chartRequest; // a slower answer for an earlier choice must not overwrite this one
    const box = document.getElementById('chart');
    const stats = document.getElementById('range-stats');
    let data;
    try {
      data = await api('/api/v1/brands/' + encodeURIComponent(brand) + '/timeline?window=' + timelineWindow);
    } catch (e) {
      if (request !== chartRequest) return;
      box.textContent = ''; stats.hidden = true;
      box.appendChild(el('p', { class: 'empty' }, t('noTimeline') + ': ' + e.message)); return;
    }
    if (request !== chartRequest) return;
    box.textContent = '';
    document.getElementById('timeline-range').textContent = spanText(data.from, data.to) + ', ' + t('per_' + data.window);
    const pts = data.points;
    if (!pts.length) { stats.hidden = true; box.appendChild(el('p', { class: 'empty' }, t('noTimeline'))); return; }
    const ns = 'http://www.w3.org/2000/svg';
    const W = 600, H = 160, max = Math.max(1, ...pts.map((p) => p.volume));
    const from = Date.parse(data.from), span = Math.max(1, Date.parse(data.to) - from);
    const svg = document.createElementNS(ns, 'svg');
    svg.setAttribute('viewBox', '0 0 ' + W + ' ' + H);
    svg.setAttribute('preserveAspectRatio', 'none');
    pts.forEach((p) => {
      // Placed by time, so a quiet stretch (windows without mentions are not sent) stays visible as a gap.
      const x = ((Date.parse(p.windowStart) - from) / span) * W;
      const w = ((Date.parse(p.windowEnd) - Date.parse(p.windowStart)) / span) * W;
      for (const [cls, v] of [['vol', p.volume], ['neg', p.negative]]) {
        const r = document.createElementNS(ns, 'rect');
        const h = (v / max) * (H - 10);
        r.setAttribute('class', cls); r.setAttribute('x', x); r.setAttribute('width', Math.max(1, w * 0.9));
        r.setAttribute('y', H - h); r.setAttribute('height', h);
        const title = document.createElementNS(ns, 'title');
        title.textContent = new Date(p.windowStart).toLocaleString(lang) + ': ' + num(p.volume) + ' ' + t('volume') + ', '
          + num(p.negative) + ' ' + t('negative') + ', ' + num(p.uniqueAuthors || 0) + ' ' + t('authorsShort') + ', '
          + t('reach') + ' ' + compact(p.reach || 0);
        r.appendChild(title);
        svg.appendChild(r);
      }
    });
    box.appendChild(svg);
    const legend = el('p', { class: 'legend' });
    legend.appendChild(el('span', { class: 'key vol' }, '■'));
    legend.appendChild(document.createTextNode(' ' + t('volume') + '  '));
    legend.appendChild(el('span', { class: 'key neg' }, '■'));
    legend.appendChild(document.createTextNode(' ' + t('negative')));
    box.appendChild(legend);
    rangeStats(pts);
  }

  // What the shown windows add up to. Volume, reach and engagement are sums; the top lists add up each window's top
  // entries (a term outside a window's list is not counted there, so the counts are lower bounds); distinct authors
  // cannot be added across windows (one author in two windows counts in each), so they are shown as the range the
  // true number lies in: from the busiest window's count to the sum over all windows.
  function rangeStats(pts) {
    const s = { volume: 0, negative: 0, reach: 0, engagement: 0, authorsMax: 0, authorsSum: 0 };
    const terms = new Map(), tags = new Map(), authors = new Map();
    const add = (m, k, n) => m.set(k, (m.get(k) || 0) + n);
    for (const p of pts) {
      s.volume += p.volume; s.negative += p.negative; s.reach += p.reach || 0; s.engagement += p.engagement || 0;
      s.authorsMax = Math.max(s.authorsMax, p.uniqueAuthors || 0); s.authorsSum += p.uniqueAuthors || 0;
      (p.topTerms || []).forEach((c) => add(terms, c.value, c.count));
      (p.topHashtags || []).forEach((c) => add(tags, c.value, c.count));
      (p.topAuthors || []).forEach((a) => {
        const key = a.platform + '\u0000' + a.author;
        const known = authors.get(key) || { author: a.author, platform: a.platform, mentions: 0, followers: 0 };
        known.mentions += a.mentions; known.followers = Math.max(known.followers, a.followers);
        authors.set(key, known);
      });
    }
    const top = (m) => [...m.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, 10);
    document.getElementById('stat-mentions').textContent = num(s.volume) + ' (' + num(s.negative) + ' ' + t('negative') + ')';
    // 0 with mentions: a store that does not count authors (not: nobody wrote them).
    document.getElementById('stat-authors').textContent = s.authorsSum === 0 && s.volume > 0 ? '–'
      : s.authorsMax === s.authorsSum ? num(s.authorsSum)
        : t('between').replace('{a}', num(s.authorsMax)).replace('{b}', num(s.authorsSum));
    document.getElementById('stat-reach').textContent = num(s.reach);
    document.getElementById('stat-engagement').textContent = num(s.engagement);
    const fill = (id, items, text) => {
      const ol = document.getElementById(id);
      ol.textContent = '';
      if (!items.length) { ol.appendChild(el('li', { class: 'empty' }, '–')); return; }
      items.forEach((it) => ol.appendChild(el('li', {}, text(it))));
    };
    fill('top-terms', top(terms), ([v, n]) => v + ' · ' + num(n));
    fill('top-hashtags', top(tags), ([v, n]) => '#' + v + ' · ' + num(n));
    fill('top-authors', [...authors.values()].sort((a, b) => b.followers - a.followers || b.mentions - a.mentions).slice(0, 10),
      (a) => a.author + ' (' + a.platform + ') · ' + compact(a.followers) + ' ' + t('followers') + ' · '
        + num(a.mentions) + ' ' + t('mentionsShort'));
    document.getElementById('range-note').textContent = t('rangeNote').replace('{n}', num(pts.length));
    document.getElementById('range-stats').hidden = false;
  }

  // The latest negative posts of the brand: what the storm is about, in the authors' words.
  async function samples(brand) {
    const list = document.getElementById('samples');
    list.textContent = '';
    let data;
    try {
      data = await api('/api/v1/brands/' + encodeURIComponent(brand) + '/mentions?sentiment=negative&limit=5');
    } catch (e) { list.appendChild(el('li', { class: 'empty' }, t('noSamplesError') + ': ' + e.message)); return; }
    if (!data.mentions.length) { list.appendChild(el('li', { class: 'empty' }, t('noSamples'))); return; }
    const q = T[lang].q;
    for (const m of data.mentions) {
      const li = el('li', { class: 'sample' });
      li.appendChild(el('p', { class: 'text' }, q[0] + m.text + q[1]));
      const meta = el('p', { class: 'meta' });
      const a = m.author || {};
      meta.appendChild(el('span', { class: 'handle' }, a.handle ? '@' + a.handle : (a.displayName || '–')));
      if (a.followers >= 0) {
        meta.appendChild(document.createTextNode(' · ' + Number(a.followers).toLocaleString(lang) + ' ' + t('followers')));
      }
      meta.appendChild(document.createTextNode(' · ' + m.platform + ' · ' + age(m.createdAt)));
      // Only web links: a post's url comes from a third party and must not run script.
      if (m.url && /^https?:[/][/]/i.test(m.url)) {
        meta.appendChild(document.createTextNode(' · '));
        meta.appendChild(el('a', { href: m.url, target: '_blank', rel: 'noopener noreferrer' }, t('openPost')));
      }
      li.appendChild(meta);
      list.appendChild(li);
    }
  }

  document.querySelectorAll('#detail-actions button').forEach((b) => b.addEventListener('click', () => {
    if (!selected) return;
    const a = b.dataset.action;
    if (a === 'acknowledge') return act_(selected, a, {});
    const text = window.prompt(a === 'notes' ? t('noteText') : t('reason'));
    if (!text) return;
    act_(selected, a, a === 'notes' ? { text } : { reason: text });
  }));
  document.getElementById('state-filter').addEventListener('change', () => render());

  function connected(on) {
    document.getElementById('conn').className = 'dot ' + (on ? 'on' : 'off');
    document.getElementById('conn-text').textContent = t(on ? 'live' : 'offline');
  }

  async function load() {
    await loadBrands();
    const list = await api('/api/v1/incidents?limit=500');
    incidents.clear();
    list.incidents.forEach((i) => incidents.set(i.fingerprint, i));
    render();
    return list.lastEventId;
  }

  async function start() {
    let last;
    try { last = await load(); } catch (e) { showError(e); setTimeout(start, 5000); return; }
    if (source) source.close();
    // lastEventId closes the gap between the list and the stream; later reconnects send Last-Event-ID themselves.
    let url = '/api/v1/incidents/stream?lastEventId=' + encodeURIComponent(last);
    if (token) url += '&access_token=' + encodeURIComponent(token);
    source = new EventSource(url);
    source.onopen = () => connected(true);
    source.onerror = () => connected(false);
    source.addEventListener('incident', (ev) => {
      const c = JSON.parse(ev.data);
      if (c.change === 'removed') incidents.delete(c.incident.fingerprint); else incidents.set(c.incident.fingerprint, c.incident);
      render(c.incident.fingerprint);
      reloadBrandsSoon(); // the active-incident counts changed
      if (selected === c.incident.fingerprint) select(selected);
    });
    source.addEventListener('reset', () => { start(); });
    // Links in notifications point at /#incident=<fingerprint>.
    const m = /^#incident=([0-9a-zA-Z_-]+)$/.exec(location.hash);
    if (m && !selected) select(m[1]);
  }

  // ------------------------------------------------------------------ brands and planned events

  function when(iso) {
    return new Date(iso).toLocaleString(lang, { dateStyle: 'short', timeStyle: 'short' });
  }

  function modeText(e) {
    return e.mode === 'RAISE' ? t('raised') + e.thresholdFactor : t('muted');
  }

  async function loadBrands() {
    let data;
    try { data = await api('/api/v1/brands'); } catch (e) { return; /* ids will do for the incident list */ }
    data.brands.forEach((b) => brandNames.set(b.id, b.name));
    renderBrands(data);
  }

  let brandsTimer = null;
  function reloadBrandsSoon() {
    if (brandsTimer) return;
    brandsTimer = setTimeout(() => { brandsTimer = null; loadBrands(); }, 1000);
  }

  function renderBrands(data) {
    const tbody = document.querySelector('#brands tbody');
    tbody.textContent = '';
    for (const b of data.brands) {
      const tr = el('tr', { class: 'brand', 'data-brand': b.id });
      const name = el('td');
      name.appendChild(el('strong', {}, b.name));
      if (b.name !== b.id) name.appendChild(document.createTextNode(' (' + b.id + ')'));
      tr.appendChild(name);
      const q = el('td');
      q.appendChild(el('code', {}, b.query));
      tr.appendChild(q);
      tr.appendChild(el('td', { class: 'count' + (b.activeIncidents > 0 ? ' busy' : '') }, String(b.activeIncidents)));
      const events = el('td');
      const ul = el('ul', { class: 'events' });
      for (const e of b.currentEvents) {
        ul.appendChild(el('li', { class: 'current' }, e.title + ' · ' + modeText(e) + ' · ' + t('running') + ' ' + when(e.end)));
      }
      for (const e of b.upcomingEvents) {
        ul.appendChild(el('li', { class: 'upcoming' }, e.title + ' · ' + modeText(e) + ' · ' + t('from') + ' ' + when(e.start)));
      }
      if (ul.children.length) events.appendChild(ul); else events.textContent = '–';
      tr.appendChild(events);
      if (data.canEditBrands) tr.appendChild(brandActions(b));
      tbody.appendChild(tr);
    }
    if (!data.brands.length) {
      const tr = el('tr');
      tr.appendChild(el('td', { colspan: data.canEditBrands ? '5' : '4', class: 'empty' }, t('noBrands')));
      tbody.appendChild(tr);
    }
    // Creating, changing and deleting brands only for admins (the API says so; it also enforces it).
    document.getElementById('brands-admin-head').hidden = !data.canEditBrands;
    document.getElementById('brand-admin').hidden = !data.canEditBrands;
    if (!data.canEditBrands) document.getElementById('brand-form').hidden = true;
    // The form only for those who may declare events (responder or admin; everybody when auth is off).
    document.getElementById('event-form').hidden = !data.canDeclareEvents || !data.brands.length;
    const select = document.getElementById('event-brand');
    const kept = select.value;
    select.textContent = '';
    data.brands.forEach((b) => select.appendChild(el('option', { value: b.id }, b.name)));
    if (kept && data.brands.some((b) => b.id === kept)) select.value = kept;
  }

  // datetime-local wants local time without zone: 2026-12-01T09:00
  function localInput(d) {
    const p = (n) => String(n).padStart(2, '0');
    return d.getFullYear() + '-' + p(d.getMonth() + 1) + '-' + p(d.getDate()) + 'T' + p(d.getHours()) + ':' + p(d.getMinutes());
  }

  function notice(text) {
    const n = el('div', { class: 'notice', role: 'status' }, text);
    document.body.appendChild(n);
    setTimeout(() => n.remove(), 4000);
  }

  (function initEventForm() {
    const start = new Date(Date.now() + 3600 * 1000);
    start.setMinutes(0, 0, 0);
    document.getElementById('event-start').value = localInput(start);
    document.getElementById('event-end').value = localInput(new Date(start.getTime() + 12 * 3600 * 1000));
    const mode = document.getElementById('event-mode');
    mode.addEventListener('change', () => { document.getElementById('event-factor-label').hidden = mode.value !== 'RAISE'; });
    document.getElementById('event-form').addEventListener('submit', async (ev) => {
      ev.preventDefault();
      const v = (id) => document.getElementById(id).value;
      try {
        const body = { title: v('event-title').trim(), start: new Date(v('event-start')).toISOString(),
          end: new Date(v('event-end')).toISOString(), mode: v('event-mode') };
        if (body.mode === 'RAISE') body.thresholdFactor = Number(v('event-factor'));
        await api('/api/v1/brands/' + encodeURIComponent(v('event-brand')) + '/events',
          { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
        document.getElementById('event-title').value = '';
        notice(t('declared'));
        loadBrands();
      } catch (e) { showError(e); }
    });
  })();

  // ------------------------------------------------------------------ brand administration

  let editing = null; // the id of the brand being changed; null: a new brand

  function brandActions(b) {
    const td = el('td', { class: 'admin' });
    const edit = el('button', { type: 'button', class: 'brand-edit' }, t('edit'));
    edit.addEventListener('click', () => openBrandForm(b));
    const del = el('button', { type: 'button', class: 'brand-delete' }, t('del'));
    // Two clicks instead of a dialog: the first arms the button for a few seconds, the second deletes.
    del.addEventListener('click', async () => {
      if (!del.classList.contains('confirm')) {
        del.classList.add('confirm');
        del.textContent = t('confirmDelete');
        setTimeout(() => { del.classList.remove('confirm'); del.textContent = t('del'); }, 5000);
        return;
      }
      try {
        await api('/api/v1/brands/' + encodeURIComponent(b.id), { method: 'DELETE' });
        if (editing === b.id) closeBrandForm();
        notice(t('brandDeleted'));
        loadBrands();
      } catch (e) { showError(e); }
    });
    td.appendChild(edit);
    td.appendChild(del);
    return td;
  }

  const brandFields = ['id', 'name', 'hashtags', 'query'];

  function clearBrandErrors() {
    for (const f of brandFields) {
      const err = document.getElementById('brand-' + f + '-error');
      err.hidden = true;
      err.textContent = '';
      document.getElementById('brand-' + f).removeAttribute('aria-invalid');
    }
    const marker = document.getElementById('brand-query-marker');
    marker.hidden = true;
    marker.textContent = '';
  }

  function fieldError(field, text) {
    const input = document.getElementById('brand-' + field);
    const err = document.getElementById('brand-' + field + '-error');
    input.setAttribute('aria-invalid', 'true');
    err.textContent = text;
    err.hidden = false;
    input.focus();
  }

  // A query that does not parse: "Column 15: expected ')'", the query with a caret under the column, the cursor there.
  function queryError(p, query) {
    if (!Number.isInteger(p.position)) { fieldError('query', p.detail || p.title); return; }
    fieldError('query', t('column') + ' ' + p.column + ': ' + t('expected') + ' ' + p.expected);
    const marker = document.getElementById('brand-query-marker');
    marker.textContent = query + '\n' + ' '.repeat(Math.min(p.position, query.length)) + '^';
    marker.hidden = false;
    const input = document.getElementById('brand-query');
    input.setSelectionRange(p.position, Math.min(query.length, p.position + 1));
  }

  function openBrandForm(b) {
    editing = b ? b.id : null;
    clearBrandErrors();
    document.getElementById('brand-form-title').textContent = b ? t('editBrand') + ' ' + b.name : t('newBrand');
    const id = document.getElementById('brand-id');
    id.value = b ? b.id : '';
    id.readOnly = !!b;
    document.getElementById('brand-name').value = b ? b.name : '';
    document.getElementById('brand-query').value = b ? b.query : '';
    document.getElementById('brand-hashtags').value = b ? (b.hashtags || []).join(', ') : '';
    document.getElementById('brand-form').hidden = false;
    (b ? document.getElementById('brand-query') : id).focus();
  }

  function closeBrandForm() {
    editing = null;
    clearBrandErrors();
    document.getElementById('brand-form').hidden = true;
  }

  document.getElementById('brand-new').addEventListener('click', () => openBrandForm(null));
  document.getElementById('brand-cancel').addEventListener('click', closeBrandForm);
  document.getElementById('brand-form').addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearBrandErrors();
    const v = (f) => document.getElementById('brand-' + f).value.trim();
    // A query is one line; line breaks typed into the box are spaces.
    const query = document.getElementById('brand-query').value.replace(/[\r\n]+/g, ' ').trim();
    document.getElementById('brand-query').value = query;
    const body = { query: query };
    if (v('name')) body.name = v('name');
    body.hashtags = v('hashtags').split(/[\s,]+/).map((h) => h.replace(/^#/, '')).filter((h) => h);
    const created = editing === null;
    if (created) body.id = v('id');
    try {
      await api(created ? '/api/v1/brands' : '/api/v1/brands/' + encodeURIComponent(editing),
        { method: created ? 'POST' : 'PUT', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
      closeBrandForm();
      notice(t(created ? 'brandCreated' : 'brandSaved'));
      loadBrands();
    } catch (e) {
      const p = e.problem || {};
      if (e.status === 400 && /bad-query$/.test(p.type || '')) queryError(p, query);
      else if (e.status === 400 && brandFields.includes(p.field)) fieldError(p.field, p.detail);
      else if (e.status === 409 && created) fieldError('id', t('idExists'));
      else showError(e);
    }
  });

  setInterval(loadBrands, 60000); // planned events start and end, other people change brands
  setInterval(() => render(), 30000); // keeps the ages fresh
  start();
})();
