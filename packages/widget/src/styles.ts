/** The widget's styles, applied inside its shadow root (pixel sizes: nothing inherited from the page). */
export function widgetStyles(color: string, position: 'left' | 'right'): string {
  return `
:host { all: initial; }
* { box-sizing: border-box; }
.root { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #111827; }
button { font: inherit; cursor: pointer; }
button:focus-visible, textarea:focus-visible, input:focus-visible, a:focus-visible { outline: 3px solid ${color}; outline-offset: 2px; }
.launcher { position: fixed; bottom: 20px; ${position}: 20px; width: 56px; height: 56px; border-radius: 50%;
  border: 0; background: ${color}; color: #fff; box-shadow: 0 4px 14px rgba(0,0,0,.25); display: flex;
  align-items: center; justify-content: center; z-index: 2147483000; }
.launcher svg { width: 26px; height: 26px; fill: currentColor; }
.panel { position: fixed; bottom: 88px; ${position}: 20px; width: 380px; height: 560px; max-height: calc(100vh - 108px);
  max-width: calc(100vw - 40px); background: #fff; border-radius: 14px; box-shadow: 0 10px 40px rgba(0,0,0,.3);
  display: flex; flex-direction: column; overflow: hidden; z-index: 2147483001; }
.panel[hidden] { display: none; }
.header { background: ${color}; color: #fff; padding: 12px 14px; display: flex; align-items: center; gap: 8px; }
.header h2 { font-size: 16px; margin: 0; flex: 1; font-weight: 600; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.header button { background: transparent; color: #fff; border: 0; font-size: 22px; width: 36px; height: 36px; border-radius: 8px; }
.log { flex: 1; overflow-y: auto; padding: 12px; display: flex; flex-direction: column; gap: 10px; background: #f9fafb; }
.message { max-width: 88%; padding: 8px 12px; border-radius: 12px; overflow-wrap: anywhere; }
.message p { margin: 0 0 6px; } .message p:last-child { margin-bottom: 0; }
.message ul, .message ol { margin: 4px 0; padding-left: 20px; }
.message code { font: 13px ui-monospace, monospace; background: rgba(0,0,0,.07); padding: 1px 4px; border-radius: 4px; }
.message a { color: ${color}; }
.user { align-self: flex-end; background: ${color}; color: #fff; }
.assistant { align-self: flex-start; background: #fff; border: 1px solid #e5e7eb; }
.notice { align-self: center; background: #fef3c7; color: #78350f; font-size: 14px; text-align: center; }
.error { align-self: stretch; background: #fee2e2; color: #7f1d1d; font-size: 14px; }
.sources { margin-top: 8px; border-top: 1px solid #e5e7eb; padding-top: 6px; font-size: 13px; color: #374151; }
.sources h3 { font-size: 12px; margin: 0 0 4px; text-transform: uppercase; letter-spacing: .04em; color: #4b5563; }
.sources ul { list-style: none; margin: 0; padding: 0; }
.sources li { margin-bottom: 4px; } .sources strong { display: block; }
.rating { display: flex; gap: 6px; margin-top: 6px; align-items: center; font-size: 13px; color: #4b5563; }
.rating button { border: 1px solid #d1d5db; background: #fff; border-radius: 6px; min-width: 32px; height: 28px; }
.rating svg { width: 16px; height: 16px; fill: currentColor; vertical-align: middle; }
.rating button[aria-pressed="true"] { background: ${color}; color: #fff; border-color: ${color}; }
.starters { display: flex; flex-wrap: wrap; gap: 6px; padding: 0 12px 8px; background: #f9fafb; }
.starters button, .action { border: 1px solid ${color}; color: ${color}; background: #fff; border-radius: 16px; padding: 4px 10px; font-size: 13px; }
.form { display: flex; gap: 8px; padding: 10px; border-top: 1px solid #e5e7eb; background: #fff; }
.form textarea { flex: 1; resize: none; font: inherit; padding: 8px 10px; border: 1px solid #d1d5db; border-radius: 8px; height: 42px; min-width: 0; color: #111827; background: #fff; }
.form button { background: ${color}; color: #fff; border: 0; border-radius: 8px; padding: 0 14px; }
.form button:disabled { opacity: .6; cursor: default; }
.hidden-label { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
@media (max-width: 480px) {
  .panel { top: 0; left: 0; right: 0; bottom: 0; width: 100%; height: 100%; max-width: 100%; max-height: 100%; border-radius: 0; }
}
`;
}
