import { guard } from './net';

/** A button that copies the value of the input it names (`data-copy-link`), shown only where that can work. */
function copyButton(button: HTMLButtonElement): void {
  const input = document.getElementById(button.dataset.copyLink ?? '');
  if (!(input instanceof HTMLInputElement) || !navigator.clipboard) return;
  const label = button.textContent ?? '';
  button.hidden = false;
  button.addEventListener(
    'click',
    guard(async () => {
      input.select();
      try {
        await navigator.clipboard.writeText(input.value);
        button.textContent = button.dataset.copied ?? label;
      } catch {
        button.textContent = button.dataset.byHand ?? label;
      }
      setTimeout(() => (button.textContent = label), 2500);
    }),
  );
}

// The thank-you page: the browser's own share sheet where it has one, and copy buttons.
// Without this script the page still has a selectable link and a link per channel.
guard(() => {
  const native = document.querySelector<HTMLButtonElement>('[data-share-native]');
  if (native && typeof navigator.share === 'function') {
    const { title = '', text = '', url = '' } = native.dataset;
    native.hidden = false;
    native.addEventListener(
      'click',
      guard(async () => {
        try {
          await navigator.share({ title, text, url });
        } catch {
          // Cancelled, or refused: the links below are still there.
        }
      }),
    );
  }
  for (const button of document.querySelectorAll<HTMLButtonElement>('[data-copy-link]')) copyButton(button);
})();
