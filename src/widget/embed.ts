import { guard } from './net';
import { liveCounts } from './live';

// The iframe embed: a live count, and its height told to the parent page (the widget
// script, when the host has it, sizes the frame; without it the frame keeps its height).
// `?interval=` (seconds, at least 2) sets how often it polls; the default suits a page view.
guard(() => {
  const seconds = Number(new URLSearchParams(location.search).get('interval'));
  liveCounts(Math.max(2, seconds > 0 ? seconds : 30) * 1000);
  if (window.parent === window) return;
  let last = 0;
  const send = guard(() => {
    const height = Math.ceil(document.documentElement.scrollHeight);
    if (height === last) return;
    last = height;
    // Only a number is sent; any page may frame us, so any page may hear it.
    window.parent.postMessage({ type: 'solidarity:height', height }, '*');
  });
  send();
  new ResizeObserver(send).observe(document.body);
})();
