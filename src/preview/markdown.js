/*
 * A small, SAFE markdown renderer for card details (CDS Hooks: detail is GitHub-flavoured markdown).
 * Everything is HTML-escaped FIRST; only then are a few constructs turned back into tags: **bold**, *italic*,
 * bullet and numbered lists, paragraphs, line breaks, and [links](url) whose url is absolute http(s).
 * No raw HTML, no images, no other URL schemes (javascript:, data: … stay plain text).
 * Loaded by the preview page (window.DvtMarkdown) and by the unit tests (CommonJS).
 */
(function (root) {
  'use strict';

  function escapeHtml(text) {
    return String(text)
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;')
      .replace(/'/g, '&#39;');
  }

  function renderEmphasis(escaped) {
    return escaped
      .replace(/\*\*(?=\S)([^*\n]*?\S)\*\*/g, '<strong>$1</strong>')
      .replace(/__(?=\S)([^_\n]*?\S)__/g, '<strong>$1</strong>')
      .replace(/(^|[^*\w])\*(?=\S)([^*\n]*?\S)\*(?!\w)/g, '$1<em>$2</em>')
      .replace(/(^|[^_\w])_(?=\S)([^_\n]*?\S)_(?!\w)/g, '$1<em>$2</em>');
  }

  // Runs on already-escaped text: the only characters that can form tags are the ones added here. Links are cut
  // out first so that emphasis markers inside a URL never touch the href.
  function renderInline(escaped) {
    var links = [];
    var LINK = /\[([^\]\n]+)\]\((https?:\/\/[^\s()]+)\)/g;
    var withSlots = escaped.replace(LINK, function (_m, label, url) {
      links.push('<a href="' + url + '" target="_blank" rel="noopener noreferrer">' + renderEmphasis(label) + '</a>');
      return '\u0000' + (links.length - 1) + '\u0000';
    });
    return renderEmphasis(withSlots).replace(/\u0000(\d+)\u0000/g, function (_m, index) {
      return links[Number(index)];
    });
  }

  var BULLET = /^\s*[-*+]\s+(.*)$/;
  var NUMBERED = /^\s*\d+[.)]\s+(.*)$/;
  var HEADING = /^\s*#{1,6}\s+(.*)$/;

  /** Markdown → HTML string safe to assign to innerHTML. */
  function renderMarkdown(markdown) {
    var lines = escapeHtml(markdown == null ? '' : String(markdown).replace(/\u0000/g, '')).replace(/\r\n?/g, '\n').split('\n');
    var html = [];
    var paragraph = [];
    var list = null; // { tag: 'ul' | 'ol', items: [] }

    function flushParagraph() {
      if (paragraph.length > 0) html.push('<p>' + paragraph.map(renderInline).join('<br>') + '</p>');
      paragraph = [];
    }
    function flushList() {
      if (list) {
        html.push('<' + list.tag + '>' + list.items.map(function (item) {
          return '<li>' + renderInline(item) + '</li>';
        }).join('') + '</' + list.tag + '>');
      }
      list = null;
    }

    lines.forEach(function (line) {
      var bullet = BULLET.exec(line);
      var numbered = bullet ? null : NUMBERED.exec(line);
      var heading = HEADING.exec(line);
      if (bullet || numbered) {
        flushParagraph();
        var tag = bullet ? 'ul' : 'ol';
        if (!list || list.tag !== tag) {
          flushList();
          list = { tag: tag, items: [] };
        }
        list.items.push((bullet || numbered)[1]);
      } else if (line.trim() === '') {
        flushParagraph();
        flushList();
      } else if (heading) {
        flushParagraph();
        flushList();
        html.push('<p><strong>' + renderInline(heading[1]) + '</strong></p>');
      } else {
        flushList();
        paragraph.push(line.trim());
      }
    });
    flushParagraph();
    flushList();
    return html.join('');
  }

  var api = { renderMarkdown: renderMarkdown, escapeHtml: escapeHtml };
  if (typeof module === 'object' && module.exports) module.exports = api;
  else root.DvtMarkdown = api;
})(this);
