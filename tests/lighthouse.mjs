// Runs Lighthouse (its default: the mobile preset, simulated throttling) on each URL given, one after another
// in one headless Debian Chromium, and prints one JSON line per run: the category scores, the audits that
// did not pass, the performance metrics and the machine's benchmark index. Used by tests/test_lighthouse.py.
// Usage: node tests/lighthouse.mjs URL...
import lighthouse from "lighthouse";
import * as chromeLauncher from "chrome-launcher";

const CATEGORIES = ["performance", "accessibility", "best-practices", "seo"];
const METRICS = ["first-contentful-paint", "largest-contentful-paint", "total-blocking-time", "cumulative-layout-shift", "speed-index"];

const chrome = await chromeLauncher.launch({
  chromePath: process.env.CHROME_PATH || "/usr/bin/chromium",
  chromeFlags: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"],
});
try {
  for (const url of process.argv.slice(2)) {
    const { lhr } = await lighthouse(url, { port: chrome.port, logLevel: "error", onlyCategories: CATEGORIES });
    const failed = [];
    for (const id of CATEGORIES) {
      for (const ref of lhr.categories[id].auditRefs) {
        const audit = lhr.audits[ref.id];
        if (id !== "performance" && audit.score !== null && audit.score < 1 && audit.scoreDisplayMode !== "informative") {
          failed.push({ category: id, id: audit.id, title: audit.title, score: audit.score, value: audit.displayValue || "" });
        }
      }
    }
    console.log(JSON.stringify({
      url, lighthouse: lhr.lighthouseVersion, formFactor: lhr.configSettings.formFactor,
      throttling: lhr.configSettings.throttlingMethod, benchmarkIndex: lhr.environment.benchmarkIndex,
      scores: Object.fromEntries(CATEGORIES.map((id) => [id, lhr.categories[id].score])),
      metrics: Object.fromEntries(METRICS.map((id) => [id, lhr.audits[id].displayValue])),
      runtimeError: lhr.runtimeError ? lhr.runtimeError.message : null, failed,
    }));
  }
} finally {
  await chrome.kill();
}
