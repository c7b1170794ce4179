// Keyboard shortcuts for Readout's reading pages. Progressive enhancement only: every page works without this file.
(() => {
  // The same list /help shows; keep the two in step (src/web/pages/help.tsx).
  const shortcuts = [
    [['j'], 'select the next article'],
    [['k'], 'select the previous article'],
    [['Enter'], 'open the selected article'],
    [['u', 'Backspace'], 'go back to the list'],
    [['t'], 'on an article, open its story'],
    [['?'], 'show or hide this list'],
    [['Esc'], 'close this list'],
  ];

  const items = () => Array.from(document.querySelectorAll('[data-key="item"]'));
  const backLink = () => document.querySelector('a[data-key="back"]');
  let overlay = null;

  /** Keys typed into a form field or editable text belong to the field, not to us. */
  function isTyping(target) {
    if (!(target instanceof HTMLElement)) return false;
    return target.isContentEditable || target.matches('input, textarea, select');
  }

  /** The item the reader is on: the one holding focus (they may have tabbed there), else the selected one. */
  function currentIndex(list) {
    const focused = document.activeElement?.closest?.('[data-key="item"]');
    if (focused) return list.indexOf(focused);
    return list.findIndex((item) => item.classList.contains('selected'));
  }

  function select(list, index) {
    const target = list[Math.max(0, Math.min(index, list.length - 1))];
    for (const item of list) item.classList.toggle('selected', item === target);
    target.scrollIntoView({ block: 'nearest' });
    target.querySelector('a')?.focus({ preventScroll: true });
  }

  function move(step) {
    const list = items();
    if (list.length === 0) return false;
    const index = currentIndex(list);
    select(list, index === -1 ? 0 : index + step);
    return true;
  }

  function openSelected(event) {
    // Enter on a focused link or button already does the right thing natively.
    if (event.target instanceof Element && event.target.closest('a, button')) return false;
    const selected = document.querySelector('[data-key="item"].selected a');
    if (!selected) return false;
    selected.click();
    return true;
  }

  function goBack() {
    const link = backLink();
    if (!link) return false;
    link.click();
    return true;
  }

  /** From an article to the story it is an account of; only articles told by other outlets too have the link. */
  function openStory() {
    const link = document.querySelector('a[data-key="story"]');
    if (!link) return false;
    link.click();
    return true;
  }

  /**
   * Going back through history keeps the list's scroll position; only do it when the page the reader came
   * from really is the list the link names, so the link never takes a reader somewhere else. (A
   * "Referrer-Policy: no-referrer" header empties document.referrer, and then the href always stands.)
   */
  function cameFromBackTarget(link) {
    if (!document.referrer || window.history.length < 2) return false;
    try {
      const referrer = new URL(document.referrer);
      return referrer.origin === window.location.origin && referrer.href === new URL(link.href).href;
    } catch {
      return false;
    }
  }

  function buildOverlay() {
    const dialog = document.createElement('dialog');
    dialog.className = 'keys-help';
    dialog.setAttribute('aria-labelledby', 'keys-help-title');

    const title = document.createElement('h2');
    title.id = 'keys-help-title';
    title.textContent = 'Keyboard shortcuts';

    const list = document.createElement('dl');
    list.className = 'shortcuts';
    for (const [keys, action] of shortcuts) {
      const row = document.createElement('div');
      const term = document.createElement('dt');
      keys.forEach((key, index) => {
        if (index > 0) term.append(' or ');
        const kbd = document.createElement('kbd');
        kbd.textContent = key;
        term.append(kbd);
      });
      const description = document.createElement('dd');
      description.textContent = action;
      row.append(term, description);
      list.append(row);
    }

    const actions = document.createElement('p');
    actions.className = 'keys-help-actions';
    const more = document.createElement('a');
    more.href = '/help';
    more.textContent = 'More help';
    const close = document.createElement('button');
    close.type = 'button';
    close.textContent = 'Close';
    // Land on Close rather than the first link, so Enter or Space dismisses the list.
    close.autofocus = true;
    close.addEventListener('click', () => dialog.close());
    actions.append(more, close);

    dialog.append(title, list, actions);
    // A click on the backdrop lands on the dialog itself: treat it as "close".
    dialog.addEventListener('click', (event) => {
      if (event.target === dialog) dialog.close();
    });
    document.body.append(dialog);
    return dialog;
  }

  function toggleOverlay() {
    overlay ??= buildOverlay();
    if (overlay.open) overlay.close();
    else overlay.showModal();
    return true;
  }

  function closeOverlay() {
    if (!overlay?.open) return false;
    overlay.close();
    return true;
  }

  document.addEventListener('keydown', (event) => {
    if (event.defaultPrevented || event.isComposing) return;
    if (event.ctrlKey || event.altKey || event.metaKey) return;
    if (isTyping(event.target)) return;

    let handled = false;
    if (event.key === '?') handled = toggleOverlay();
    else if (event.key === 'Escape') handled = closeOverlay();
    else if (overlay?.open)
      return; // the overlay is modal: other keys wait until it closes
    else if (event.key === 'j') handled = move(1);
    else if (event.key === 'k') handled = move(-1);
    else if (event.key === 'Enter') handled = openSelected(event);
    else if (event.key === 'u' || event.key === 'Backspace') handled = goBack();
    else if (event.key === 't') handled = openStory();

    if (handled) event.preventDefault();
  });

  document.addEventListener('click', (event) => {
    if (event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) return;
    const link = event.target instanceof Element ? event.target.closest('a[data-key="back"]') : null;
    if (!link || !cameFromBackTarget(link)) return;
    event.preventDefault();
    window.history.back();
  });
})();
