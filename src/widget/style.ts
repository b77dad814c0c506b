/** The widget's own styles, inside its shadow root: the host page's CSS cannot reach in, nor ours out. */
export const CSS = `:host{all:initial;display:block;max-width:420px;margin:8px 0}
.w{font:15px/1.4 system-ui,sans-serif;color:#222;background:#fff;border:1px solid #ddd;border-radius:8px;padding:12px}
p{margin:0 0 6px}.t{font-weight:700}.n b{font-size:1.5em}
.b{height:10px;background:#eee;border-radius:5px;overflow:hidden}
.b i{display:block;height:100%;width:0;background:#b3261e}
@media (prefers-reduced-motion:no-preference){.b i{transition:width .6s}}
a{color:#b3261e}.s,button{display:inline-block;margin-top:8px;padding:6px 14px;background:#b3261e;color:#fff;border:0;border-radius:4px;font:inherit;font-weight:700;text-decoration:none;cursor:pointer}
form{display:grid;gap:6px;margin-top:10px}input,select{font:inherit;padding:5px}label{font-size:.9em}
.m{margin-top:8px}`;
