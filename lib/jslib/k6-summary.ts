// The only module that imports k6-jslib-summary (pinned to 0.1.0; the bundle guard allows exactly this
// URL). Everything else receives these functions as parameters, so Node tests never load the URL.
export { jUnit, textSummary } from 'https://jslib.k6.io/k6-summary/0.1.0/index.js';
