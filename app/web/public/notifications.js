// Live notifications (progressive enhancement): listens to /notifications/live, keeps the header's
// "Notifications (n)" up to date and shows a small polite toast for each new one. Without JavaScript,
// or without EventSource, the count is the one the page was rendered with. EventSource reconnects by itself.
(function () {
  var link = document.querySelector('a.notifications-link');
  var region = document.querySelector('.toasts');
  if (!link || !region || !window.EventSource) return;
  var lastId = null;
  var first = true;
  var source = null;

  function showCount(unread) {
    link.setAttribute('data-unread', String(unread));
    link.textContent = unread > 0 ? link.getAttribute('data-label-unread').replace('{count}', String(unread)) : link.getAttribute('data-label');
  }

  function toast(notification) {
    var box = document.createElement('div');
    box.className = 'toast';
    box.setAttribute('data-notification', notification.id);
    var open = document.createElement('a');
    open.href = notification.openUrl;
    open.textContent = notification.message;
    var close = document.createElement('button');
    close.type = 'button';
    close.className = 'link';
    close.textContent = link.getAttribute('data-dismiss');
    close.addEventListener('click', function () { box.remove(); });
    box.appendChild(open);
    box.appendChild(document.createTextNode(' '));
    box.appendChild(close);
    region.appendChild(box);
    while (region.children.length > 3) region.removeChild(region.firstChild);
  }

  function onNews(event) {
    var news = JSON.parse(event.data);
    link.setAttribute('data-live', 'on');
    showCount(news.unread);
    var latest = news.latest;
    // The first event tells what the page already shows; a toast is for what arrives after it.
    if (latest && !first && latest.readAt === null && (lastId === null || latest.id > lastId)) toast(latest);
    if (latest && (lastId === null || latest.id > lastId)) lastId = latest.id;
    first = false;
  }

  function connect() {
    source = new EventSource('/notifications/live');
    source.addEventListener('notifications', onNews);
  }

  // A page left for another frees its connection on the box at once; coming back (history) reconnects.
  window.addEventListener('pagehide', function () { if (source) source.close(); source = null; });
  window.addEventListener('pageshow', function (event) { if (event.persisted && !source) connect(); });
  connect();
})();
