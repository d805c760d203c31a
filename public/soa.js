// The SoA builder, with JavaScript: keeps the draft in this browser (localStorage) as the
// reader types, restores it on the next visit, filters the controls without reloading, and
// offers to clear the draft. Nothing is sent anywhere until the download button is pressed.
(function () {
  'use strict';
  var KEY = 'kawaraban-soa-draft';
  var form = document.querySelector('form.soa-form');
  if (!form) return;

  function fields() {
    return Array.prototype.slice.call(form.querySelectorAll('input[name], select[name], textarea[name]'));
  }
  function save() {
    var data = {};
    fields().forEach(function (el) {
      if (el.value) data[el.name] = el.value;
    });
    try {
      localStorage.setItem(KEY, JSON.stringify(data));
    } catch (e) {
      /* storage full or off: the form still works */
    }
  }
  function restore() {
    var raw;
    try {
      raw = localStorage.getItem(KEY);
    } catch (e) {
      return;
    }
    if (!raw) return;
    var data;
    try {
      data = JSON.parse(raw);
    } catch (e) {
      return;
    }
    fields().forEach(function (el) {
      if (Object.prototype.hasOwnProperty.call(data, el.name)) el.value = String(data[el.name]);
    });
  }

  // A file just imported wins over an older draft; otherwise the draft comes back.
  if (form.getAttribute('data-imported') === 'true') save();
  else restore();
  form.addEventListener('input', save);
  form.addEventListener('change', save);

  var clear = form.querySelector('.soa-clear');
  if (clear) {
    clear.hidden = false;
    clear.addEventListener('click', function () {
      if (!window.confirm('このブラウザーに保存した下書きを消して、入力を空にしますか？')) return;
      try {
        localStorage.removeItem(KEY);
      } catch (e) {
        /* nothing to clear */
      }
      fields().forEach(function (el) {
        el.value = el.tagName === 'SELECT' ? '' : el.name === 'version' ? '1.0' : '';
      });
    });
  }

  // Filtering in place, when the whole list is on the page: every control stays in the
  // form (hidden ones are still sent), so nothing typed is lost.
  var filter = document.querySelector('form.soa-filter');
  var count = document.getElementById('soa-count');
  var all = form.querySelectorAll('fieldset.soa-control');
  if (filter && all.length === 93) {
    filter.addEventListener('submit', function (ev) {
      ev.preventDefault();
      var theme = filter.elements.theme.value;
      var attr = filter.elements.attr.value;
      var shown = 0;
      Array.prototype.forEach.call(all, function (fs) {
        var ok =
          (!theme || fs.getAttribute('data-theme') === theme) &&
          (!attr || (' ' + fs.getAttribute('data-attrs') + ' ').indexOf(' ' + attr + ' ') >= 0);
        fs.hidden = !ok;
        if (ok) shown++;
      });
      Array.prototype.forEach.call(form.querySelectorAll('section.soa-theme'), function (sec) {
        sec.hidden = !sec.querySelector('fieldset.soa-control:not([hidden])');
      });
      if (count) count.textContent = shown + '件の管理策を表示しています（入力はすべて保たれます）。';
    });
  }
})();
