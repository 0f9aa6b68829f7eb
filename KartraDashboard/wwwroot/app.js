// Small helpers the pages call through JS interop.
window.kartraDashboard = {
  copy: async function (text) {
    try { await navigator.clipboard.writeText(text); return true; }
    catch { return false; }
  }
};
