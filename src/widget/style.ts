/** The widget's own styles, inside its shadow root: the host page's CSS cannot reach in (`all: initial`), nor ours out. */
export const CSS = `:host{all:initial;display:block;max-width:420px;margin:8px 0}
.w{font:15px/1.4 system-ui,sans-serif;color:#1c1b1a;background:#fff;border:1px solid #e3ddd2;border-radius:12px;padding:12px 14px}
p{margin:0 0 6px}.t{font-weight:700}.n b{font-size:1.6em;font-weight:800}
.b{height:12px;background:#f0e4dd;border-radius:6px;overflow:hidden}
.b i{display:block;height:100%;width:0;background:#b3261e;border-radius:6px}
@media (prefers-reduced-motion:no-preference){.b i{transition:width .6s}}
a{color:#8c1c15}.s,button{display:inline-block;margin-top:10px;padding:8px 18px;background:#b3261e;color:#fff;border:0;border-radius:8px;font:inherit;font-weight:700;text-decoration:none;cursor:pointer}
form{display:grid;gap:8px;margin-top:10px}form>*{min-width:0}input,select{font:inherit;padding:6px 8px;border:1px solid #8f897e;border-radius:6px;max-width:100%;box-sizing:border-box}button{max-width:100%}label{font-size:.9em}
.m{margin-top:8px}`;
