import type { signForm } from './form';

declare global {
  interface Window {
    /** Set by widget-form.js, which widget.js loads for `data-variant="full"` only. */
    solidarityForm?: typeof signForm;
  }
}

export {};
