/*
 * Card preview page (issue 8). Plain browser JavaScript, no framework, nothing loaded from elsewhere; every element
 * is built with createElement/textContent, and the only HTML inserted is the output of the safe markdown renderer
 * (markdown.js). Talks to the service exactly as an EHR would: discovery, hook call, feedback.
 */
(function () {
  'use strict';

  var state = { services: [], scenarios: [], lastServiceId: null };
  var INDICATOR_LABELS = { info: 'Info', warning: 'Warning', critical: 'Critical' };

  function $(id) { return document.getElementById(id); }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function setStatus(id, text, kind) {
    var node = $(id);
    node.textContent = text;
    node.className = 'status' + (kind ? ' ' + kind : '');
  }

  // crypto.randomUUID needs a secure context; getRandomValues works on plain http hosts too.
  function uuidv4() {
    var b = new Uint8Array(16);
    window.crypto.getRandomValues(b);
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    var h = Array.prototype.map.call(b, function (x) { return (x + 0x100).toString(16).slice(1); }).join('');
    return h.slice(0, 8) + '-' + h.slice(8, 12) + '-' + h.slice(12, 16) + '-' + h.slice(16, 20) + '-' + h.slice(20);
  }

  function authHeaders() {
    var token = $('token').value.trim();
    return token ? { Authorization: 'Bearer ' + token } : {};
  }

  function getJson(url) {
    return fetch(url, { headers: Object.assign({ Accept: 'application/json' }, authHeaders()) }).then(function (res) {
      if (!res.ok) throw new Error(url + ' answered ' + res.status);
      return res.json();
    });
  }

  function postJson(url, body) {
    return fetch(url, {
      method: 'POST',
      headers: Object.assign({ 'Content-Type': 'application/json', Accept: 'application/json' }, authHeaders()),
      body: JSON.stringify(body),
    }).then(function (res) {
      return res.text().then(function (text) {
        var json = null;
        try { json = text ? JSON.parse(text) : null; } catch (e) { json = null; }
        return { status: res.status, ok: res.ok, json: json };
      });
    });
  }

  /** The message of an OperationOutcome (what the service says went wrong). */
  function outcomeMessage(json) {
    if (json && json.resourceType === 'OperationOutcome' && Array.isArray(json.issue)) {
      return json.issue.map(function (i) { return i.diagnostics || (i.details && i.details.text) || i.code; }).join('; ');
    }
    return '';
  }

  function selectedService() {
    var id = $('service').value;
    return state.services.filter(function (s) { return s.id === id; })[0] || null;
  }

  function describeService() {
    var service = selectedService();
    $('service-description').textContent = service ? service.hook + ' — ' + (service.description || service.title || '') : '';
  }

  function loadServices() {
    return getJson('/cds-services').then(function (body) {
      state.services = Array.isArray(body.services) ? body.services : [];
      var select = $('service');
      select.textContent = '';
      state.services.forEach(function (service) {
        var option = el('option', null, service.title ? service.id + ' — ' + service.title : service.id);
        option.value = service.id;
        select.appendChild(option);
      });
      describeService();
    }).catch(function (err) {
      setStatus('status', 'Could not load the services (' + err.message + ').', 'error');
    });
  }

  function loadScenarios() {
    return getJson('/preview/scenarios').then(function (body) {
      state.scenarios = Array.isArray(body.scenarios) ? body.scenarios : [];
      var select = $('scenario');
      state.scenarios.forEach(function (scenario, index) {
        var option = el('option', null, scenario.id + ' — ' + scenario.title);
        option.value = String(index);
        select.appendChild(option);
      });
    }).catch(function () {
      $('scenario-hint').textContent = 'No scenarios available.';
    });
  }

  function chooseScenario() {
    var scenario = state.scenarios[Number($('scenario').value)];
    if (!scenario || $('scenario').value === '') {
      $('scenario-hint').textContent = '';
      return;
    }
    $('request').value = JSON.stringify(scenario.request, null, 2);
    if (state.services.some(function (s) { return s.id === scenario.service; })) $('service').value = scenario.service;
    describeService();
    // Fixtures are dated: the service evaluates at its own clock (CDS_CLOCK replays a fixed "now").
    $('scenario-hint').textContent = 'Written for now = ' + scenario.now + '; expected advice: ' +
      (scenario.expectedPrimary || 'no card') + '. The service uses its own clock (start it with CDS_CLOCK=' +
      scenario.now + ' to replay).';
  }

  // ───────────── feedback ─────────────

  function sendFeedback(serviceId, item, what) {
    item.outcomeTimestamp = new Date().toISOString();
    setStatus('feedback-status', 'Sending feedback: ' + what + ' …');
    return postJson('/cds-services/' + encodeURIComponent(serviceId) + '/feedback', { feedback: [item] }).then(function (res) {
      if (res.ok) setStatus('feedback-status', 'Feedback sent: ' + what + ' (HTTP ' + res.status + ')', 'ok');
      else setStatus('feedback-status', 'Feedback refused (HTTP ' + res.status + ') ' + outcomeMessage(res.json), 'error');
      return res.ok;
    }).catch(function (err) {
      setStatus('feedback-status', 'Feedback failed: ' + err.message, 'error');
      return false;
    });
  }

  function closeCard(node, className, text) {
    node.classList.add(className);
    Array.prototype.forEach.call(node.querySelectorAll('button, select, input'), function (control) {
      control.disabled = true;
    });
    node.appendChild(el('p', 'card-state', text));
  }

  // ───────────── rendering ─────────────

  function renderAction(action) {
    var item = el('li', 'action');
    var what = action.type + ' ' + (action.resource ? action.resource.resourceType : action.resourceId || '');
    item.appendChild(el('span', 'action-kind', what));
    if (action.description) item.appendChild(document.createTextNode(' — ' + action.description));
    if (action.resource) {
      var details = el('details', 'resource');
      details.appendChild(el('summary', null, 'FHIR ' + action.resource.resourceType));
      details.appendChild(el('pre', null, JSON.stringify(action.resource, null, 2)));
      item.appendChild(details);
    }
    return item;
  }

  function renderSuggestion(card, suggestion, cardNode, serviceId) {
    var row = el('div', 'suggestion');
    var button = el('button', 'suggestion-button', suggestion.label);
    button.type = 'button';
    button.title = 'Accept this suggestion';
    row.appendChild(button);
    if (suggestion.isRecommended) row.appendChild(el('span', 'recommended', 'Recommended'));
    var actions = suggestion.actions || [];
    if (actions.length > 0) {
      var details = el('details', 'actions');
      details.appendChild(el('summary', null, 'What this would ' + (actions.length === 1 ? 'do' : 'do (' + actions.length + ' actions)')));
      var list = el('ul');
      actions.forEach(function (action) { list.appendChild(renderAction(action)); });
      details.appendChild(list);
      row.appendChild(details);
    }
    button.addEventListener('click', function () {
      button.disabled = true;
      sendFeedback(serviceId, {
        card: card.uuid,
        outcome: 'accepted',
        acceptedSuggestions: [{ id: suggestion.uuid }],
      }, 'accepted “' + suggestion.label + '”').then(function (ok) {
        if (!ok) { button.disabled = false; return; }
        button.classList.add('is-accepted');
        if (card.selectionBehavior === 'at-most-one' || card.selectionBehavior === undefined) {
          closeCard(cardNode, 'is-accepted', 'Accepted: ' + suggestion.label);
        }
      });
    });
    return row;
  }

  function renderDismiss(card, cardNode, serviceId) {
    var box = el('div', 'dismiss');
    var reasons = card.overrideReasons || [];
    var select = null;
    if (reasons.length > 0) {
      var id = 'reason-' + card.uuid;
      var label = el('label', null, 'Reason');
      label.htmlFor = id;
      select = el('select', 'override-reason');
      select.id = id;
      var none = el('option', null, '— choose a reason —');
      none.value = '';
      select.appendChild(none);
      reasons.forEach(function (reason, index) {
        var option = el('option', null, reason.display || reason.code);
        option.value = String(index);
        select.appendChild(option);
      });
      box.appendChild(label);
      box.appendChild(select);
    }
    var button = el('button', 'dismiss-button', 'Dismiss');
    button.type = 'button';
    box.appendChild(button);
    button.addEventListener('click', function () {
      var reason = select && select.value !== '' ? reasons[Number(select.value)] : null;
      var item = { card: card.uuid, outcome: 'overridden' };
      if (reason) {
        var coding = { code: reason.code };
        if (reason.system) coding.system = reason.system;
        if (reason.display) coding.display = reason.display;
        item.overrideReason = { reason: coding };
      }
      var what = 'dismissed' + (reason ? ' (' + (reason.display || reason.code) + ')' : '');
      button.disabled = true;
      sendFeedback(serviceId, item, what).then(function (ok) {
        if (ok) closeCard(cardNode, 'is-dismissed', 'Dismissed' + (reason ? ': ' + (reason.display || reason.code) : ''));
        else button.disabled = false;
      });
    });
    return box;
  }

  function isHttpUrl(url) {
    return typeof url === 'string' && /^https?:\/\//i.test(url);
  }

  function renderCard(card, serviceId) {
    var indicator = INDICATOR_LABELS[card.indicator] ? card.indicator : 'info';
    var node = el('article', 'card indicator-' + indicator);
    node.dataset.indicator = indicator;
    if (card.source && card.source.topic) node.dataset.advice = card.source.topic.code;

    var head = el('div', 'card-head');
    head.appendChild(el('span', 'indicator indicator-label-' + indicator, INDICATOR_LABELS[indicator]));
    head.appendChild(el('h3', 'summary', card.summary));
    node.appendChild(head);

    if (card.detail) {
      var detail = el('div', 'detail');
      detail.innerHTML = window.DvtMarkdown.renderMarkdown(card.detail); // escaped first, see markdown.js
      node.appendChild(detail);
    }

    if (card.source) {
      var source = el('p', 'source');
      source.appendChild(document.createTextNode('Source: '));
      if (isHttpUrl(card.source.url)) {
        var a = el('a', null, card.source.label);
        a.href = card.source.url;
        a.target = '_blank';
        a.rel = 'noopener noreferrer';
        source.appendChild(a);
      } else {
        source.appendChild(document.createTextNode(card.source.label || ''));
      }
      if (card.source.topic) {
        source.appendChild(document.createTextNode(' · advice '));
        source.appendChild(el('span', 'topic', card.source.topic.code));
      }
      node.appendChild(source);
    }

    var suggestions = card.suggestions || [];
    if (suggestions.length > 0) {
      var box = el('div', 'suggestions');
      box.appendChild(el('p', 'suggestions-title',
        card.selectionBehavior === 'at-most-one' ? 'Suggestions (choose at most one)' : 'Suggestions'));
      suggestions.forEach(function (s) { box.appendChild(renderSuggestion(card, s, node, serviceId)); });
      node.appendChild(box);
    }

    var links = card.links || [];
    if (links.length > 0) {
      var list = el('ul', 'links');
      links.forEach(function (link) {
        var item = el('li');
        if (isHttpUrl(link.url)) {
          var anchor = el('a', null, link.label);
          anchor.href = link.url;
          anchor.target = '_blank';
          anchor.rel = 'noopener noreferrer';
          item.appendChild(anchor);
          if (link.type === 'smart') item.appendChild(document.createTextNode(' (SMART app)'));
        } else {
          item.textContent = link.label;
        }
        list.appendChild(item);
      });
      node.appendChild(list);
    }

    node.appendChild(renderDismiss(card, node, serviceId));
    return node;
  }

  function renderCards(cards, serviceId) {
    var container = $('cards');
    container.textContent = '';
    if (cards.length === 0) {
      container.appendChild(el('p', 'empty', 'No cards: the service has no advice for this request.'));
      return;
    }
    cards.forEach(function (card) { container.appendChild(renderCard(card, serviceId)); });
  }

  // ───────────── sending ─────────────

  function send() {
    var service = selectedService();
    if (!service) { setStatus('status', 'Choose a service first.', 'error'); return; }
    var request;
    try {
      request = JSON.parse($('request').value);
    } catch (err) {
      setStatus('status', 'The request is not valid JSON: ' + err.message, 'error');
      return;
    }
    if (request && typeof request === 'object' && !Array.isArray(request)) {
      request.hookInstance = uuidv4(); // each send is a new hook call
      if (!request.hook) request.hook = service.hook;
    }
    setStatus('status', 'Sending to ' + service.id + ' …');
    setStatus('feedback-status', '');
    $('send').disabled = true;
    postJson('/cds-services/' + encodeURIComponent(service.id), request).then(function (res) {
      if (!res.ok) {
        setStatus('status', 'HTTP ' + res.status + ': ' + (outcomeMessage(res.json) || 'the service refused the request'), 'error');
        $('cards').textContent = '';
        return;
      }
      var cards = res.json && Array.isArray(res.json.cards) ? res.json.cards : [];
      state.lastServiceId = service.id;
      setStatus('status', 'HTTP ' + res.status + ': ' + cards.length + ' card' + (cards.length === 1 ? '' : 's'), 'ok');
      renderCards(cards, service.id);
    }).catch(function (err) {
      setStatus('status', 'Could not reach the service: ' + err.message, 'error');
    }).then(function () {
      $('send').disabled = false;
    });
  }

  function start() {
    $('service').addEventListener('change', describeService);
    $('scenario').addEventListener('change', chooseScenario);
    $('send').addEventListener('click', send);
    Promise.all([loadServices(), loadScenarios()]).then(function () {
      document.body.dataset.ready = 'true';
    });
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
