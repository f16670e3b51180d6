// Loaded in <head> without defer, before the page paints: styles that need scripting key on html.js,
// so the collapsed menu never flashes open. A file, not an inline script: the CSP allows only the site.
document.documentElement.classList.add("js");
