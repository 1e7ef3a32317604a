/** The mark of WattLens: a bolt in a ring, drawn in SVG (also the favicon). */
const LOGO_PATH = 'M13.5 2 5 13.5h6L9.5 22 19 9.5h-6.2z';

const FAVICON = `data:image/svg+xml,${encodeURIComponent(
  `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"><rect width="24" height="24" rx="6" fill="#0b6e4f"/><path d="${LOGO_PATH}" fill="#fff"/></svg>`,
)}`;

/**
 * The dashboard page: a static skeleton that `/assets/app.js` fills from the snapshot and the
 * event stream. No inline script or style (the content security policy forbids them), no font or
 * file from elsewhere: it works offline.
 *
 * @returns The HTML document.
 */
export function renderPage(): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<meta name="referrer" content="no-referrer">
<title>WattLens · live impact of your AI requests</title>
<link rel="icon" href="${FAVICON}">
<link rel="stylesheet" href="/assets/app.css">
<script src="/assets/app.js" defer></script>
</head>
<body>
<header class="top">
  <div class="top__inner">
    <p class="brand"><svg class="brand__mark" viewBox="0 0 24 24" aria-hidden="true"><rect width="24" height="24" rx="6"/><path d="${LOGO_PATH}"/></svg><span>WattLens</span></p>
    <p class="top__sources" id="sources"></p>
    <p class="status" id="status" role="status" aria-live="polite" data-state="connecting"><span class="status__dot" aria-hidden="true"></span><span id="status-text">Connecting…</span></p>
  </div>
</header>
<main class="page">
  <noscript><p class="notice">This dashboard needs JavaScript to show live figures.</p></noscript>
  <p class="notice" id="empty" hidden>No request yet. Requests appear here as soon as they complete: wrap your client with <code>withImpact(client, { meter })</code> and pass the same meter to <code>startDashboard</code>, or point <code>wattlens dashboard --ledger</code> at your ledger file.</p>

  <section class="totals" aria-labelledby="totals-title">
    <h1 class="visually-hidden" id="totals-title">Running totals</h1>
    <article class="total" data-metric="energy">
      <h2 class="total__label">Energy</h2>
      <p class="total__value" id="total-energy" data-testid="total-energy">–</p>
      <p class="total__range" id="range-energy"></p>
      <dl class="total__facts">
        <div><dt>Per request</dt><dd id="energy-per-request">–</dd></div>
        <div><dt>Last minute</dt><dd id="energy-last-minute">–</dd></div>
      </dl>
    </article>
    <article class="total" data-metric="gwp">
      <h2 class="total__label">Greenhouse gases</h2>
      <p class="total__value" id="total-gwp" data-testid="total-gwp">–</p>
      <p class="total__range" id="range-gwp"></p>
      <div class="zone">
        <label class="zone__label" for="zone-select">Electricity grid</label>
        <select class="zone__select" id="zone-select" data-testid="zone-select">
          <option value="">As measured (each request's own grid)</option>
        </select>
        <p class="zone__note" id="zone-note" data-testid="zone-note"></p>
      </div>
    </article>
    <article class="total" data-metric="water">
      <h2 class="total__label">Water</h2>
      <p class="total__value" id="total-water" data-testid="total-water">–</p>
      <p class="total__range" id="range-water"></p>
      <dl class="total__facts">
        <div><dt>Per request</dt><dd id="water-per-request">–</dd></div>
        <div><dt>Last minute</dt><dd id="water-last-minute">–</dd></div>
      </dl>
    </article>
  </section>

  <section class="facts" aria-label="Requests and rate">
    <p class="fact"><span class="fact__value" id="requests" data-testid="requests">0</span> <span class="fact__label" id="requests-label">requests</span></p>
    <p class="fact"><span class="fact__value" id="tokens">0</span> <span class="fact__label">tokens in + out</span></p>
    <p class="fact"><span class="fact__value" id="rate">0</span> <span class="fact__label" id="rate-label">in the last minute</span></p>
  </section>

  <section class="equivalents" aria-labelledby="equivalents-title">
    <h2 class="section-title" id="equivalents-title">That is about</h2>
    <ul class="equivalents__list" id="equivalents" data-testid="equivalents"></ul>
  </section>

  <div class="row">
    <section class="panel panel--wide" aria-labelledby="series-title">
      <div class="panel__head">
        <h2 class="section-title" id="series-title">Last 10 minutes</h2>
        <div class="tabs" role="group" aria-label="Figure shown">
          <button type="button" class="tab" data-series="energy" aria-pressed="true">Energy</button>
          <button type="button" class="tab" data-series="gwp" aria-pressed="false">CO2e</button>
          <button type="button" class="tab" data-series="water" aria-pressed="false">Water</button>
        </div>
      </div>
      <div class="chart" id="series" data-testid="series"></div>
      <p class="panel__note">Each bar sums the requests that ended in a 5-second slot; the light outline is the upper bound of the estimate, cut at the top of the chart.</p>
    </section>
    <section class="panel" aria-labelledby="budgets-title">
      <h2 class="section-title" id="budgets-title">Budgets</h2>
      <ul class="alerts" id="alerts" data-testid="alerts" aria-live="polite"></ul>
      <ul class="budgets" id="budgets" data-testid="budgets"></ul>
      <p class="panel__note" id="budgets-empty">No budget set. Give your meter budgets (<code>new Meter({ budgets })</code>) to see how much of each is spent.</p>
    </section>
  </div>

  <section class="panel" aria-labelledby="providers-title">
    <h2 class="section-title" id="providers-title">By provider</h2>
    <div class="table-wrap"><table class="table" id="by-provider" data-testid="by-provider"></table></div>
  </section>
  <section class="panel" aria-labelledby="models-title">
    <h2 class="section-title" id="models-title">By model</h2>
    <div class="table-wrap"><table class="table" id="by-model" data-testid="by-model"></table></div>
  </section>

  <section class="panel" aria-labelledby="feed-title">
    <h2 class="section-title" id="feed-title">Latest requests</h2>
    <div class="table-wrap"><table class="table table--feed" id="feed" data-testid="feed"></table></div>
  </section>
</main>
<footer class="foot">
  <p>Estimates with ranges, from each request's model, tokens and latency (methodology: see WattLens' docs/methodology.md). Greenhouse gases include the hardware's manufacturing share; water counts the datacenter's cooling and the water used to generate its electricity.
  This page receives counts and figures only: never the text of a prompt or a reply. <span id="skipped"></span></p>
</footer>
</body>
</html>
`;
}
