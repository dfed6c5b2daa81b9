// @mention type-ahead for post forms (progressive enhancement: without it, typing @slug works the same).
// While the word before the caret is "@something", suggests the elements the box's /api/v1/mentions
// finds (what the person may see), as an ARIA combobox: arrows move, Enter or Tab inserts "@slug ".
(function () {
  document.querySelectorAll('textarea[data-mentions]').forEach(function (area, index) {
    var endpoint = area.getAttribute('data-mentions');
    var list = document.createElement('ul');
    list.id = 'mentions-' + index;
    list.className = 'mention-list';
    list.setAttribute('role', 'listbox');
    list.hidden = true;
    area.insertAdjacentElement('afterend', list);
    area.setAttribute('aria-autocomplete', 'list');
    area.setAttribute('aria-controls', list.id);
    area.setAttribute('aria-expanded', 'false');
    var items = [];
    var active = -1;
    var pending = null;
    var timer = null;

    function word() {
      var before = area.value.slice(0, area.selectionStart);
      var match = /(^|[\s(])@([A-Za-z0-9-]{1,40})$/.exec(before);
      return match ? { text: match[2], start: before.length - match[2].length - 1 } : null;
    }
    function close() {
      list.hidden = true;
      list.textContent = '';
      items = [];
      active = -1;
      area.setAttribute('aria-expanded', 'false');
      area.removeAttribute('aria-activedescendant');
    }
    function highlight(next) {
      active = (next + items.length) % items.length;
      Array.prototype.forEach.call(list.children, function (li, i) { li.setAttribute('aria-selected', i === active ? 'true' : 'false'); });
      area.setAttribute('aria-activedescendant', list.id + '-' + active);
    }
    function choose(i) {
      var current = word();
      if (!current || !items[i]) return close();
      var slug = items[i].slug;
      var after = area.value.slice(area.selectionStart);
      area.value = area.value.slice(0, current.start) + '@' + slug + ' ' + after;
      var caret = current.start + slug.length + 2;
      area.setSelectionRange(caret, caret);
      close();
      area.focus();
    }
    function show(found) {
      items = found;
      list.textContent = '';
      if (items.length === 0) return close();
      items.forEach(function (item, i) {
        var li = document.createElement('li');
        li.id = list.id + '-' + i;
        li.setAttribute('role', 'option');
        li.setAttribute('data-slug', item.slug);
        li.textContent = item.name + ' (@' + item.slug + ')';
        // mousedown, not click: the textarea keeps its focus and caret.
        li.addEventListener('mousedown', function (event) { event.preventDefault(); choose(i); });
        list.appendChild(li);
      });
      list.hidden = false;
      area.setAttribute('aria-expanded', 'true');
      highlight(0);
    }
    function suggest() {
      var current = word();
      if (!current) return close();
      if (pending) pending.abort();
      pending = new AbortController();
      fetch(endpoint + '?q=' + encodeURIComponent(current.text), { signal: pending.signal, credentials: 'same-origin' })
        .then(function (response) { return response.ok ? response.json() : { items: [] }; })
        .then(function (data) { show(data.items || []); })
        .catch(function () { /* aborted by the next keystroke, or offline: no suggestion */ });
    }
    area.addEventListener('input', function () {
      clearTimeout(timer);
      timer = setTimeout(suggest, 120);
    });
    area.addEventListener('keydown', function (event) {
      if (list.hidden) return;
      if (event.key === 'ArrowDown') highlight(active + 1);
      else if (event.key === 'ArrowUp') highlight(active - 1);
      else if (event.key === 'Enter' || event.key === 'Tab') choose(active);
      else if (event.key === 'Escape') close();
      else return;
      event.preventDefault();
    });
    area.addEventListener('blur', function () { setTimeout(close, 150); });
  });
})();
