// The editor's only script (served from our origin under the CSP): live preview through the
// server's renderer, the block palette's insert-at-cursor, and autosave of drafts.
(function () {
  'use strict';
  var form = document.getElementById('editor-form');
  if (!form) return;
  var textarea = document.getElementById('markdown');
  var title = document.getElementById('title');
  var preview = document.getElementById('preview');
  var previewError = document.getElementById('preview-error');
  var csrf = form.querySelector('input[name="_csrf"]').value;
  var revisionField = form.querySelector('input[name="revision"]');
  var postId = form.getAttribute('data-post-id');
  var status = form.getAttribute('data-status');

  function post(url, fields) {
    var body = new URLSearchParams(fields);
    return fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-csrf-token': csrf },
      body: body,
      credentials: 'same-origin',
    }).then(function (res) {
      return res.json().then(function (data) {
        return { ok: res.ok, status: res.status, data: data };
      });
    });
  }

  var timer = null;
  function refreshPreview() {
    post('/admin/preview', { title: title.value, markdown: textarea.value }).then(function (r) {
      if (!r.ok) return;
      previewError.textContent = r.data.error || '';
      if (r.data.html !== undefined) preview.innerHTML = r.data.html;
    });
  }
  function schedulePreview() {
    clearTimeout(timer);
    timer = setTimeout(refreshPreview, 400);
  }
  textarea.addEventListener('input', schedulePreview);
  title.addEventListener('input', schedulePreview);

  // The palette: buttons are hidden without script (the syntax list serves then).
  Array.prototype.forEach.call(document.querySelectorAll('.palette-item'), function (button) {
    button.hidden = false;
    button.addEventListener('click', function () {
      var snippet = button.getAttribute('data-snippet');
      var start = textarea.selectionStart;
      var end = textarea.selectionEnd;
      var before = textarea.value.slice(0, start);
      var after = textarea.value.slice(end);
      var prefix = before && !/\n\n$/.test(before) ? (/\n$/.test(before) ? '\n' : '\n\n') : '';
      textarea.value = before + prefix + snippet + '\n' + after;
      var caret = (before + prefix + snippet).length;
      textarea.focus();
      textarea.setSelectionRange(caret, caret);
      schedulePreview();
    });
  });

  // Autosave: drafts only, every 20 seconds when something changed.
  if (postId && (status === 'draft' || status === 'pending') && revisionField) {
    var last = title.value + '\u0000' + textarea.value;
    var note = document.createElement('p');
    note.className = 'hint';
    note.setAttribute('role', 'status');
    form.appendChild(note);
    setInterval(function () {
      var now = title.value + '\u0000' + textarea.value;
      if (now === last) return;
      post('/admin/posts/' + postId + '/autosave', { title: title.value, markdown: textarea.value, revision: revisionField.value }).then(
        function (r) {
          if (r.ok) {
            last = now;
            revisionField.value = String(r.data.revision);
            note.textContent = '自動保存しました（' + new Date().toLocaleTimeString('ja-JP') + '）';
          } else {
            note.textContent = r.data.error || '自動保存できませんでした';
          }
        },
      );
    }, 20000);
  }
})();
