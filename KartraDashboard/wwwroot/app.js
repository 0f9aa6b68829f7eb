// Small helpers the pages call through JS interop.
window.kartraDashboard = {
  copy: async function (text) {
    try { await navigator.clipboard.writeText(text); return true; }
    catch { return false; }
  },
  download: function (url) {
    const a = document.createElement('a');
    a.href = url;
    a.download = '';
    document.body.appendChild(a);
    a.click();
    a.remove();
  }
};
