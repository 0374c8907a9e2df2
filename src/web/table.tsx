// A data table on a narrow screen: as wide as its columns need, scrolled sideways inside the page
// (never the page itself: at 360 px nothing else may move), long words broken (styles.css
// .table-scroll). Keyboard users reach the scrolling region (tabindex) and hear its name.
import type { ComponentChildren } from 'preact';

export function TableScroll({ labelledBy, children }: { labelledBy: string; children: ComponentChildren }) {
  return (
    <div class="table-scroll" role="region" aria-labelledby={labelledBy} tabIndex={0}>
      {children}
    </div>
  );
}
