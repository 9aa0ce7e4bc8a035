// antd-mobile draws some controls as plain elements a keyboard (or a switch control, or a screen
// reader's "next control") cannot reach: a tappable List.Item is an <a> without href, a Selector
// chip is a <div>. Rather than wrap each of the dozens of uses, this makes every such element on the
// page a focusable button that Enter and Space press; a chip says whether it is chosen (aria-pressed).

const LIST_ITEM = 'a.adm-list-item:not([href])';
const NAV_BAR_LEFT = '.adm-nav-bar-left';
const INTERACTIVE = 'button, a[href], input, select, textarea, [role="button"], [tabindex]';
const CHIP = '.adm-selector-item';
const UPGRADED = 'data-keyboard';

function upgrade(root: ParentNode): void {
  for (const item of root.querySelectorAll<HTMLElement>(`${LIST_ITEM}:not([${UPGRADED}])`)) {
    item.setAttribute(UPGRADED, '');
    // A row holding a control of its own (a 风险上报 button) cannot itself be a button: that control
    // is what the keyboard reaches.
    if (item.querySelector(INTERACTIVE)) continue;
    item.setAttribute('role', 'button');
    if (!item.classList.contains('adm-list-item-disabled')) item.tabIndex = 0;
  }
  // NavBar's back area is a role=button div even when the page has no back button: empty, it is no
  // control at all; with 返回, it is named and the keyboard can reach it.
  for (const left of root.querySelectorAll<HTMLElement>(`${NAV_BAR_LEFT}:not([${UPGRADED}])`)) {
    left.setAttribute(UPGRADED, '');
    const text = left.textContent?.trim();
    if (!text) {
      left.removeAttribute('role');
      continue;
    }
    // antd-mobile hides its 返回 text from screen readers, which leaves the button unnamed.
    left.setAttribute('aria-label', text);
    left.tabIndex = 0;
  }
  for (const chip of root.querySelectorAll<HTMLElement>(CHIP)) {
    if (!chip.hasAttribute(UPGRADED)) {
      chip.setAttribute(UPGRADED, '');
      chip.setAttribute('role', 'button');
      chip.removeAttribute('aria-selected');
      chip.tabIndex = chip.classList.contains('adm-selector-item-disabled') ? -1 : 0;
      // The chips are a group of toggle buttons now, not a listbox of options.
      chip.closest('[role="listbox"]')?.setAttribute('role', 'group');
    }
    const pressed = String(chip.classList.contains('adm-selector-item-active'));
    if (chip.getAttribute('aria-pressed') !== pressed) chip.setAttribute('aria-pressed', pressed);
  }
}

export function installKeyboardAccess(doc: Document = document): () => void {
  let scheduled = false;
  const observer = new MutationObserver(() => {
    if (scheduled) return;
    scheduled = true;
    queueMicrotask(() => {
      scheduled = false;
      upgrade(doc.body);
    });
  });
  observer.observe(doc.body, {
    childList: true,
    subtree: true,
    attributes: true,
    attributeFilter: ['class'],
  });
  upgrade(doc.body);

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key !== 'Enter' && event.key !== ' ') return;
    const target = event.target as HTMLElement | null;
    if (!target?.hasAttribute(UPGRADED)) return;
    event.preventDefault();
    target.click();
  };
  doc.addEventListener('keydown', onKeyDown);
  return () => {
    observer.disconnect();
    doc.removeEventListener('keydown', onKeyDown);
  };
}
