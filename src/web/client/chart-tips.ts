// The dashboard charts' tooltips (bundled by scripts/build-client.mjs into src/web/static/build/
// chart-tips.js). Every mark of a server-rendered chart (src/modules/transparency/charts.tsx) carries its
// figure twice: a <title>, the browser's own tooltip on hover without JavaScript, and data-tip. Where
// this runs, the <title>s go (no double tooltip) and one tooltip shows the figure under a mouse, on a
// tap (phones have no hover) and stays while the pointer moves onto it; Escape or a tap elsewhere hides
// it. It is aria-hidden: the table beside each chart gives assistive technology the same figures.

const HIDE_AFTER_MS = 300;

function init() {
  const marks = [...document.querySelectorAll<SVGElement>('svg.chart [data-tip]')];
  if (marks.length === 0) return;
  for (const mark of marks) mark.querySelector('title')?.remove();

  const tip = document.createElement('div');
  tip.className = 'chart-tip';
  tip.setAttribute('aria-hidden', 'true');
  tip.hidden = true;
  document.body.append(tip);

  let hideTimer: ReturnType<typeof setTimeout> | undefined;
  let pinned = false;
  const hide = () => {
    clearTimeout(hideTimer);
    tip.hidden = true;
    pinned = false;
  };
  const hideSoon = () => {
    clearTimeout(hideTimer);
    if (!pinned) hideTimer = setTimeout(hide, HIDE_AFTER_MS);
  };
  const show = (mark: SVGElement, x: number, y: number) => {
    clearTimeout(hideTimer);
    tip.textContent = mark.dataset.tip ?? '';
    tip.hidden = false;
    // Beside the pointer, kept inside the viewport (a 360-px phone included).
    const width = tip.offsetWidth;
    const left = Math.min(Math.max(4, x + 12), document.documentElement.clientWidth - width - 4);
    tip.style.left = `${left + window.scrollX}px`;
    tip.style.top = `${y + 16 + window.scrollY}px`;
  };

  for (const mark of marks) {
    mark.addEventListener('pointerenter', (event) => {
      if (event.pointerType !== 'touch') show(mark, event.clientX, event.clientY);
    });
    mark.addEventListener('pointermove', (event) => {
      if (event.pointerType !== 'touch' && !pinned) show(mark, event.clientX, event.clientY);
    });
    mark.addEventListener('pointerleave', hideSoon);
    mark.addEventListener('pointerdown', (event) => {
      if (event.pointerType !== 'touch') return;
      show(mark, event.clientX, event.clientY);
      pinned = true;
    });
  }
  tip.addEventListener('pointerenter', () => clearTimeout(hideTimer));
  tip.addEventListener('pointerleave', hideSoon);
  document.addEventListener('pointerdown', (event) => {
    if (pinned && !(event.target instanceof Element && event.target.closest('svg.chart [data-tip]'))) hide();
  });
  document.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') hide();
  });
}

init();
