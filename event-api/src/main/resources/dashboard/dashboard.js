// Leadstream ops dashboard: polls the data endpoint every 2 s and renders it into the server-rendered page.
// The credential comes from the sign-in form or the URL fragment (#token=… / #operator=…, never sent to the
// server as part of the URL) and is kept in this tab's sessionStorage.
(function () {
  'use strict';
  var POLL_MS = 2000;
  var KEY = 'leadstream.dashboard.credential';
  var previous = null;
  var timer = null;

  function $(id) { return document.getElementById(id); }

  function credential() {
    var hash = new URLSearchParams(location.hash.slice(1));
    var kind = hash.has('operator') ? 'operator' : hash.has('token') ? 'token' : null;
    if (kind) {
      sessionStorage.setItem(KEY, JSON.stringify({ kind: kind, secret: hash.get(kind) }));
      history.replaceState(null, '', location.pathname + location.search);
    }
    var stored = sessionStorage.getItem(KEY);
    return stored ? JSON.parse(stored) : null;
  }

  function endpoint(c) {
    if (c.kind !== 'operator') { return '/api/v1/dashboard'; }
    var ws = new URLSearchParams(location.search).get('workspace');
    return '/admin/v1/dashboard' + (ws ? '?workspace=' + encodeURIComponent(ws) : '');
  }

  function text(id, value) { $(id).textContent = value; }

  function fmt(n) { return typeof n === 'number' ? n.toLocaleString('en-US') : String(n); }

  function rows(tableId, data, cells) {
    var body = $(tableId).tBodies[0];
    var out = document.createDocumentFragment();
    data.forEach(function (d) {
      var tr = document.createElement('tr');
      cells(d).forEach(function (c) {
        var td = document.createElement('td');
        if (c instanceof Node) { td.appendChild(c); } else { td.textContent = c; }
        tr.appendChild(td);
      });
      if (d && d.id) { tr.id = d.id; }
      out.appendChild(tr);
    });
    body.replaceChildren(out);
  }

  function rate(now, before, seconds) {
    if (before === undefined || before === null || seconds <= 0) { return ''; }
    return (Math.max(0, now - before) / seconds).toFixed(1) + ' /s';
  }

  function render(d, c) {
    var t = d.throughput;
    var seconds = previous ? (Date.parse(d.generatedAt) - Date.parse(previous.generatedAt)) / 1000 : 0;
    var pt = previous ? previous.throughput : {};
    text('scope', d.scope === 'all' ? 'all workspaces (operator)' : 'workspace ' + d.scope);
    text('updated', 'updated ' + new Date(d.generatedAt).toLocaleTimeString('en-GB'));
    text('events-applied', fmt(t.eventsApplied));
    text('events-rate', rate(t.eventsApplied, pt.eventsApplied, seconds));
    text('salesforce-writes', fmt(t.salesforceWrites));
    text('writes-rate', rate(t.salesforceWrites, pt.salesforceWrites, seconds));
    if (t.topicRecords) {
      $('topic-records').hidden = false;
      rows('topic-records', Object.keys(t.topicRecords).map(function (k) {
        return { id: 'topic-' + k.replace(/\./g, '-'), topic: k, n: t.topicRecords[k] };
      }), function (r) {
        var before = pt.topicRecords ? pt.topicRecords[r.topic] : undefined;
        return [r.topic, fmt(r.n), rate(r.n, before, seconds)];
      });
    }
    rows('funnel', Object.keys(d.leadsByStatus).map(function (s) {
      return { id: 'status-' + s, status: s, n: d.leadsByStatus[s] };
    }), function (r) { return [r.status, fmt(r.n)]; });
    var max = Math.max.apply(null, Object.values(d.scoreBuckets).concat([1]));
    rows('scores', Object.keys(d.scoreBuckets).map(function (b) {
      return { id: 'score-' + b, bucket: b, n: d.scoreBuckets[b] };
    }), function (r) {
      var bar = document.createElement('span');
      bar.className = 'bar';
      bar.style.width = Math.round(120 * r.n / max) + 'px';
      return [r.bucket, fmt(r.n), bar];
    });
    text('upcoming-count', fmt(d.gates.deferredWithinHour));
    rows('gates', Object.keys(d.gates.byDecisionAndRule).map(function (k) {
      var p = k.split(' ');
      return { id: 'gate-' + p[0] + '-' + p[1], decision: p[0], rule: p[1], n: d.gates.byDecisionAndRule[k] };
    }), function (r) { return [r.decision, r.rule, fmt(r.n)]; });
    rows('upcoming', d.gates.upcoming, function (u) {
      return [new Date(u.dueAt).toLocaleTimeString('en-GB'), u.workspace, u.leadId, u.rule];
    });
    rows('crm', Object.keys(d.crm).map(function (ws) { var r = d.crm[ws]; r.ws = ws; r.id = 'crm-' + ws; return r; }),
      function (r) {
        var state = document.createElement('span');
        state.textContent = r.state;
        state.className = 'state-' + r.state;
        var b = r.apiBudget;
        var budget = b && b.limit > 0 ? Math.round(100 * b.used / b.limit) + ' % of ' + fmt(b.limit) : 'unknown';
        var p = r.pending || {};
        return [r.ws, state, r.reason || '', budget, fmt(p.held || 0), fmt(p.not_found || 0), fmt(p.ambiguous || 0),
                r.connection && r.connection.lastSyncAt !== 'null' ? r.connection.lastSyncAt : '–'];
      });
    var dlqRows = [];
    Object.keys(d.dlq).forEach(function (topic) {
      var byReason = d.dlq[topic].byReason;
      Object.keys(byReason).forEach(function (reason) {
        dlqRows.push({ id: 'dlq-' + topic.replace(/\./g, '-') + '-' + reason, topic: topic, reason: reason, n: byReason[reason] });
      });
    });
    rows('dlq', dlqRows, function (r) {
      if (c.kind !== 'operator') { return [r.topic, r.reason, fmt(r.n), '']; }
      var button = document.createElement('button');
      button.type = 'button';
      button.textContent = 'Replay';
      button.addEventListener('click', function () { replay(c, r.topic, r.reason, d.scope); });
      return [r.topic, r.reason, fmt(r.n), button];
    });
    text('review-open', fmt(d.review.open));
    rows('review', d.review.items, function (i) {
      if (c.kind !== 'operator') { return [i.workspace, i.leadId, i.entityType, i.candidates.join(', ')]; }
      // The operator links the lead to one candidate: the repair API's resolve (SPEC §8), as `review resolve` does.
      var choices = document.createElement('span');
      i.candidates.forEach(function (id) {
        var button = document.createElement('button');
        button.type = 'button';
        button.textContent = 'Link ' + id;
        button.addEventListener('click', function () { resolve(c, i.workspace, i.leadId, id); });
        choices.appendChild(button);
      });
      return [i.workspace, i.leadId, i.entityType, choices];
    });
    rows('lag', d.lag, function (l) {
      return l.error ? [l.group, l.error, '', ''] : [l.group, l.topic, String(l.partition), fmt(l.lag)];
    });
    previous = d;
  }

  function replay(c, topic, reason, scope) {
    var body = { topic: topic, reason: reason };
    if (scope !== 'all') { body.workspace = scope; }
    fetch('/admin/v1/dlq/replay', {
      method: 'POST',
      headers: { 'Authorization': 'Bearer ' + c.secret, 'Content-Type': 'application/json' },
      body: JSON.stringify(body)
    }).then(function (r) { return r.json().then(function (j) { return { status: r.status, body: j }; }); })
      .then(function (r) {
        text('dlq-result', r.status === 200 ? 'Replayed ' + (r.body.replayed || 0) + ' record(s) of ' + topic
          : 'Replay refused: ' + (r.body.detail || r.status));
      });
  }

  function resolve(c, workspace, leadId, recordId) {
    fetch('/admin/v1/workspaces/' + encodeURIComponent(workspace) + '/review/' + encodeURIComponent(leadId), {
      method: 'POST',
      headers: { 'Authorization': 'Bearer ' + c.secret, 'Content-Type': 'application/json' },
      body: JSON.stringify({ recordId: recordId })
    }).then(function (r) { return r.json().then(function (j) { return { status: r.status, body: j }; }); })
      .then(function (r) {
        text('review-result', r.status === 200 ? 'Linked ' + leadId + ' to ' + recordId
          : 'Not linked: ' + (r.body.detail || r.status));
      });
  }

  function poll(c) {
    fetch(endpoint(c), { headers: { 'Authorization': 'Bearer ' + c.secret }, cache: 'no-store' })
      .then(function (r) {
        if (r.status === 401 || r.status === 403) {
          signOut('This credential is not accepted here (' + r.status + ').');
          return null;
        }
        return r.ok ? r.json() : null;
      })
      .then(function (d) {
        if (d) {
          $('panels').hidden = false;
          $('sign-out').hidden = false;
          render(d, c);
        }
      })
      .catch(function () { text('updated', 'connection lost; retrying'); })
      .finally(function () { if (sessionStorage.getItem(KEY)) { timer = setTimeout(function () { poll(c); }, POLL_MS); } });
  }

  function signOut(message) {
    sessionStorage.removeItem(KEY);
    clearTimeout(timer);
    previous = null;
    $('panels').hidden = true;
    $('sign-out').hidden = true;
    $('sign-in').hidden = false;
    text('scope', 'not signed in');
    text('sign-in-error', message || '');
  }

  document.addEventListener('DOMContentLoaded', function () {
    $('sign-in').addEventListener('submit', function (e) {
      e.preventDefault();
      var kind = document.querySelector('input[name=kind]:checked').value;
      sessionStorage.setItem(KEY, JSON.stringify({ kind: kind, secret: $('credential').value }));
      $('credential').value = '';
      $('sign-in').hidden = true;
      poll(credential());
    });
    $('sign-out').addEventListener('click', function () { signOut(''); });
    var c = credential();
    if (c) { poll(c); } else { $('sign-in').hidden = false; }
  });
})();
